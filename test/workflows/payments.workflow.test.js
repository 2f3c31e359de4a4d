// The templates themselves, through n8n's engine, against the simulator: payment events in, SIM states out.
// Braintree: the Braintree Trigger gets notifications signed by the official SDK. Stripe: n8n's Stripe Trigger
// cannot run here (it registers itself with Stripe's API), so its node is replaced by a Manual Trigger carrying
// the event it would emit — the rest of the template is as shipped.
const fs = require('fs');
const path = require('path');
const { runWorkflow, runWebhook } = require('../helpers/engine');
const { startSimulator, credentialsFor } = require('../helpers/terminal');
const stripeFixtures = require('../mapper/fixtures/stripe');
const { KEYS: keys, sdkGateway } = require('../braintree/helpers');

const { startStripeStandIn } = require('../../simulator/gateways/stripe');
const { startBraintreeStandIn } = require('../../simulator/gateways/braintree');

const template = (name) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'workflows', name), 'utf8'));

/** The template as imported, its mapper's Gateway Base URL pointed at a stand-in (as at a proxy). */
function withGatewayAt(workflow, url) {
	const mapperNode = workflow.nodes.find((n) => n.name === 'Payment Status Mapper');
	expect(mapperNode.parameters.confirmWithGateway).toBe(true);
	mapperNode.parameters.options = { ...mapperNode.parameters.options, gatewayBaseUrl: url };
	return workflow;
}
const BIKE = '8988303000000000051'; // bike-005 of the demo fleet: starts OFF
const DAY = 86400;

function puts(sim) {
	return sim.requests().filter((r) => r.method === 'PUT').map((r) => r.path.replace('/v1/', ''));
}

describe('Braintree template: Braintree Trigger → Mapper → Set State', () => {
	const gateway = sdkGateway();
	let sim;
	let state;
	let braintreeNow;
	beforeAll(async () => {
		sim = await startSimulator({ fleet: { count: 10, seed: 2, demo: true } });
		braintreeNow = await startBraintreeStandIn({ merchantId: keys.merchantId, publicKey: keys.publicKey, privateKey: keys.privateKey });
		state = { credentials: { ...credentialsFor(sim), braintreeApi: { environment: 'sandbox', ...keys } }, staticData: undefined };
	});
	afterAll(async () => {
		await sim.close();
		await braintreeNow.close();
	});
	/** What Braintree's API says about the bike's subscription from now on. */
	const subscriptionIs = (status) =>
		braintreeNow.setSubscriptions([{ id: `iccid-${BIKE}`, status, planId: 'bike-monthly', paidThroughDate: '2099-01-01', currentBillingCycle: 2, statusHistory: [], transactions: [] }]);

	/** Posts a notification as Braintree does and carries the workflow's static data to the next delivery. */
	async function deliver(body) {
		sim.resetRequests();
		const result = await runWebhook(withGatewayAt(template('braintree-subscriptions-to-sim.json'), braintreeNow.url), {
			nodeName: 'Braintree Trigger',
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body,
			rawBody: Buffer.from(new URLSearchParams(body).toString()),
			credentials: state.credentials,
			staticData: state.staticData,
		});
		if (result.started) {
			expect(result.run.status).toBe('success');
			state.staticData = result.run.staticData;
			state.credentials = result.run.credentials;
		}
		return result;
	}
	const sample = (kind) => gateway.webhookTesting.sampleNotification(kind, `iccid-${BIKE}`);

	test('went active → LIVE; charged again → no 1oT action; canceled → SUSPENDED and it stays so', async () => {
		expect(sim.states()[BIKE].primary).toBe('OFF');

		subscriptionIs('Active');
		const active = await deliver(sample('subscription_went_active'));
		expect(active.statusCode).toBe(200);
		expect(active.run.output('Payment Status Mapper', 0)).toEqual([expect.objectContaining({ iccid: BIKE, action: 'activate' })]);
		expect(puts(sim)).toEqual(['activate']);
		sim.settleAll();
		expect(sim.states()[BIKE]).toEqual({ primary: 'ON', secondary: 'LIVE' });

		const renewed = await deliver(sample('subscription_charged_successfully'));
		expect(renewed.run.output('SIM → LIVE')).toEqual([expect.objectContaining({ action: null, changed: false })]);
		expect(puts(sim)).toEqual([]);

		subscriptionIs('Canceled');
		const canceled = await deliver(sample('subscription_canceled'));
		expect(canceled.run.output('Payment Status Mapper', 1)).toEqual([expect.objectContaining({ iccid: BIKE, billingStatus: 'ended' })]);
		expect(puts(sim)).toEqual(['suspend']);
		sim.settleAll();
		expect(sim.states()[BIKE].secondary).toBe('SUSPENDED');

		// a late "charged" notification: Braintree says the subscription is Canceled now, so it stays suspended (or,
		// when the SDK's sample repeats the earlier one to the second, it is dropped as a repeat)
		const late = await deliver(sample('subscription_charged_successfully'));
		expect(late.run.output('Payment Status Mapper', 0)).toEqual([]);
		const [decision] = [...late.run.output('Payment Status Mapper', 1), ...late.run.output('Payment Status Mapper', 2)];
		expect(decision.reason).toMatch(/is "Canceled"|^Duplicate delivery/);
		expect(puts(sim)).toEqual([]);
		expect(sim.states()[BIKE].secondary).toBe('SUSPENDED');
	});

	test('a forged notification gets 403, starts nothing and changes no SIM', async () => {
		const real = sample('subscription_went_active');
		const forged = { bt_signature: `${keys.publicKey}|${'0'.repeat(40)}`, bt_payload: real.bt_payload };
		const before = sim.states();
		const result = await deliver(forged);
		expect(result.statusCode).toBe(403);
		expect(result.started).toBe(false);
		expect(sim.counts().total).toBe(0);
		expect(sim.states()).toEqual(before);
	});

	test("Braintree's URL check is answered", async () => {
		const challenge = '20f9f8ed05f77439fe955c977e4c8a53';
		const result = await runWebhook(template('braintree-subscriptions-to-sim.json'), {
			nodeName: 'Braintree Trigger',
			method: 'GET',
			query: { bt_challenge: challenge },
			credentials: state.credentials,
		});
		expect(result.statusCode).toBe(200);
		expect(String(result.responseBody)).toBe(gateway.webhookNotification.verify(challenge));
	});
});

