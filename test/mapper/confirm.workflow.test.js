/**
 * Confirm With Gateway through n8n's engine: the node reads the gateway with n8n's authenticated request helper and
 * the package's credentials (stripeReadApi, braintreeApi) from the stand-ins in simulator/gateways/, and decides
 * from what the gateway says now. A failed read is an item error naming what was read; no key ever shows.
 */
const S = require('./fixtures/stripe');
const { runWorkflow, manualWorkflow } = require('../helpers/engine');
const { startStripeStandIn } = require('../../simulator/gateways/stripe');
const { startBraintreeStandIn } = require('../../simulator/gateways/braintree');

const MAPPER = 'Payment Status Mapper';
const KEY = 'sk_test_confirm_4242424242';

async function mapper(items, parameters, credentials, { continueOnFail = false, staticData } = {}) {
	const workflow = manualWorkflow(
		[{ name: MAPPER, type: 'paymentStatusMapper', parameters, ...(continueOnFail ? { continueOnFail, onError: 'continueRegularOutput' } : {}) }],
		{ pinItems: items },
	);
	const result = await runWorkflow(workflow, { credentials, staticData });
	result.outputs = () => (result.runData[MAPPER]?.[0]?.data?.main ?? []).map((list) => (list ?? []).map((i) => i.json));
	return result;
}

describe('Stripe', () => {
	let standIn;
	const stripeParams = () => ({ gateway: 'stripe', confirmWithGateway: true, options: { gatewayBaseUrl: standIn.url } });
	const credentials = { stripeReadApi: { secretKey: KEY } };
	beforeAll(async () => {
		standIn = await startStripeStandIn({ secretKey: KEY });
	});
	afterAll(() => standIn.close());
	beforeEach(() => {
		standIn.setSubscriptions([]);
		standIn.setDisputes([]);
		standIn.setInvoices([]);
		standIn.setInvoicePayments([]);
		standIn.resetRequests();
	});

	test('a late "active" event for a subscription that is canceled now → Suspend, from the gateway, with the key sent', async () => {
		standIn.setSubscriptions([S.subscription({ id: 'sub_c1', status: 'canceled', canceledAt: 1793500000, endedAt: 1793500000 })]);
		const late = S.event('customer.subscription.updated', S.subscription({ id: 'sub_c1', status: 'active' }));
		const result = await mapper([late], stripeParams(), credentials);
		expect(result.status).toBe('success');
		const [activate, suspend] = result.outputs();
		expect(activate).toEqual([]);
		expect(suspend[0]).toMatchObject({ action: 'suspend', iccid: S.ICCID, subscriptionId: 'sub_c1' });
		expect(suspend[0].reason).toMatch(/The gateway says now: subscription sub_c1 is "canceled"\. Suspend the SIM\.$/);
		const paths = standIn.requests().map((r) => `${r.status} ${r.path}`);
		expect(paths[0]).toBe('200 /v1/subscriptions/sub_c1');
		expect(paths).toContain('200 /v1/subscriptions');
	});

	test('a real dispute (no device on it) is followed charge → invoice payment → invoice → subscription, and suspends the device', async () => {
		const inv = S.invoice({ id: 'in_d1', subscriptionId: 'sub_d1' });
		standIn.setSubscriptions([{ ...S.subscription({ id: 'sub_d1', status: 'active' }), latest_invoice: 'in_d1' }]);
		standIn.setInvoices([inv]);
		standIn.setInvoicePayments([{ invoice: 'in_d1', paymentIntent: 'pi_d1', charge: 'ch_d1' }]);
		const dispute = { ...S.dispute({ id: 'dp_d1', metadata: {} }), charge: 'ch_d1', payment_intent: 'pi_d1' };
		standIn.setDisputes([dispute]);
		const result = await mapper([S.event('charge.dispute.created', dispute)], stripeParams(), credentials);
		const [, suspend] = result.outputs();
		expect(suspend[0]).toMatchObject({ action: 'suspend', iccid: S.ICCID, eventType: 'charge.dispute.created' });
		expect(suspend[0].reason).toMatch(/dispute dp_d1 is "needs_response" \(on subscription sub_d1\)/);
		expect(standIn.requests().map((r) => r.path)).toEqual(
			expect.arrayContaining(['/v1/disputes/dp_d1', '/v1/invoice_payments', '/v1/invoices/in_d1', '/v1/subscriptions/sub_d1']),
		);
	});

	test('the device\'s other paid subscription keeps it live when one ends', async () => {
		standIn.setSubscriptions([
			S.subscription({ id: 'sub_old', status: 'canceled', canceledAt: 1793500000, endedAt: 1793500000 }),
			S.subscription({ id: 'sub_new', status: 'active' }),
		]);
		const ended = S.event('customer.subscription.deleted', S.subscription({ id: 'sub_old', status: 'canceled' }));
		const [activate] = (await mapper([ended], stripeParams(), credentials)).outputs();
		expect(activate[0]).toMatchObject({ action: 'activate', iccid: S.ICCID, subscriptionId: 'sub_old' });
		expect(activate[0].reason).toMatch(/1 other subscription of the customer names this device/);
	});

	test('a gateway error is an item error naming the subscription; the key never shows', async () => {
		standIn.failNext({ status: 500, count: 1, message: `upstream broke; key ${KEY}` });
		const evt = S.event('invoice.paid', S.invoice({ subscriptionId: 'sub_err' }));
		const failed = await mapper([evt], stripeParams(), credentials);
		expect(failed.status).toBe('error');
		expect(failed.error.message).toMatch(/^Item 0: Confirm With Gateway: reading subscription sub_err from Stripe failed: HTTP 500/);
		const missing = await mapper([S.event('invoice.paid', S.invoice({ subscriptionId: 'sub_gone' }))], stripeParams(), credentials, { continueOnFail: true });
		const [, , none] = missing.outputs();
		expect(none[0].error).toMatch(/reading subscription sub_gone from Stripe failed: HTTP 404: No such subscription: 'sub_gone'/);
		const wrongKey = await mapper([evt], stripeParams(), { stripeReadApi: { secretKey: 'sk_test_wrong_999' } }, { continueOnFail: true });
		expect(wrongKey.outputs()[2][0].error).toMatch(/HTTP 401/);
		for (const text of [failed.error.message, JSON.stringify(missing.outputs()), JSON.stringify(wrongKey.outputs())]) {
			expect(text).not.toContain(KEY);
			expect(text).not.toContain('sk_test_wrong_999');
		}
	});
});

