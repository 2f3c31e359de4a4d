// The any-gateway template (workflows/any-gateway-to-sim.json) through n8n's engine against the simulator: each
// gateway's subscription life — paid, renewed, failed and retried, given up, reactivated, canceled — ends in the
// same SIM decisions as the Stripe life in the README's table. Paddle, Chargebee and GoCardless deliveries are
// signed as the gateways sign them and go through the Payment Webhook Trigger; PayPal's events come as n8n's PayPal
// Trigger emits them (its node stands in as a Manual Trigger carrying the event).
const fs = require('fs');
const path = require('path');
const { runWorkflow, runWebhook } = require('../helpers/engine');
const { startSimulator, credentialsFor } = require('../helpers/terminal');
const { SECRETS, paddleSignature, gocardlessSignature, chargebeeAuthorization } = require('../paymentWebhook/signers');
const paddle = require('../mapper/fixtures/paddle');
const chargebee = require('../mapper/fixtures/chargebee');
const gc = require('../mapper/fixtures/gocardless');
const paypal = require('../mapper/fixtures/paypal');

const template = () => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'workflows', 'any-gateway-to-sim.json'), 'utf8'));
const BIKE = { iccid: '8988303000000000051', imei: '359131080000052' }; // bike-005 of the demo fleet: starts OFF
const DAY = 86400;
const NOW = Math.floor(Date.now() / 1000);
// Periods end in the past so that every event time is real: renewal 3 fails two days ago, grace runs 5 more days.
const P1 = NOW - 62 * DAY;
const P2 = NOW - 32 * DAY;
const P3 = NOW - 2 * DAY;
const P4 = P3 + 30 * DAY;
const iso = (s) => new Date(s * 1000).toISOString();

const CREDENTIAL = {
	paddle: { provider: 'paddle', secret: SECRETS.paddle },
	chargebee: { provider: 'chargebee', ...SECRETS.chargebee },
	gocardless: { provider: 'gocardless', secret: SECRETS.gocardless },
};

/** Signed request headers for a raw body, as each gateway sends them. */
const SIGN = {
	paddle: (raw) => ({ 'paddle-signature': paddleSignature(raw) }),
	chargebee: () => ({ authorization: chargebeeAuthorization() }),
	gocardless: (raw) => ({ 'webhook-signature': gocardlessSignature(raw) }),
};

