// The Paddle, Chargebee, PayPal and GoCardless presets: auto-detection (and that it takes nothing from Stripe or
// Braintree), every documented status → a billing state under the same options as Stripe, device ids from each
// gateway's own custom data, event ids for dedupe. Fixtures in the gateways' documented shapes (see fixtures/).
const { decider, NOW } = require('./helpers');
const paddle = require('./fixtures/paddle');
const chargebee = require('./fixtures/chargebee');
const gc = require('./fixtures/gocardless');
const paypal = require('./fixtures/paypal');
const stripe = require('./fixtures/stripe');
const bt = require('./fixtures/braintree');

const DAY = 86400;
const now = Math.floor(NOW / 1000);
const iso = (s) => new Date(s * 1000).toISOString();
const ICCID = '89490200001234567890';

const fresh = (options) => decider(options);
const one = (json, options = {}) => fresh(options)(json).item;

describe('auto-detection', () => {
	const samples = {
		paddle: [paddle.event('subscription.activated', paddle.subscription()), paddle.subscription(), paddle.event('transaction.completed', paddle.transaction())],
		chargebee: [chargebee.event('subscription_activated', { subscription: chargebee.subscription() }), chargebee.subscription()],
		paypal: [paypal.event('BILLING.SUBSCRIPTION.ACTIVATED', paypal.subscription()), paypal.subscription(), paypal.event('PAYMENT.SALE.COMPLETED', paypal.sale())],
		gocardless: [gc.event('subscriptions', 'created', { links: { subscription: 'SB1' } })],
	};
	test.each(Object.entries(samples))('%s events and objects are recognised, also wrapped in body', (gateway, items) => {
		for (const json of items) {
			expect(one(json).gateway).toBe(gateway);
			expect(one({ body: json, headers: {} }).gateway).toBe(gateway);
		}
	});

	test('Stripe and Braintree inputs are still read as theirs', () => {
		expect(one(stripe.event('customer.subscription.updated', stripe.subscription())).gateway).toBe('stripe');
		expect(one(stripe.subscription()).gateway).toBe('stripe');
		expect(one(stripe.invoice()).gateway).toBe('stripe');
		expect(one(bt.subscriptionObject({ id: `iccid-${ICCID}` }), {}).gateway).toBe('braintree');
	});

	test('a whole GoCardless webhook (not split) is an item error that says to use the trigger', () => {
		expect(() => fresh({})(gc.webhook([gc.event('payments', 'confirmed')]))).toThrow(/Payment Webhook Trigger/);
	});

	test('a chosen gateway refuses another gateway\'s payload', () => {
		expect(() => fresh({ gateway: 'paddle' })(chargebee.subscription())).toThrow(/not a Paddle Billing event/);
		expect(() => fresh({ gateway: 'chargebee' })(stripe.subscription())).toThrow(/not a Chargebee event/);
	});
});

