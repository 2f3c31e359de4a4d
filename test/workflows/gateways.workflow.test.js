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
const { gatewayLives } = require('../mapper/fixtures/gatewayLives');

const template = () => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'workflows', 'any-gateway-to-sim.json'), 'utf8'));
const BIKE = { iccid: '8988303000000000051', imei: '359131080000052' }; // bike-005 of the demo fleet: starts OFF
const { LIVES } = gatewayLives(BIKE);

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
			if (step === 'renewed' || step === 'failed, retrying') expect(r.puts).toEqual([]);
			if (step.startsWith('late')) expect(r.decisions[0].reason).toMatch(/already ended|before the last event applied/);
		}
		const device = provider === 'gocardless' ? { imei: BIKE.imei } : { iccid: BIKE.iccid };
		expect(seen.length).toBeGreaterThan(6);
		// the device id came from the gateway's own field
		const again = await deliver(LIVES[provider]()[0][1]);
		expect(again.decisions[0]).toMatchObject({ gateway: provider, ...device });
	});
});
