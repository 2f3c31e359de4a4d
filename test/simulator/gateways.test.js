/**
 * The gateway stand-ins answer in the gateways' own shapes: the official SDKs, pointed at them, read every answer
 * (the `stripe` SDK with host/port/protocol, the `braintree` SDK with a custom Environment), and the mapper's own
 * Braintree XML reader agrees with the SDK's.
 */
const Stripe = require('stripe');
const braintree = require('braintree');
const S = require('../mapper/fixtures/stripe');
const { startStripeStandIn } = require('../../simulator/gateways/stripe');
const { startBraintreeStandIn } = require('../../simulator/gateways/braintree');
const { parseBraintreeXml } = require('../../dist/nodes/BraintreeTrigger/xml');

const KEY = 'sk_test_standin_key';

describe('Stripe stand-in, read by the stripe SDK', () => {
	let standIn;
	let stripe;
	beforeAll(async () => {
		const subs = [
			S.subscription({ id: 'sub_A', customer: 'cus_1', status: 'canceled', metadata: { iccid: S.ICCID } }),
			S.subscription({ id: 'sub_B', customer: 'cus_1', status: 'active', metadata: { iccid: S.ICCID } }),
			S.subscription({ id: 'sub_C', customer: 'cus_1', status: 'past_due', metadata: { imei: S.IMEI } }),
			S.subscription({ id: 'sub_D', customer: 'cus_2', status: 'active' }),
		];
		const inv = S.invoice({ id: 'in_B1', customer: 'cus_1', subscriptionId: 'sub_B' });
		standIn = await startStripeStandIn({
			secretKey: KEY,
			pageSize: 2,
			subscriptions: subs,
			invoices: [inv],
			disputes: [{ ...S.dispute({ id: 'dp_1', metadata: {} }), charge: 'ch_B1', payment_intent: 'pi_B1' }],
			invoicePayments: [{ invoice: 'in_B1', paymentIntent: 'pi_B1', charge: 'ch_B1' }],
		});
		stripe = new Stripe(KEY, { host: '127.0.0.1', port: standIn.port, protocol: 'http', maxNetworkRetries: 0 });
	});
	afterAll(() => standIn.close());

	test('a subscription, and a customer\'s subscriptions of every status across pages', async () => {
		const sub = await stripe.subscriptions.retrieve('sub_B');
		expect(sub).toMatchObject({ id: 'sub_B', object: 'subscription', status: 'active', customer: 'cus_1', metadata: { iccid: S.ICCID } });
		expect(sub.items.data[0].current_period_end).toBeGreaterThan(sub.items.data[0].current_period_start);
		const all = [];
		for await (const s of stripe.subscriptions.list({ customer: 'cus_1', status: 'all', limit: 2 })) all.push(s.id);
		expect(all).toEqual(['sub_A', 'sub_B', 'sub_C']);
		const live = await stripe.subscriptions.list({ customer: 'cus_1' });
		expect(live.data.map((s) => s.id)).toEqual(['sub_B', 'sub_C']); // default: every status but canceled
		expect(standIn.requests().some((r) => r.query.starting_after === 'sub_B')).toBe(true);
	});

	test('a dispute → its charge → the invoice payment → the invoice → the subscription', async () => {
		const dispute = await stripe.disputes.retrieve('dp_1');
		expect(dispute).toMatchObject({ object: 'dispute', charge: 'ch_B1', payment_intent: 'pi_B1', metadata: {} });
		const charge = await stripe.charges.retrieve('ch_B1');
		expect(charge).toMatchObject({ object: 'charge', payment_intent: 'pi_B1' });
		expect(charge.invoice).toBeUndefined(); // gone since API 2025-03-31
		const payments = await stripe.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent: 'pi_B1' } });
		expect(payments.data).toHaveLength(1);
		expect(payments.data[0]).toMatchObject({ object: 'invoice_payment', invoice: 'in_B1', payment: { type: 'payment_intent', payment_intent: 'pi_B1' }, status: 'paid' });
		const invoice = await stripe.invoices.retrieve('in_B1');
		expect(invoice.parent.subscription_details.subscription).toBe('sub_B');
	});

	test('errors as Stripe gives them: 404 resource_missing, 401 for a wrong key, injected 5xx', async () => {
		await expect(stripe.subscriptions.retrieve('sub_nope')).rejects.toMatchObject({ type: 'StripeInvalidRequestError', code: 'resource_missing', statusCode: 404 });
		const wrong = new Stripe('sk_test_wrong', { host: '127.0.0.1', port: standIn.port, protocol: 'http', maxNetworkRetries: 0 });
		await expect(wrong.subscriptions.retrieve('sub_B')).rejects.toMatchObject({ type: 'StripeAuthenticationError', statusCode: 401 });
		standIn.failNext({ status: 500, count: 1, path: /^\/v1\/subscriptions\// });
		await expect(stripe.subscriptions.retrieve('sub_B')).rejects.toMatchObject({ type: 'StripeAPIError', statusCode: 500 });
		expect((await stripe.subscriptions.retrieve('sub_B')).id).toBe('sub_B');
	});
});

