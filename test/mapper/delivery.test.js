/** Dedupe and stale guard: at-least-once, unordered, late deliveries. */
const S = require('./fixtures/stripe');
const { decider } = require('./helpers');

const subEvt = (type, status, created, extra = {}) => S.event(type, S.subscription({ status, ...extra }), { created });

describe('dedupe', () => {
	test('the same Stripe event id twice → the second goes to No Action with the reason', () => {
		const decide = decider();
		const evt = S.event('invoice.paid', S.invoice());
		expect(decide(evt).output).toBe('activate');
		const again = decide(JSON.parse(JSON.stringify(evt)));
		expect(again).toMatchObject({ output: 'none', dropped: true });
		expect(again.item).toMatchObject({ action: 'none', billingStatus: 'ignored', eventId: evt.id, iccid: S.ICCID });
		expect(again.item.reason).toBe('Duplicate delivery: this event was already processed. No action.');
	});

	test('a duplicate delivered through a Webhook node (body) is still a duplicate', () => {
		const decide = decider();
		const evt = S.event('customer.subscription.deleted', S.subscription({ status: 'canceled' }));
		expect(decide(evt).output).toBe('suspend');
		expect(decide(S.webhookNodeItem(S.signedDelivery(evt))).dropped).toBe(true);
	});

	test('two Event objects for one change (same type and object) are deduplicated', () => {
		const decide = decider();
		const sub = S.subscription({ status: 'canceled' });
		expect(decide(S.event('customer.subscription.deleted', sub)).output).toBe('suspend');
		expect(decide(S.event('customer.subscription.deleted', sub)).item.reason).toMatch(/^Duplicate delivery: the same change to this object was already processed/);
	});

	test('dedupe: false lets a repeat through; bare objects are never deduplicated', () => {
		const decide = decider({ dedupe: false, staleGuard: false });
		const evt = S.event('invoice.paid', S.invoice());
		expect(decide(evt).output).toBe('activate');
		expect(decide(evt).output).toBe('activate');
		const d2 = decider();
		const sub = S.subscription();
		expect(d2(sub).output).toBe('activate');
		expect(d2(sub).output).toBe('activate');
	});

	test('the store stays bounded', () => {
		const { MAX_EVENT_IDS, MAX_RECORDS } = require('../../dist/nodes/PaymentStatusMapper/delivery/store.js');
		const decide = decider();
		for (let i = 0; i < MAX_EVENT_IDS + 50; i++) {
			decide(S.event('invoice.paid', S.invoice({ subscriptionId: `sub_bound${i % (MAX_RECORDS + 20)}` })));
		}
		expect(Object.keys(decide.staticData.paymentEvents).length).toBeLessThanOrEqual(MAX_EVENT_IDS);
		expect(Object.keys(decide.staticData.paymentRecords).length).toBeLessThanOrEqual(MAX_RECORDS);
		expect(JSON.parse(JSON.stringify(decide.staticData))).toEqual(decide.staticData); // JSON-safe
	});

	test('a corrupted store is replaced, not trusted', () => {
		const decide = decider({}, { staticData: { paymentEvents: 'garbage', paymentRecords: [1, 2] } });
		expect(decide(S.event('invoice.paid', S.invoice())).output).toBe('activate');
	});
});

