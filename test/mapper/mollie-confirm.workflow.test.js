/**
 * Mollie through n8n's engine with Confirm With Gateway: Mollie's webhook carries only a payment id (`id=tr_…`, as
 * n8n's Webhook node emits the form post), so the mapper reads the payment and its subscription from the Mollie
 * stand-in (simulator/gateways/mollie.js) with the package's `mollieApi` credential, and the SIM follows the
 * subscription's state in the 1oT simulator. A failed read is an item error naming what was read; the key never shows.
 */
const mollie = require('./fixtures/mollie');
const { runWorkflow, manualWorkflow } = require('../helpers/engine');
const { startSimulator, credentialsFor } = require('../helpers/terminal');
const { startMollieStandIn } = require('../../simulator/gateways/mollie');

const MAPPER = 'Payment Status Mapper';
const KEY = 'test_molliekeymolliekeymolliekey42';
const BIKE = '8988303000000000051'; // bike-005 of the demo fleet: starts OFF

let standIn;
let sim;
let state;
beforeAll(async () => {
	standIn = await startMollieStandIn({ apiKey: KEY });
	sim = await startSimulator({ fleet: { count: 10, seed: 2, demo: true } });
	state = { staticData: undefined, credentials: { ...credentialsFor(sim), mollieApi: { apiKey: KEY } } };
});
afterAll(async () => {
	await standIn.close();
	await sim.close();
});

/** Webhook body → mapper (Mollie, confirm) → Set State, as a user wires it; the store carries over. */
async function deliver(body, { confirm = true } = {}) {
	const wf = manualWorkflow(
		[
			{ name: MAPPER, type: 'paymentStatusMapper', parameters: { gateway: 'mollie', confirmWithGateway: confirm, options: { gatewayBaseUrl: standIn.url } } },
			{ name: 'SIM → LIVE', type: 'oneOtTerminal', from: { node: MAPPER, output: 0 }, parameters: { resource: 'sim', operation: 'setState', identifyBy: 'iccid', iccid: '={{ $json.iccid }}', state: 'live', options: {} } },
			{ name: 'SIM → SUSPENDED', type: 'oneOtTerminal', from: { node: MAPPER, output: 1 }, parameters: { resource: 'sim', operation: 'setState', identifyBy: 'iccid', iccid: '={{ $json.iccid }}', state: 'suspended', options: {} } },
		],
		{ pinItems: [body] },
	);
	standIn.resetRequests();
	const result = await runWorkflow(wf, { credentials: state.credentials, staticData: state.staticData });
	state.staticData = result.staticData;
	state.credentials = result.credentials;
	sim.settleAll();
	const decisions = [0, 1, 2].flatMap((o) => result.output(MAPPER, o));
	return { result, decision: decisions[0], sim: `${sim.states()[BIKE].primary}/${sim.states()[BIKE].secondary}`, reads: standIn.requests().map((r) => r.path) };
}

const sub = (status, extra = {}) => mollie.subscription({ status, metadata: { iccid: BIKE }, nextPaymentDate: '2099-01-01', ...extra });
const webhook = (id) => ({ body: { id }, headers: { 'content-type': 'application/x-www-form-urlencoded' }, params: {}, query: {} });

test("a subscription's life from id-only webhooks: paid → LIVE, failed → grace, suspended → SUSPENDED, paid again → LIVE, canceled → SUSPENDED", async () => {
	const step = async (paymentStatus, subStatus, id) => {
		standIn.setPayments([mollie.payment({ id, status: paymentStatus })]);
		standIn.setSubscriptions([sub(subStatus)]);
		return deliver(webhook(id));
	};
	const paid = await step('paid', 'active', 'tr_first0001');
	expect(paid.decision).toMatchObject({ action: 'activate', gateway: 'mollie', iccid: BIKE, subscriptionId: 'sub_rVKGtNd6s3' });
	expect(paid.decision.reason).toMatch(/The gateway says now: payment tr_first0001 is "paid" and subscription sub_rVKGtNd6s3 is "active"\. Activate the SIM\.$/);
	expect(paid.reads).toEqual(['/v2/payments/tr_first0001', '/v2/customers/cst_stTC2WHAuS/subscriptions/sub_rVKGtNd6s3', '/v2/customers/cst_stTC2WHAuS/subscriptions']);
	expect(paid.sim).toBe('ON/LIVE');

	expect((await step('failed', 'active', 'tr_failed0002')).sim).toBe('ON/LIVE');
	const suspended = await step('failed', 'suspended', 'tr_failed0003');
	expect(suspended.decision).toMatchObject({ action: 'suspend' });
	expect(suspended.sim).toBe('ON/SUSPENDED');
	expect((await step('paid', 'active', 'tr_again0004')).sim).toBe('ON/LIVE');
	const canceled = await step('paid', 'canceled', 'tr_late0005');
	expect(canceled.decision).toMatchObject({ action: 'suspend', billingStatus: 'ended' });
	expect(canceled.sim).toBe('ON/SUSPENDED');
});

test('the same payment id again (Mollie calls on every status change) is read again, not dropped as a duplicate', async () => {
	standIn.setSubscriptions([sub('active', { id: 'sub_twice', customerId: 'cst_twice' })]);
	standIn.setPayments([mollie.payment({ id: 'tr_twice0001', status: 'paid', subscriptionId: 'sub_twice', customerId: 'cst_twice' })]);
	const first = await deliver(webhook('tr_twice0001'));
	const second = await deliver(webhook('tr_twice0001'));
	expect(first.reads[0]).toBe('/v2/payments/tr_twice0001');
	expect(second.reads[0]).toBe('/v2/payments/tr_twice0001');
	expect(second.decision.reason).not.toMatch(/duplicate/i);
});

test('without Confirm With Gateway the id-only webhook is an item error that says to turn it on', async () => {
	const { result } = await deliver(webhook('tr_noconfirm'), { confirm: false });
	expect(result.status).toBe('error');
	expect(result.error.message).toMatch(/turn on "Confirm With Gateway"/);
});

test('a payment Mollie does not know is an item error naming what was read; the key never shows', async () => {
	standIn.setPayments([]);
	const { result } = await deliver(webhook('tr_unknown01'));
	expect(result.status).toBe('error');
	expect(result.error.message).toMatch(/reading payment tr_unknown01 from Mollie failed: HTTP 404/);
	expect(JSON.stringify(result.error)).not.toContain(KEY);
});