describe('Braintree', () => {
	const keys = { environment: 'sandbox', merchantId: 'merchant_confirm', publicKey: 'pub_confirm', privateKey: 'priv_confirm_secret' };
	let standIn;
	beforeAll(async () => {
		standIn = await startBraintreeStandIn({ ...keys });
	});
	afterAll(() => standIn.close());

	test('a late "went active" for a subscription that is Canceled now → Suspend; an unknown one → item error', async () => {
		const B = require('./fixtures/braintree');
		const id = `iccid-${S.ICCID}`;
		standIn.setSubscriptions([{ id, status: 'Canceled', paidThroughDate: '2026-11-30', planId: 'sim', currentBillingCycle: 2, statusHistory: [], transactions: [] }]);
		const n = await B.notification('subscription_went_active', id);
		const params = { gateway: 'braintree', confirmWithGateway: true, options: { gatewayBaseUrl: standIn.url } };
		const result = await mapper([n], params, { braintreeApi: keys });
		expect(result.status).toBe('success');
		expect(result.outputs()[1][0]).toMatchObject({ action: 'suspend', iccid: S.ICCID });
		expect(result.outputs()[1][0].reason).toMatch(/subscription iccid-\d+ is "Canceled"/);
		standIn.setSubscriptions([]);
		const gone = await mapper([n], params, { braintreeApi: keys }, { continueOnFail: true });
		expect(gone.outputs()[2][0].error).toMatch(/reading subscription iccid-\d+ from Braintree failed: HTTP 404/);
		expect(JSON.stringify(gone.outputs())).not.toContain(keys.privateKey);
	});
});