describe('Stripe template: Stripe event → Mapper → Set State', () => {
	let sim;
	let state;
	let stripeNow;
	const SECRET = 'rk_test_template_read';
	beforeAll(async () => {
		sim = await startSimulator({ fleet: { count: 40, seed: 2, demo: true } });
		stripeNow = await startStripeStandIn({ secretKey: SECRET });
		state = { credentials: { ...credentialsFor(sim), stripeReadApi: { secretKey: SECRET } }, staticData: undefined };
	});
	afterAll(async () => {
		await sim.close();
		await stripeNow.close();
	});

	/**
	 * The template with its Stripe Trigger replaced by a Manual Trigger that emits `event`, as the trigger would;
	 * `subscriptions`: what Stripe's API says now (Confirm With Gateway reads it).
	 */
	async function deliver(event, subscriptions) {
		if (subscriptions) stripeNow.setSubscriptions(subscriptions);
		const workflow = withGatewayAt(template('stripe-subscriptions-to-sim.json'), stripeNow.url);
		const trigger = workflow.nodes.find((n) => n.name === 'Stripe Trigger');
		Object.assign(trigger, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
		workflow.pinData = { 'Stripe Trigger': [{ json: event }] };
		sim.resetRequests();
		const result = await runWorkflow(workflow, { credentials: state.credentials, staticData: state.staticData });
		expect(result.status).toBe('success');
		state.staticData = result.staticData;
		state.credentials = result.credentials;
		return result;
	}

	// Monthly periods: the first ended a month ago, the second yesterday, the third (failing) started yesterday.
	const now = Math.floor(Date.now() / 1000);
	const month = [now - 61 * DAY, now - 31 * DAY, now - DAY];
	const meta = { iccid: BIKE };
	const sub = (status, extra = {}) => stripeFixtures.subscription({ status, metadata: meta, periodStart: month[2], ...extra });
	let created = now - 100 * 60;
	const event = (type, object, extra) => stripeFixtures.event(type, object, { created: (created += 60), ...extra });

	test('the 9 EUR bike, month by month', async () => {
		// paid → LIVE
		await deliver(event('invoice.paid', stripeFixtures.invoice({ metadata: meta, billingReason: 'subscription_create', periodStart: month[0] })), [sub('active', { periodStart: month[0] })]);
		expect(puts(sim)).toEqual(['activate']);
		sim.settleAll();
		expect(sim.states()[BIKE]).toEqual({ primary: 'ON', secondary: 'LIVE' });

		// renewed while LIVE → no 1oT action
		await deliver(event('invoice.paid', stripeFixtures.invoice({ metadata: meta, periodStart: month[1] })), [sub('active', { periodStart: month[1] })]);
		expect(puts(sim)).toEqual([]);

		// renewal fails, Stripe still retrying → grace: stays LIVE, no 1oT state change
		const failed = await deliver(
			event('invoice.payment_failed', stripeFixtures.invoice({ metadata: meta, status: 'open', periodStart: month[2], nextPaymentAttempt: now + 3 * DAY })),
			[sub('past_due')],
		);
		expect(failed.output('Payment Status Mapper', 0)).toEqual([expect.objectContaining({ billingStatus: 'grace', action: 'activate' })]);
		expect(puts(sim)).toEqual([]);

		// Stripe gives up → SUSPENDED
		await deliver(event('customer.subscription.updated', sub('unpaid'), { previousAttributes: { status: 'past_due' } }), [sub('unpaid')]);
		expect(puts(sim)).toEqual(['suspend']);
		sim.settleAll();
		expect(sim.states()[BIKE].secondary).toBe('SUSPENDED');

		// paid again → LIVE
		await deliver(event('invoice.paid', stripeFixtures.invoice({ metadata: meta, periodStart: month[2], attemptCount: 4 })), [sub('active')]);
		expect(puts(sim)).toEqual(['resume']);
		sim.settleAll();

		// canceled → SUSPENDED
		const deleted = event('customer.subscription.deleted', sub('canceled', { canceledAt: now, endedAt: now }));
		await deliver(deleted, [deleted.data.object]);
		expect(puts(sim)).toEqual(['suspend']);
		sim.settleAll();

		// a late "active" (created before the cancellation): Stripe says canceled now, so it stays suspended (no 1oT
		// change); a repeated delivery is dropped before any read
		const late = await deliver(
			stripeFixtures.event('customer.subscription.updated', sub('active'), { created: deleted.created - 30 }),
		);
		expect(late.output('Payment Status Mapper', 1)).toEqual([expect.objectContaining({ action: 'suspend' })]);
		stripeNow.resetRequests();
		const again = await deliver(deleted);
		expect(again.output('Payment Status Mapper', 2)).toEqual([expect.objectContaining({ action: 'none' })]);
		expect(stripeNow.requests()).toEqual([]);
		expect(sim.counts().total).toBe(0);
		expect(sim.states()[BIKE].secondary).toBe('SUSPENDED');
	});

	test('an event wrapped in `body` by n8n Webhook node, with a 20-digit ICCID, is understood', async () => {
		const wide = sim.iccids().find((id) => id.length === 20);
		const delivery = stripeFixtures.signedDelivery(
			stripeFixtures.event('invoice.paid', stripeFixtures.invoice({ metadata: { iccid: wide }, subscriptionId: 'sub_1SIMsub000000000000077', periodStart: now })),
		);
		const result = await deliver(stripeFixtures.webhookNodeItem(delivery), [
			stripeFixtures.subscription({ id: 'sub_1SIMsub000000000000077', customer: 'cus_wide', status: 'active', metadata: { iccid: wide } }),
		]);
		expect(result.output('Payment Status Mapper', 0)).toEqual([expect.objectContaining({ iccid: wide, action: 'activate' })]);
		expect(result.output('SIM → LIVE')[0].iccid).toBe(wide);
	});

	test('an IMEI-keyed subscription reaches its SIM: Set State identifies it by IMEI', async () => {
		const iccid = '8988303000000000044'; // bike-004 of the demo fleet: SUSPENDED, in the device with this IMEI
		const byImei = { imei: '359131080000045' };
		expect(sim.states()[iccid].secondary).toBe('SUSPENDED');
		const subscription = stripeFixtures.subscription({ id: 'sub_imei', customer: 'cus_imei', status: 'active', metadata: byImei });
		const result = await deliver(event('invoice.paid', stripeFixtures.invoice({ metadata: byImei, subscriptionId: 'sub_imei', customer: 'cus_imei', periodStart: now })), [subscription]);
		expect(result.output('Payment Status Mapper', 0)).toEqual([expect.objectContaining({ action: 'activate', imei: byImei.imei })]);
		expect(result.output('Payment Status Mapper', 0)[0].iccid).toBeUndefined();
		expect(puts(sim)).toEqual(['resume']);
		sim.settleAll();
		expect(sim.states()[iccid].secondary).toBe('LIVE');
	});

	test('a device with two subscriptions: the old one ending does not suspend it while the new one is paid', async () => {
		const bike = '8988303000000000010'; // bike-001: LIVE
		const m = { iccid: bike };
		const old = stripeFixtures.subscription({ id: 'sub_old', customer: 'cus_two', status: 'canceled', metadata: m, canceledAt: now, endedAt: now });
		const fresh = stripeFixtures.subscription({ id: 'sub_new', customer: 'cus_two', status: 'active', metadata: m, periodStart: now });
		const result = await deliver(event('customer.subscription.deleted', old), [old, fresh]);
		expect(result.output('Payment Status Mapper', 0)).toEqual([expect.objectContaining({ action: 'activate', iccid: bike, subscriptionId: 'sub_old' })]);
		expect(result.output('Payment Status Mapper', 0)[0].reason).toMatch(/sub_new naming this device is paid/);
		expect(puts(sim)).toEqual([]);
		expect(sim.states()[bike].secondary).toBe('LIVE');
	});
});