describe('Paddle: every status', () => {
	const period = { periodStart: iso(now - 2 * DAY), periodEnd: iso(now + 28 * DAY) };
	test.each([
		['active', 'activate', 'active'],
		['trialing', 'activate', 'active'],
		['past_due', 'activate', 'grace'],
		['paused', 'suspend', 'suspended'],
		['canceled', 'suspend', 'ended'],
	])('subscription %s → %s (%s)', (status, action, billingStatus) => {
		expect(one(paddle.event('subscription.updated', paddle.subscription({ status, ...period })))).toMatchObject({ action, billingStatus, iccid: ICCID, subscriptionId: 'sub_01hv8x29kz0t586xy6zn1a62ny' });
	});

	test('options: trialing inactive, past due suspends, paid period honoured on cancel', () => {
		expect(one(paddle.subscription({ status: 'trialing', ...period }), { trialingIsActive: false })).toMatchObject({ action: 'none', billingStatus: 'pending' });
		expect(one(paddle.subscription({ status: 'past_due', ...period }), { pastDuePolicy: 'suspend' })).toMatchObject({ action: 'suspend' });
		expect(one(paddle.subscription({ status: 'past_due', periodStart: iso(now - 9 * DAY), periodEnd: iso(now + 21 * DAY) }))).toMatchObject({ action: 'suspend', billingStatus: 'suspended' });
		const canceled = paddle.subscription({ status: 'canceled', ...period });
		canceled.current_billing_period = { starts_at: period.periodStart, ends_at: period.periodEnd };
		expect(one(paddle.event('subscription.canceled', canceled), { honourPaidPeriodOnCancel: true })).toMatchObject({ action: 'none', billingStatus: 'ended' });
	});

	test('transactions: completed renewal activates with its period; failed renewal is grace; a one-off without device is no action; others notices', () => {
		const completed = one(paddle.event('transaction.completed', paddle.transaction({ periodStart: iso(now - DAY), periodEnd: iso(now + 29 * DAY) })));
		expect(completed).toMatchObject({ action: 'activate', paidThrough: iso(now + 29 * DAY), eventType: 'transaction.completed' });
		expect(one(paddle.event('transaction.payment_failed', paddle.transaction({ status: 'past_due', periodStart: iso(now - DAY) })))).toMatchObject({ action: 'activate', billingStatus: 'grace' });
		expect(one(paddle.event('transaction.completed', paddle.transaction({ subscriptionId: null, customData: null })))).toMatchObject({ action: 'none' });
		expect(one(paddle.event('transaction.paid', paddle.transaction()))).toMatchObject({ action: 'none', billingStatus: 'ignored' });
		expect(one(paddle.event('adjustment.created', { id: 'adj_1', action: 'chargeback', subscription_id: 'sub_x', transaction_id: 'txn_x' })).reason).toMatch(/^An adjustment \(chargeback\) that Paddle handles\. The subscription's own events decide\. No action\.$/);
	});

	test('device id from custom_data with Device ID Keys; a number is refused; missing is an error naming where', () => {
		expect(one(paddle.subscription({ customData: { imei: '356938035643809' } }))).toMatchObject({ imei: '356938035643809' });
		expect(one(paddle.subscription({ customData: { sim: ICCID } }), { deviceIdKeys: 'sim' })).toMatchObject({ iccid: ICCID });
		expect(() => fresh({})(paddle.subscription({ customData: { iccid: 8949020000123456 } }))).toThrow(/is a number/);
		expect(() => fresh({})(paddle.subscription({ customData: null }))).toThrow(/custom_data/);
	});

	test('event_id dedupes a redelivery', () => {
		const d = fresh({});
		const evt = paddle.event('subscription.activated', paddle.subscription(), { eventId: 'evt_01dup' });
		expect(d(evt).item.action).toBe('activate');
		const again = d({ ...evt, notification_id: 'ntf_other' });
		expect(again.item).toMatchObject({ action: 'none', eventId: 'evt_01dup' });
		expect(again.item.reason).toMatch(/^Duplicate delivery: /);
	});
});

describe('Chargebee: every status', () => {
	test.each([
		['active', 'activate', 'active'],
		['non_renewing', 'activate', 'active'],
		['in_trial', 'activate', 'active'],
		['future', 'none', 'pending'],
		['paused', 'suspend', 'suspended'],
		['cancelled', 'suspend', 'ended'],
		['transferred', 'none', 'ignored'],
	])('subscription %s → %s (%s)', (status, action, billingStatus) => {
		expect(one(chargebee.event('subscription_changed', { subscription: chargebee.subscription({ status, currentTermStart: now - 2 * DAY }) }))).toMatchObject({ action, billingStatus });
	});

	test('dunning: active with unpaid invoices is grace, then suspended after Grace Days; payment_failed likewise', () => {
		expect(one(chargebee.subscription({ currentTermStart: now - 2 * DAY, dueInvoicesCount: 1 }))).toMatchObject({ action: 'activate', billingStatus: 'grace' });
		expect(one(chargebee.subscription({ currentTermStart: now - 9 * DAY, dueInvoicesCount: 1 }))).toMatchObject({ action: 'suspend', billingStatus: 'suspended' });
		expect(one(chargebee.event('payment_failed', { subscription: chargebee.subscription({ currentTermStart: now - DAY }) }))).toMatchObject({ action: 'activate', billingStatus: 'grace' });
		expect(one(chargebee.event('payment_failed', { subscription: chargebee.subscription({ currentTermStart: now - DAY }) }), { pastDuePolicy: 'suspend' })).toMatchObject({ action: 'suspend' });
	});

	test('payment_succeeded activates through current_term_end; refunds never suspend; deleted ends', () => {
		const sub = chargebee.subscription({ currentTermStart: now - DAY, currentTermEnd: now + 29 * DAY });
		expect(one(chargebee.event('payment_succeeded', { subscription: sub }))).toMatchObject({ action: 'activate', paidThrough: iso(now + 29 * DAY) });
		expect(one(chargebee.event('payment_refunded', { subscription: sub }))).toMatchObject({ action: 'none', billingStatus: 'ignored' });
		expect(one(chargebee.event('subscription_deleted', { subscription: sub }))).toMatchObject({ action: 'suspend', billingStatus: 'ended' });
	});

	test('device id: cf_<key> custom field, then meta_data, then the customer\'s custom field', () => {
		expect(one(chargebee.subscription({ fields: { cf_imei: '356938035643809' } }))).toMatchObject({ imei: '356938035643809' });
		expect(one(chargebee.subscription({ fields: {}, metaData: { iccid: ICCID } }))).toMatchObject({ iccid: ICCID });
		expect(one(chargebee.event('subscription_activated', { subscription: chargebee.subscription({ fields: {} }), customer: { id: 'c', cf_iccid: ICCID } }))).toMatchObject({ iccid: ICCID });
		expect(() => fresh({})(chargebee.subscription({ fields: {} }))).toThrow(/cf_<key> and meta_data/);
	});

	test('order: resource_version decides within one second; an older snapshot does not undo a newer one', () => {
		const d = fresh({});
		const t = now - DAY;
		const paused = chargebee.event('subscription_paused', { subscription: chargebee.subscription({ status: 'paused', resourceVersion: t * 1000 + 900 }) }, { occurredAt: t });
		const active = chargebee.event('subscription_changed', { subscription: chargebee.subscription({ status: 'active', currentTermStart: now - 2 * DAY, resourceVersion: t * 1000 + 100 }) }, { occurredAt: t });
		expect(d(paused).item.action).toBe('suspend');
		expect(d(active).item).toMatchObject({ action: 'none' });
	});
});

describe('Chargebee: a cancelled subscription can come back', () => {
	// Chargebee's subscription_reactivated moves a cancelled subscription back to active (apidocs "Events"); only
	// a deleted one is gone. The other gateways' cancellations are final (see the stale guard tests).
	const t = now - 10 * DAY;
	const at = (s, status, extra = {}) => chargebee.subscription({ status, currentTermStart: s, resourceVersion: s * 1000, ...extra });

	test('cancelled, then reactivated: the SIM goes live again; a late event from before the cancellation changes nothing', () => {
		const d = fresh({});
		expect(d(chargebee.event('subscription_activated', { subscription: at(t, 'active') })).item.action).toBe('activate');
		expect(d(chargebee.event('subscription_cancelled', { subscription: at(t + 2 * DAY, 'cancelled') })).item).toMatchObject({ action: 'suspend', billingStatus: 'ended' });
		const back = d(chargebee.event('subscription_reactivated', { subscription: at(t + 5 * DAY, 'active') })).item;
		expect(back).toMatchObject({ action: 'activate', billingStatus: 'active', desiredState: 'live' });
		const late = d(chargebee.event('subscription_changed', { subscription: at(t + DAY, 'cancelled') })).item;
		expect(late).toMatchObject({ action: 'none' });
		expect(late.reason).toMatch(/before the last event applied/);
	});

	test('deleted is final: nothing after it brings the SIM back', () => {
		const d = fresh({});
		expect(d(chargebee.event('subscription_deleted', { subscription: at(t + 2 * DAY, 'cancelled') })).item.action).toBe('suspend');
		const after = d(chargebee.event('subscription_reactivated', { subscription: at(t + 5 * DAY, 'active') })).item;
		expect(after).toMatchObject({ action: 'none' });
		expect(after.reason).toMatch(/already ended/);
	});

	test('a Stripe subscription canceled stays canceled, whatever comes later', () => {
		const d = fresh({});
		expect(d(stripe.event('customer.subscription.deleted', stripe.subscription({ status: 'canceled' }), { created: now - DAY })).item.action).toBe('suspend');
		expect(d(stripe.event('customer.subscription.updated', stripe.subscription({ status: 'active' }), { created: now })).item.action).toBe('none');
	});
});

describe('PayPal: every status', () => {
	test.each([
		['ACTIVE', 'activate', 'active'],
		['APPROVAL_PENDING', 'none', 'pending'],
		['APPROVED', 'none', 'pending'],
		['SUSPENDED', 'suspend', 'suspended'],
		['CANCELLED', 'suspend', 'ended'],
		['EXPIRED', 'suspend', 'ended'],
	])('subscription %s → %s (%s)', (status, action, billingStatus) => {
		expect(one(paypal.event('BILLING.SUBSCRIPTION.UPDATED', paypal.subscription({ status })))).toMatchObject({ action, billingStatus, iccid: ICCID, subscriptionId: 'I-BW452GLLEP1G', customerId: 'ZVSTUQF2FZBPW' });
	});

	test('payment failed → grace until next billing + Grace Days; reversed sale → dispute suspend; refund → nothing', () => {
		const failed = paypal.event('BILLING.SUBSCRIPTION.PAYMENT.FAILED', paypal.subscription({ failedPaymentsCount: 1, lastFailedPaymentTime: iso(now - DAY) }));
		expect(one(failed)).toMatchObject({ action: 'activate', billingStatus: 'grace' });
		expect(one(failed, { pastDuePolicy: 'suspend' })).toMatchObject({ action: 'suspend' });
		expect(one(paypal.event('PAYMENT.SALE.REVERSED', paypal.sale({ state: 'reversed' })))).toMatchObject({ action: 'suspend' });
		expect(one(paypal.event('PAYMENT.SALE.REVERSED', paypal.sale({ state: 'reversed' })), { suspendOnDispute: false })).toMatchObject({ action: 'none' });
		expect(one(paypal.event('PAYMENT.SALE.REFUNDED', paypal.sale({ state: 'refunded' })))).toMatchObject({ action: 'none' });
	});

	test('device id: custom_id iccid-<digits>, imei-<digits> or digits; anything else is missing', () => {
		expect(one(paypal.subscription({ customId: 'imei-356938035643809' }))).toMatchObject({ imei: '356938035643809' });
		expect(one(paypal.subscription({ customId: ICCID }))).toMatchObject({ iccid: ICCID });
		expect(() => fresh({})(paypal.subscription({ customId: 'customer-42' }))).toThrow(/custom_id/);
	});
});

describe('GoCardless: every action', () => {
	const e = (type, action, extra = {}) => gc.event(type, action, { links: { subscription: 'SB1', payment: 'PM1' }, createdAt: iso(now - DAY), ...extra });
	test.each([
		['subscriptions', 'created', 'activate'],
		['subscriptions', 'customer_approval_granted', 'activate'],
		['subscriptions', 'resumed', 'activate'],
		['subscriptions', 'paused', 'suspend'],
		['subscriptions', 'cancelled', 'suspend'],
		['subscriptions', 'finished', 'suspend'],
		['subscriptions', 'customer_approval_denied', 'suspend'],
		['subscriptions', 'amended', 'none'],
		['subscriptions', 'payment_created', 'none'],
		['payments', 'confirmed', 'activate'],
		['payments', 'paid_out', 'activate'],
		['payments', 'charged_back', 'suspend'],
		['payments', 'submitted', 'none'],
		['mandates', 'cancelled', 'none'],
	])('%s.%s → %s', (type, action, expected) => {
		expect(one(e(type, action))).toMatchObject({ action: expected, eventType: `${type}.${action}`, iccid: ICCID });
	});

	test('a failed payment: grace while GoCardless retries, suspend when it will not', () => {
		const failed = (retry) => {
			const ev = e('payments', 'failed');
			ev.details.will_attempt_retry = retry;
			return ev;
		};
		expect(one(failed(true))).toMatchObject({ action: 'activate', billingStatus: 'grace' });
		expect(one(failed(false))).toMatchObject({ action: 'suspend', billingStatus: 'suspended' });
	});

	test('a chargeback suspends; its cancellation reactivates the SIM it alone held; per payment, in its own order', () => {
		const d = fresh({});
		expect(d(e('subscriptions', 'created', { createdAt: iso(now - 5 * DAY) })).item.action).toBe('activate');
		const back = d(e('payments', 'charged_back', { createdAt: iso(now - 2 * DAY), links: { payment: 'PM9', subscription: 'SB1' } })).item;
		expect(back).toMatchObject({ action: 'suspend' });
		const cancelled = d(e('payments', 'chargeback_cancelled', { createdAt: iso(now - DAY), links: { payment: 'PM9', subscription: 'SB1' } })).item;
		expect(cancelled).toMatchObject({ action: 'activate' });
		// the chargeback's own first event, delivered again late with a new id, does not undo its cancellation
		expect(d(e('payments', 'charged_back', { id: 'EVLATE', createdAt: iso(now - 2 * DAY), links: { payment: 'PM9', subscription: 'SB1' } })).item.action).toBe('none');
	});

	test('device id from resource_metadata; the event id dedupes', () => {
		expect(() => fresh({})(e('payments', 'confirmed', { resourceMetadata: {} }))).toThrow(/resource_metadata/);
		const d = fresh({});
		const ev = e('payments', 'confirmed', { id: 'EV0DUP' });
		expect(d(ev).item.action).toBe('activate');
		expect(d(ev).item.reason).toMatch(/^Duplicate delivery: /);
	});
});
