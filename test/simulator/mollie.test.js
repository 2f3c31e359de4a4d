// The Mollie API stand-in (simulator/gateways/mollie.js) read by the official @mollie/api-client (in a child
// process: see scripts/mollie-client-reads.js): the answers are in the shapes Mollie's own client expects
// (payments, customer subscriptions, lists, errors).
const path = require('path');
const { execFileSync } = require('child_process');
const fx = require('../mapper/fixtures/mollie');

let got;
beforeAll(() => {
	const text = execFileSync(process.execPath, [path.join(__dirname, 'scripts', 'mollie-client-reads.js')], {
		env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0', NODE_NO_WARNINGS: '1' },
		encoding: 'utf8',
		timeout: 60000,
	});
	got = JSON.parse(text);
});

test('a payment: status, its subscription and customer', () => {
	expect(got.payment.ok).toMatchObject({ resource: 'payment', id: 'tr_WDqYK6vllg', status: 'paid', subscriptionId: 'sub_rVKGtNd6s3', customerId: 'cst_stTC2WHAuS', sequenceType: 'recurring' });
	expect(got.failed.ok.status).toBe('failed');
});

test("a customer's subscription and the customer's list", () => {
	expect(got.subscription.ok).toMatchObject({ resource: 'subscription', status: 'active', metadata: { iccid: fx.ICCID }, nextPaymentDate: '2026-12-01' });
	expect(got.list.ok).toEqual([
		['sub_rVKGtNd6s3', 'active'],
		['sub_old0001', 'canceled'],
	]);
});

test("errors in Mollie's shape: 404, 401 for another key, an injected 503; the key is sent as Bearer", () => {
	expect(got.missing.error).toEqual({ statusCode: 404, message: 'No payment exists with token tr_missing.' });
	expect(got.otherKey.error.statusCode).toBe(401);
	expect(got.unavailable.error.statusCode).toBe(503);
	expect(got.afterReset.ok.status).toBe('paid');
	expect(got.requests).toEqual([['GET', '/v2/payments/tr_WDqYK6vllg', true]]);
});