describe('Braintree stand-in, read by the braintree SDK', () => {
	const keys = { merchantId: 'merchant_gw', publicKey: 'pub_standin', privateKey: 'priv_standin' };
	const sub = {
		id: `iccid-${S.ICCID}`,
		status: 'Past Due',
		planId: 'sim-monthly',
		price: '9.00',
		balance: '9.00',
		paidThroughDate: '2026-11-30',
		billingPeriodStartDate: '2026-12-01',
		billingPeriodEndDate: '2026-12-31',
		nextBillingDate: '2026-12-04',
		currentBillingCycle: 2,
		daysPastDue: 2,
		failureCount: 1,
		trialPeriod: false,
		neverExpires: true,
		numberOfBillingCycles: null,
		createdAt: '2026-10-01T10:00:00Z',
		updatedAt: '2026-12-02T10:00:00Z',
		statusHistory: [
			{ status: 'Past Due', timestamp: '2026-12-02T10:00:00Z', price: '9.00', balance: '9.00', subscriptionSource: 'recurring' },
			{ status: 'Active', timestamp: '2026-10-01T10:00:00Z', price: '9.00', balance: '0.00', subscriptionSource: 'api' },
		],
		transactions: [],
		addOns: [],
		discounts: [],
	};
	let standIn;
	let gateway;
	beforeAll(async () => {
		standIn = await startBraintreeStandIn({ ...keys, subscriptions: [sub] });
		const environment = new braintree.Environment('127.0.0.1', standIn.port, 'http://127.0.0.1', false, '127.0.0.1', standIn.port);
		gateway = new braintree.BraintreeGateway({ environment, ...keys });
	});
	afterAll(() => standIn.close());

	test('subscription.find reads the subscription; the mapper\'s XML reader agrees with the SDK', async () => {
		const found = await gateway.subscription.find(sub.id);
		expect(found).toMatchObject({
			id: sub.id,
			status: 'Past Due',
			paidThroughDate: '2026-11-30',
			billingPeriodStartDate: '2026-12-01',
			currentBillingCycle: 2,
			daysPastDue: 2,
			trialPeriod: false,
			numberOfBillingCycles: null,
		});
		expect(found.statusHistory.map((h) => h.status)).toEqual(['Past Due', 'Active']);
		const xml = await (await fetch(`${standIn.url}/merchants/${keys.merchantId}/subscriptions/${sub.id}`, {
			headers: { authorization: `Basic ${Buffer.from(`${keys.publicKey}:${keys.privateKey}`).toString('base64')}` },
		})).text();
		const ours = parseBraintreeXml(xml).subscription;
		for (const key of ['id', 'status', 'paidThroughDate', 'billingPeriodStartDate', 'currentBillingCycle', 'daysPastDue', 'trialPeriod', 'numberOfBillingCycles', 'price']) {
			expect([key, ours[key]]).toEqual([key, found[key]]);
		}
		expect(ours.statusHistory.map((h) => h.status)).toEqual(['Past Due', 'Active']);
	});

	test('an unknown subscription is the SDK\'s notFoundError; wrong keys its authenticationError', async () => {
		await expect(gateway.subscription.find('iccid-0000')).rejects.toMatchObject({ type: 'notFoundError' });
		const environment = new braintree.Environment('127.0.0.1', standIn.port, 'http://127.0.0.1', false, '127.0.0.1', standIn.port);
		const wrong = new braintree.BraintreeGateway({ environment, ...keys, privateKey: 'nope' });
		await expect(wrong.subscription.find(sub.id)).rejects.toMatchObject({ type: 'authenticationError' });
	});
});