/** One delivery through the template; the workflow's static data and credentials carry over to the next one. */
function deliverer(sim, provider) {
	const state = { staticData: undefined, credentials: { ...credentialsFor(sim), ...(CREDENTIAL[provider] ? { paymentWebhookApi: CREDENTIAL[provider] } : {}) } };
	return async (body) => {
		sim.resetRequests();
		let result;
		if (provider === 'paypal') {
			const wf = template();
			Object.assign(wf.nodes.find((n) => n.name === 'Payment Webhook Trigger'), { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
			wf.pinData = { 'Payment Webhook Trigger': [{ json: body }] };
			result = await runWorkflow(wf, { credentials: state.credentials, staticData: state.staticData });
			if (result.status !== 'success') throw new Error(`execution failed: ${result.error?.message} ${result.error?.description ?? ''}`);
		} else {
			const raw = JSON.stringify(body);
			const r = await runWebhook(template(), {
				nodeName: 'Payment Webhook Trigger',
				headers: { 'content-type': 'application/json', ...SIGN[provider](raw) },
				body,
				rawBody: Buffer.from(raw),
				credentials: state.credentials,
				staticData: state.staticData,
			});
			expect(r.started).toBe(true);
			if (r.statusCode !== 200) throw new Error(`execution failed: ${r.run.error?.message} ${r.run.error?.description ?? ""}`);
			expect(r.statusCode).toBe(200); // Respond: When Last Node Finishes
			result = r.run;
			expect(result.status).toBe('success');
		}
		state.staticData = result.staticData;
		state.credentials = result.credentials;
		const decisions = [0, 1, 2].flatMap((o) => result.output('Payment Status Mapper', o));
		sim.settleAll();
		return {
			decisions,
			actions: decisions.map((d) => d.action),
			puts: sim.requests().filter((q) => q.method === 'PUT').map((q) => q.path.replace('/v1/', '').split('?')[0]),
			sim: `${sim.states()[BIKE.iccid].primary}/${sim.states()[BIKE.iccid].secondary}`,
		};
	};
}

/**
 * Each gateway's life as [step, event, expected action(s), SIM state after]. The Stripe life in the README:
 * paid → Activate; renewal → Activate (no 1oT call); failed, retrying → No Action (grace); given up → Suspend;
 * paid again → Activate; canceled → Suspend for good.
 */
const LIVES = {
	paddle: () => {
		const sub = (status, start, end, updated, extra = {}) => paddle.subscription({ status, periodStart: iso(start), periodEnd: iso(end), updatedAt: iso(updated), customData: { iccid: BIKE.iccid }, ...extra });
		const ev = (type, data, at) => paddle.event(type, data, { occurredAt: iso(at) });
		const txn = (type, status, start, end, at) => paddle.transaction({ status, periodStart: iso(start), periodEnd: iso(end), billedAt: iso(at), customData: { iccid: BIKE.iccid } });
		return [
			['paid', ev('transaction.completed', txn('', 'completed', P1, P2, P1 + 60), P1 + 60), ['activate'], 'ON/LIVE'],
			['paid (subscription)', ev('subscription.activated', sub('active', P1, P2, P1 + 61), P1 + 61), ['activate'], 'ON/LIVE'],
			['renewed', ev('transaction.completed', txn('', 'completed', P2, P3, P2 + 60), P2 + 60), ['activate'], 'ON/LIVE'],
			['failed, retrying', ev('transaction.payment_failed', txn('', 'past_due', P3, P4, P3 + 3600), P3 + 3600), ['none'], 'ON/LIVE'],
			['past due', ev('subscription.past_due', sub('past_due', P3, P4, P3 + 3601), P3 + 3601), ['none'], 'ON/LIVE'],
			['given up', ev('subscription.paused', sub('paused', P3, P4, P3 + DAY, { pausedAt: iso(P3 + DAY) }), P3 + DAY), ['suspend'], 'ON/SUSPENDED'],
			['reactivated', ev('subscription.resumed', sub('active', P3, P4, P3 + 1.5 * DAY), P3 + 1.5 * DAY), ['activate'], 'ON/LIVE'],
			['canceled', ev('subscription.canceled', sub('canceled', P3, P4, P3 + 1.9 * DAY, { canceledAt: iso(P3 + 1.9 * DAY) }), P3 + 1.9 * DAY), ['suspend'], 'ON/SUSPENDED'],
			['late active', ev('subscription.updated', sub('active', P3, P4, P3 + 1.6 * DAY), P3 + 1.6 * DAY), ['none'], 'ON/SUSPENDED'],
		];
	},
	chargebee: () => {
		const sub = (status, start, version, extra = {}) => chargebee.subscription({ status, currentTermStart: start, currentTermEnd: start + 30 * DAY, resourceVersion: version * 1000, fields: { cf_iccid: BIKE.iccid }, ...extra });
		const ev = (type, content, at) => chargebee.event(type, content, { occurredAt: Math.floor(at) });
		return [
			['paid', ev('subscription_created', { subscription: sub('active', P1, P1 + 60) }, P1 + 60), ['activate'], 'ON/LIVE'],
			['paid (invoice)', ev('payment_succeeded', { subscription: sub('active', P1, P1 + 61), invoice: { id: '1', status: 'paid', date: P1 } }, P1 + 61), ['activate'], 'ON/LIVE'],
			['renewed', ev('subscription_renewed', { subscription: sub('active', P2, P2 + 60) }, P2 + 60), ['activate'], 'ON/LIVE'],
			['failed, retrying', ev('payment_failed', { subscription: sub('active', P3, P3 + 3600, { dueInvoicesCount: 1 }), invoice: { id: '3', status: 'payment_due', date: P3 } }, P3 + 3600), ['none'], 'ON/LIVE'],
			['given up', ev('subscription_paused', { subscription: sub('paused', P3, P3 + DAY) }, P3 + DAY), ['suspend'], 'ON/SUSPENDED'],
			['reactivated', ev('subscription_resumed', { subscription: sub('active', P3, P3 + 1.5 * DAY) }, P3 + 1.5 * DAY), ['activate'], 'ON/LIVE'],
			['canceled', ev('subscription_cancelled', { subscription: sub('cancelled', P3, P3 + 1.9 * DAY, { cancelledAt: P3 + 1.9 * DAY }) }, P3 + 1.9 * DAY), ['suspend'], 'ON/SUSPENDED'],
			['late renewal', ev('subscription_renewed', { subscription: sub('active', P3, P3 + 1.6 * DAY) }, P3 + 1.6 * DAY), ['none'], 'ON/SUSPENDED'],
		];
	},
	gocardless: () => {
		// GoCardless events carry the resource's metadata; this device is known by its IMEI.
		const meta = { imei: BIKE.imei };
		const ev = (type, action, at, extra = {}) => gc.webhook([gc.event(type, action, { createdAt: iso(at), links: { subscription: 'SB0001', payment: `PM${Math.floor(at)}` }, resourceMetadata: meta, ...extra })]);
		const failed = (at, retry) => {
			const body = ev('payments', 'failed', at);
			body.events[0].details.will_attempt_retry = retry;
			body.events[0].details.cause = 'insufficient_funds';
			return body;
		};
		return [
			['paid', ev('subscriptions', 'created', P1 + 60), ['activate'], 'ON/LIVE'],
			['paid (collected)', ev('payments', 'confirmed', P1 + 4 * DAY), ['activate'], 'ON/LIVE'],
			['renewed', ev('payments', 'confirmed', P2 + 4 * DAY), ['activate'], 'ON/LIVE'],
			['failed, retrying', failed(P3 + 3600, true), ['none'], 'ON/LIVE'],
			['given up', failed(P3 + DAY, false), ['suspend'], 'ON/SUSPENDED'],
			['reactivated', ev('payments', 'confirmed', P3 + 1.5 * DAY), ['activate'], 'ON/LIVE'],
			['canceled', ev('subscriptions', 'cancelled', P3 + 1.9 * DAY), ['suspend'], 'ON/SUSPENDED'],
			['late payment', ev('payments', 'confirmed', P3 + 1.6 * DAY), ['none'], 'ON/SUSPENDED'],
		];
	},
	paypal: () => {
		const sub = (status, at, extra = {}) => paypal.subscription({ status, updateTime: iso(at), lastPaymentTime: iso(P1), nextBillingTime: iso(P2), customId: `iccid-${BIKE.iccid}`, ...extra });
		const ev = (type, resource, at) => paypal.event(type, resource, { createTime: iso(at) });
		return [
			['paid', ev('BILLING.SUBSCRIPTION.ACTIVATED', sub('ACTIVE', P1 + 60), P1 + 60), ['activate'], 'ON/LIVE'],
			['paid (sale)', ev('PAYMENT.SALE.COMPLETED', paypal.sale({ custom: `iccid-${BIKE.iccid}`, time: iso(P1 + 61) }), P1 + 61), ['activate'], 'ON/LIVE'],
			['renewed', ev('PAYMENT.SALE.COMPLETED', paypal.sale({ custom: `iccid-${BIKE.iccid}`, time: iso(P2 + 60) }), P2 + 60), ['activate'], 'ON/LIVE'],
			['failed, retrying', ev('BILLING.SUBSCRIPTION.PAYMENT.FAILED', sub('ACTIVE', P3 + 3600, { nextBillingTime: iso(P3), failedPaymentsCount: 1, lastFailedPaymentTime: iso(P3 + 3600) }), P3 + 3600), ['none'], 'ON/LIVE'],
			['given up', ev('BILLING.SUBSCRIPTION.SUSPENDED', sub('SUSPENDED', P3 + DAY, { failedPaymentsCount: 3 }), P3 + DAY), ['suspend'], 'ON/SUSPENDED'],
			['reactivated', ev('BILLING.SUBSCRIPTION.RE-ACTIVATED', sub('ACTIVE', P3 + 1.5 * DAY, { nextBillingTime: iso(P4) }), P3 + 1.5 * DAY), ['activate'], 'ON/LIVE'],
			['canceled', ev('BILLING.SUBSCRIPTION.CANCELLED', sub('CANCELLED', P3 + 1.9 * DAY), P3 + 1.9 * DAY), ['suspend'], 'ON/SUSPENDED'],
			['late sale', ev('PAYMENT.SALE.COMPLETED', paypal.sale({ custom: `iccid-${BIKE.iccid}`, time: iso(P3 + 1.6 * DAY) }), P3 + 1.6 * DAY), ['none'], 'ON/SUSPENDED'],
		];
	},
};

describe.each(Object.keys(LIVES))('%s: a subscription\'s life through the any-gateway template', (provider) => {
	let sim;
	beforeAll(async () => {
		sim = await startSimulator({ fleet: { count: 10, seed: 2, demo: true } });
	});
	afterAll(async () => sim.close());

	test('paid → LIVE; renewed → no 1oT call; failed → grace; given up → SUSPENDED; reactivated → LIVE; canceled → SUSPENDED for good', async () => {
		const deliver = deliverer(sim, provider);
		expect(sim.states()[BIKE.iccid].primary).toBe('OFF');
		const seen = [];
		for (const [step, event, actions, simState] of LIVES[provider]()) {
			const r = await deliver(event);
			seen.push([step, r.actions, r.sim]);
			expect([step, r.actions, r.sim]).toEqual([step, actions, simState]);
			if (step === 'renewed') expect(r.puts).toEqual([]);
			if (step.startsWith('late')) expect(r.decisions[0].reason).toMatch(/already ended|stale/);
		}
		const device = provider === 'gocardless' ? { imei: BIKE.imei } : { iccid: BIKE.iccid };
		expect(seen.length).toBeGreaterThan(6);
		// the device id came from the gateway's own field
		const again = await deliver(LIVES[provider]()[0][1]);
		expect(again.decisions[0]).toMatchObject({ gateway: provider, ...device });
	});
});
