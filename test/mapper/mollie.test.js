// The Mollie preset: subscription and payment objects in Mollie's shapes (fixtures/mollie.js, from
// @mollie/api-client's types), every documented status, the device id from metadata; and Mollie's webhook, which
// carries only a payment id, refused with words that say how to read it (Confirm With Gateway).
const { decider, NOW } = require('./helpers');
const mollie = require('./fixtures/mollie');

const one = (json, options = {}) => decider(options)(json).item;
const ICCID = mollie.ICCID;
const soon = new Date(NOW + 20 * 86400_000).toISOString().slice(0, 10);

describe('Mollie subscriptions: every status', () => {
	test.each([
		['active', 'activate', 'active'],
		['pending', 'none', 'pending'],
		['suspended', 'suspend', 'suspended'],
		['canceled', 'suspend', 'ended'],
		['completed', 'suspend', 'ended'],
	])('%s → %s (%s)', (status, action, billingStatus) => {
		const item = one(mollie.subscription({ status, nextPaymentDate: soon }));
		expect(item).toMatchObject({ action, billingStatus, gateway: 'mollie', iccid: ICCID, subscriptionId: 'sub_rVKGtNd6s3', customerId: 'cst_stTC2WHAuS', livemode: false });
	});

	test('an active subscription is paid until its next payment date; also inside body', () => {
		expect(one({ body: mollie.subscription({ nextPaymentDate: soon }) })).toMatchObject({ action: 'activate', paidThrough: `${soon}T00:00:00.000Z` });
	});

	test('device id from metadata keys, or a metadata string iccid-<digits>; missing is an error naming metadata', () => {
		expect(one(mollie.subscription({ metadata: { imei: '356938035643809' } }))).toMatchObject({ imei: '356938035643809' });
		expect(one(mollie.subscription({ metadata: `iccid-${ICCID}` }))).toMatchObject({ iccid: ICCID });
		expect(() => decider({})(mollie.subscription({ metadata: null }))).toThrow(/metadata/);
	});
});

describe('Mollie payments', () => {
	test.each([
		['paid', 'activate'],
		['failed', 'activate'], // past due: grace keeps the SIM live as for Stripe
		['expired', 'activate'],
		['open', 'none'],
		['pending', 'none'],
		['authorized', 'none'],
	])('a subscription payment %s → %s', (status, action) => {
		expect(one(mollie.payment({ status, metadata: { iccid: ICCID } }))).toMatchObject({ action, subscriptionId: 'sub_rVKGtNd6s3' });
	});

	test('a failed subscription payment under the suspend policy suspends', () => {
		expect(one(mollie.payment({ status: 'failed', metadata: { iccid: ICCID } }), { pastDuePolicy: 'suspend' })).toMatchObject({ action: 'suspend' });
	});
});

describe("Mollie's webhook (only an id)", () => {
	test('recognised as Mollie, and refused without Confirm With Gateway, saying what to turn on', () => {
		for (const json of [{ id: 'tr_WDqYK6vllg' }, { body: { id: 'tr_WDqYK6vllg' }, headers: {} }]) {
			expect(() => decider({})(json)).toThrow(/Mollie's webhook names only payment tr_WDqYK6vllg: turn on "Confirm With Gateway"/);
		}
	});

	test('an id that is not a payment, or with other fields, is not taken for a Mollie webhook', () => {
		expect(() => decider({})({ id: 'sub_x' })).toThrow(/not a recognised payment event/);
		expect(() => decider({})({ id: 'tr_x', status: 'paid' })).toThrow(/not a recognised payment event/);
	});
});