describe('stale guard', () => {
	test('a late customer.subscription.updated(active) after deleted does not reactivate', () => {
		const decide = decider();
		expect(decide(subEvt('customer.subscription.deleted', 'canceled', 1793500000)).output).toBe('suspend');
		const late = decide(subEvt('customer.subscription.updated', 'active', 1793400000));
		expect(late).toMatchObject({ output: 'none', dropped: true });
		expect(late.item.reason).toMatch(/already ended \(canceled\)/);
		// even if its timestamp is newer (same second or clock skew): a terminal state is never left
		expect(decide(subEvt('customer.subscription.updated', 'active', 1793600000)).output).toBe('none');
		expect(decide(S.event('invoice.paid', S.invoice(), { created: 1793600001 })).output).toBe('none');
		// a later terminal repeat (another event id) still suspends (idempotent)
		expect(decide(subEvt('customer.subscription.updated', 'canceled', 1793600002)).output).toBe('suspend');
	});

	test('an old invoice.payment_failed after a newer invoice.paid does nothing', () => {
		const decide = decider({ pastDuePolicy: 'suspend' });
		const paid = S.event('invoice.paid', S.invoice(), { created: 1793500000 });
		const failed = S.event('invoice.payment_failed', S.invoice({ status: 'open', nextPaymentAttempt: 1793700000 }), { created: 1793495000 });
		expect(decide(paid).output).toBe('activate');
		const d = decide(failed);
		expect(d).toMatchObject({ output: 'none', dropped: true });
		expect(d.item.reason).toMatch(/before the last event applied/);
	});

	test('a failure for a period a payment already covers is stale even within the same second', () => {
		const decide = decider({ pastDuePolicy: 'suspend' });
		const created = 1793500000;
		expect(decide(S.event('invoice.paid', S.invoice(), { created })).output).toBe('activate'); // paid through 12-01
		const d = decide(S.event('customer.subscription.updated', S.subscription({ status: 'past_due' }), { created }));
		expect(d.dropped).toBe(true); // past due from 11-01, but a payment already covers until 12-01
		expect(d.output).toBe('none');
		expect(d.item.reason).toMatch(/later payment already covers/);
	});

	test('a newer failure after an older payment is applied', () => {
		const decide = decider({ pastDuePolicy: 'suspend' });
		expect(decide(S.event('invoice.paid', S.invoice({ periodStart: 1790812800 }), { created: 1790813000 })).output).toBe('activate');
		expect(decide(S.event('invoice.payment_failed', S.invoice({ status: 'open' }), { created: 1793491300 })).output).toBe('suspend');
	});

	test('staleGuard: false lets the late event through (dedupe still on)', () => {
		const decide = decider({ staleGuard: false });
		decide(subEvt('customer.subscription.deleted', 'canceled', 1793500000));
		expect(decide(subEvt('customer.subscription.updated', 'active', 1793400000)).output).toBe('activate');
	});

	test('without static data (e.g. called directly) nothing is remembered', () => {
		const { decide } = require('./helpers');
		const evt = S.event('invoice.paid', S.invoice());
		expect(decide(evt, {}, {}).output).toBe('activate');
		expect(decide(evt, {}, {}).output).toBe('activate');
	});

	test('subscriptions are tracked separately', () => {
		const decide = decider();
		decide(subEvt('customer.subscription.deleted', 'canceled', 1793500000));
		const other = S.event('customer.subscription.updated', S.subscription({ id: 'sub_other', status: 'active', metadata: { iccid: S.ICCID19 } }), { created: 1793400000 });
		expect(decide(other).output).toBe('activate');
	});

	test('a bare subscription (reconcile) is the current truth: not compared by time, but cannot leave a terminal state', () => {
		const decide = decider();
		expect(decide(subEvt('customer.subscription.updated', 'past_due', 1793600000)).output).toBe('activate'); // grace
		// the listed object has older own timestamps than the last event, but it is what Stripe says now
		expect(decide(S.subscription({ status: 'active' })).output).toBe('activate');
		expect(decide(S.subscription({ status: 'canceled' })).output).toBe('suspend');
		expect(decide(S.subscription({ status: 'active' })).output).toBe('none');
	});
});

describe('malformed times', () => {
	test('a Stripe created in milliseconds (≥ 1e13) or of the wrong type is an item error that leaves the store untouched', () => {
		const decide = decider();
		expect(decide(S.event('invoice.paid', S.invoice(), { created: 1793491000 })).output).toBe('activate');
		const before = JSON.parse(JSON.stringify(decide.staticData));
		for (const created of [1793491000000, 1e13, -5, 1793491000.5, '1793491000']) {
			const bad = S.event('customer.subscription.updated', S.subscription({ status: 'canceled' }), { created });
			expect(() => decide(bad)).toThrow(/"created" is not a Unix time in seconds/);
		}
		expect(() => decide(S.event('invoice.paid', S.invoice({ periodEnd: 1e13 }), { created: 1793492000 }))).toThrow(/"lines.data.period.end" is not a Unix time/);
		expect(decide.staticData).toEqual(before);
		// later events on the same subscription are decided normally
		expect(decide(S.event('customer.subscription.deleted', S.subscription({ status: 'canceled' }), { created: 1793493000 })).output).toBe('suspend');
	});

	test('a Braintree notification whose timestamp is not a date is an item error', async () => {
		const B = require('./fixtures/braintree');
		const n = await B.notification('subscription_canceled', 'iccid-89490200001234567890');
		expect(() => decider()({ ...n, timestamp: 'yesterday' })).toThrow(/"timestamp" is not a date/);
	});
});
