/** Stripe: every row of the mapping table (payments.md §5), both invoice shapes, all wrappers. */
const S = require('./fixtures/stripe');
const { decider, NOW } = require('./helpers');

const fresh = (opts) => decider(opts); // new store per call site
const one = (json, opts = {}) => fresh(opts)(json).item;

describe('recognising Stripe input', () => {
	const evt = S.event('invoice.paid', S.invoice());

	test('an Event as the Stripe Trigger emits it', () => {
		const d = one(evt);
		expect(d).toMatchObject({ gateway: 'stripe', eventId: evt.id, eventType: 'invoice.paid', action: 'activate', desiredState: 'live' });
	});

	test('a signed delivery wrapped in body by a Webhook node', () => {
		const delivery = S.signedDelivery(evt);
		// the fixture is exactly what Stripe sends: the SDK verifies it
		expect(S.stripe.webhooks.constructEvent(delivery.payload, delivery.header, delivery.secret, 300, undefined, evt.created).id).toBe(evt.id);
		const d = one(S.webhookNodeItem(delivery));
		expect(d).toMatchObject({ gateway: 'stripe', eventId: evt.id, action: 'activate', iccid: S.ICCID });
	});

	test('bare Subscription and Invoice objects (as the API lists them)', () => {
		expect(one(S.subscription())).toMatchObject({ action: 'activate', eventId: null, eventType: 'subscription', subscriptionId: 'sub_1SIMsub000000000000001' });
		expect(one(S.invoice())).toMatchObject({ action: 'activate', eventType: 'invoice' });
		expect(one(S.subscription({ status: 'unpaid' }))).toMatchObject({ action: 'suspend', billingStatus: 'suspended' });
	});

	test('output item has exactly the contract fields', () => {
		const d = one(evt);
		expect(Object.keys(d).sort()).toEqual(
			['action', 'desiredState', 'iccid', 'imei', 'gateway', 'eventId', 'eventType', 'subscriptionId', 'customerId', 'billingStatus', 'reason', 'paidThrough', 'occurredAt', 'livemode'].sort(),
		);
		expect(d).toMatchObject({
			customerId: 'cus_TESTbike0001',
			subscriptionId: 'sub_1SIMsub000000000000001',
			occurredAt: new Date(evt.created * 1000).toISOString(),
			paidThrough: '2026-12-01T00:00:00.000Z',
			livemode: false,
			imei: S.IMEI,
		});
		expect(typeof d.reason).toBe('string');
	});
});

describe.each([
	['basil+ (parent.subscription_details)', false],
	['legacy (subscription / subscription_details)', true],
])('invoices, %s', (_name, legacy) => {
	const apiVersion = legacy ? S.LEGACY_API_VERSION : S.API_VERSION;

	test('#1 invoice.paid → activate, paid through the line period end', () => {
		const d = one(S.event('invoice.paid', S.invoice({ legacy }), { apiVersion }));
		expect(d).toMatchObject({ action: 'activate', desiredState: 'live', billingStatus: 'active', subscriptionId: 'sub_1SIMsub000000000000001', iccid: S.ICCID, paidThrough: '2026-12-01T00:00:00.000Z' });
		expect(d.reason).toBe('The renewal is paid through 1 Dec 2026. Activate the SIM.');
	});

	test('#2 invoice.payment_succeeded → activate; after invoice.paid for the same invoice it is a duplicate', () => {
		const decide = fresh();
		const inv = S.invoice({ legacy });
		expect(decide(S.event('invoice.paid', inv, { apiVersion })).item.action).toBe('activate');
		const d = decide(S.event('invoice.payment_succeeded', inv, { apiVersion })).item;
		expect(d).toMatchObject({ action: 'none', billingStatus: 'ignored' });
		expect(d.reason).toBe('Duplicate delivery: the same change to this object was already processed. No action.');
		expect(one(S.event('invoice.payment_succeeded', S.invoice({ legacy }), { apiVersion })).action).toBe('activate');
	});

	test('#3 invoice.payment_failed on the first invoice → pending, no action', () => {
		const inv = S.invoice({ legacy, status: 'open', billingReason: 'subscription_create' });
		expect(one(S.event('invoice.payment_failed', inv, { apiVersion }))).toMatchObject({ action: 'none', billingStatus: 'pending' });
	});

	test('#4 renewal failed, Stripe retries → grace: the SIM stays live', () => {
		const inv = S.invoice({ legacy, status: 'open', nextPaymentAttempt: 1793750400 });
		const d = one(S.event('invoice.payment_failed', inv, { apiVersion }));
		expect(d).toMatchObject({ action: 'activate', billingStatus: 'grace', desiredState: 'live', paidThrough: '2026-11-01T00:00:00.000Z' });
		expect(d.reason).toBe('A renewal payment failed (attempt 1) and Stripe retries on 4 Nov 2026. In grace until 8 Nov 2026 (paid through 1 Nov 2026 + 7 days), so the SIM stays live.');
	});

	test('#5 renewal failed, no more retries → grace until grace days run out, then suspend', () => {
		const inv = S.invoice({ legacy, status: 'open', attemptCount: 4, nextPaymentAttempt: null });
		const evt = S.event('invoice.payment_failed', inv, { apiVersion });
		const d = one(evt);
		expect(d).toMatchObject({ action: 'activate', billingStatus: 'grace' });
		expect(d.reason).toMatch(/will not retry/);
		const late = decider({}, { now: NOW + 10 * 86400000 })(evt).item;
		expect(late).toMatchObject({ action: 'suspend', billingStatus: 'suspended' });
	});

	test('invoice.payment_action_required on a renewal → grace', () => {
		const inv = S.invoice({ legacy, status: 'open' });
		expect(one(S.event('invoice.payment_action_required', inv, { apiVersion }))).toMatchObject({ action: 'none', billingStatus: 'grace' });
	});

	test('invoice.payment_action_required never suspends by itself, whatever the past-due policy and the date', () => {
		const inv = S.invoice({ legacy, status: 'open' });
		const evt = S.event('invoice.payment_action_required', inv, { apiVersion });
		for (const options of [{ pastDuePolicy: 'suspend' }, { graceDays: 0 }]) {
			const d = decider(options, { now: NOW + 60 * 86400000 })(evt).item;
			expect(d).toMatchObject({ action: 'none', billingStatus: 'grace' });
			expect(d.reason).toMatch(/authenticate/);
		}
	});

	test('informational invoice events → no action, ignored', () => {
		for (const type of ['invoice.created', 'invoice.finalized', 'invoice.upcoming', 'invoice.voided', 'invoice.marked_uncollectible', 'invoice.overdue']) {
			expect(one(S.event(type, S.invoice({ legacy, status: 'open' }), { apiVersion }))).toMatchObject({ action: 'none', billingStatus: 'ignored', eventType: type });
		}
	});
});

describe('subscription events', () => {
	const ev = (type, subOpts, evOpts) => S.event(type, S.subscription(subOpts), evOpts);

	test('#6 created active/trialing → activate; #6b created incomplete → pending', () => {
		expect(one(ev('customer.subscription.created', { status: 'active' }))).toMatchObject({ action: 'activate', billingStatus: 'active' });
		expect(one(ev('customer.subscription.created', { status: 'trialing', trialStart: 1793491200, trialEnd: 1794700800 }))).toMatchObject({
			action: 'activate',
			billingStatus: 'active',
			paidThrough: '2026-11-15T00:00:00.000Z',
		});
		expect(one(ev('customer.subscription.created', { status: 'incomplete' }))).toMatchObject({ action: 'none', billingStatus: 'pending' });
	});

	test('#7 updated to active (from past_due / incomplete / unpaid) → activate', () => {
		for (const prev of ['past_due', 'incomplete', 'unpaid']) {
			expect(one(ev('customer.subscription.updated', { status: 'active' }, { previousAttributes: { status: prev } }))).toMatchObject({ action: 'activate' });
		}
	});

	test('#8 updated to past_due → grace (default): the SIM stays live', () => {
		const d = one(ev('customer.subscription.updated', { status: 'past_due' }, { previousAttributes: { status: 'active' } }));
		expect(d).toMatchObject({ action: 'activate', billingStatus: 'grace', paidThrough: '2026-11-01T00:00:00.000Z' });
	});

	test('#9 updated to unpaid → suspend', () => {
		expect(one(ev('customer.subscription.updated', { status: 'unpaid' }))).toMatchObject({ action: 'suspend', desiredState: 'suspended', billingStatus: 'suspended' });
	});

	test('#10 updated to paused → suspend', () => {
		expect(one(ev('customer.subscription.updated', { status: 'paused' }))).toMatchObject({ action: 'suspend', billingStatus: 'suspended' });
	});

	test('#11 incomplete_expired → ended, suspend, however it arrives (updated, deleted, listed)', () => {
		expect(one(ev('customer.subscription.updated', { status: 'incomplete_expired' }))).toMatchObject({ action: 'suspend', billingStatus: 'ended' });
		expect(one(ev('customer.subscription.deleted', { status: 'incomplete_expired' }))).toMatchObject({ action: 'suspend', billingStatus: 'ended' });
		expect(one(S.subscription({ status: 'incomplete_expired' }))).toMatchObject({ action: 'suspend', billingStatus: 'ended' });
	});

	test('#12 only a scheduled cancellation changed → no action', () => {
		const d = one(ev('customer.subscription.updated', { status: 'active', cancelAtPeriodEnd: true }, { previousAttributes: { cancel_at_period_end: false } }));
		expect(d).toMatchObject({ action: 'none' });
		expect(d.reason).toMatch(/cancellation is scheduled for 1 Dec 2026/);
		const undone = one(ev('customer.subscription.updated', { status: 'active' }, { previousAttributes: { cancel_at_period_end: true, cancel_at: 1796083200 } }));
		expect(undone.reason).toMatch(/withdrawn/);
	});

	test('#13 pause_collection: active by default, suspend with pauseCollectionSuspends', () => {
		const evt = ev('customer.subscription.updated', { status: 'active', pauseCollection: { behavior: 'void', resumes_at: null } }, { previousAttributes: { pause_collection: null } });
		expect(one(evt)).toMatchObject({ action: 'activate', billingStatus: 'active' });
		expect(one(evt, { pauseCollectionSuspends: true })).toMatchObject({ action: 'suspend', billingStatus: 'suspended' });
		const cleared = ev('customer.subscription.updated', { status: 'active' }, { previousAttributes: { pause_collection: { behavior: 'void' } } });
		expect(one(cleared, { pauseCollectionSuspends: true })).toMatchObject({ action: 'activate' });
	});

	test('#14 deleted → suspend, ended, with the cancellation reason', () => {
		const d = one(ev('customer.subscription.deleted', { status: 'canceled', canceledAt: 1793491300, endedAt: 1793491300, cancellationReason: 'payment_failed' }));
		expect(d).toMatchObject({ action: 'suspend', desiredState: 'suspended', billingStatus: 'ended' });
		expect(d.reason).toBe('The subscription has ended (payment failed). Suspend the SIM.');
	});

	test('#15 paused → suspend; #16 resumed → activate only when active', () => {
		expect(one(ev('customer.subscription.paused', { status: 'paused' }))).toMatchObject({ action: 'suspend' });
		expect(one(ev('customer.subscription.resumed', { status: 'active' }))).toMatchObject({ action: 'activate' });
		expect(one(ev('customer.subscription.resumed', { status: 'incomplete' }))).toMatchObject({ action: 'none', billingStatus: 'pending' });
	});

	test('#17 trial_will_end and pending updates → no action', () => {
		for (const type of ['customer.subscription.trial_will_end', 'customer.subscription.pending_update_applied', 'customer.subscription.pending_update_expired']) {
			expect(one(ev(type, { status: 'trialing', trialEnd: 1794700800 }))).toMatchObject({ action: 'none', billingStatus: 'ignored' });
		}
	});

	test('legacy subscription shape (current_period_* on the subscription)', () => {
		const d = one(ev('customer.subscription.updated', { status: 'past_due', legacy: true }, { apiVersion: S.LEGACY_API_VERSION }));
		expect(d).toMatchObject({ action: 'activate', billingStatus: 'grace', paidThrough: '2026-11-01T00:00:00.000Z' });
	});
});

describe('checkout, payment intents, refunds, disputes', () => {
	test('#18 checkout.session.completed in subscription mode → no action (subscription events decide)', () => {
		const d = one(S.event('checkout.session.completed', S.checkoutSession({ mode: 'subscription', subscriptionId: 'sub_1SIMsub000000000000009', metadata: {} })));
		expect(d).toMatchObject({ action: 'none', billingStatus: 'ignored', subscriptionId: 'sub_1SIMsub000000000000009' });
	});

	test('#19 checkout.session.completed one-off paid with device id → activate', () => {
		expect(one(S.event('checkout.session.completed', S.checkoutSession()))).toMatchObject({ action: 'activate', iccid: S.ICCID });
	});

	test('#20 checkout.session.completed unpaid (delayed method) → pending', () => {
		expect(one(S.event('checkout.session.completed', S.checkoutSession({ paymentStatus: 'unpaid' })))).toMatchObject({ action: 'none', billingStatus: 'pending' });
	});

	test('#21 async payment succeeded → activate, failed → no action; expired → no action', () => {
		expect(one(S.event('checkout.session.async_payment_succeeded', S.checkoutSession()))).toMatchObject({ action: 'activate' });
		expect(one(S.event('checkout.session.async_payment_failed', S.checkoutSession({ paymentStatus: 'unpaid' })))).toMatchObject({ action: 'none', billingStatus: 'ignored' });
		expect(one(S.event('checkout.session.expired', S.checkoutSession({ paymentStatus: 'unpaid' })))).toMatchObject({ action: 'none' });
	});

	test('#22 payment_intent.succeeded with device id → activate; without → no action (not a device payment)', () => {
		expect(one(S.event('payment_intent.succeeded', S.paymentIntent()))).toMatchObject({ action: 'activate', iccid: S.ICCID });
		const d = one(S.event('payment_intent.succeeded', S.paymentIntent({ metadata: {} })));
		expect(d).toMatchObject({ action: 'none', billingStatus: 'ignored', iccid: null });
		expect(d.reason).toMatch(/not a device payment/);
		expect(one(S.event('payment_intent.payment_failed', S.paymentIntent({ status: 'requires_payment_method' })))).toMatchObject({ action: 'none' });
		expect(one(S.event('payment_intent.processing', S.paymentIntent({ status: 'processing' })))).toMatchObject({ action: 'none', billingStatus: 'pending' });
	});

	test('#23 charge.refunded → no action, full and partial told apart', () => {
		const full = one(S.event('charge.refunded', S.charge()));
		expect(full).toMatchObject({ action: 'none', billingStatus: 'ignored' });
		expect(full.reason).toMatch(/fully refunded/);
		expect(one(S.event('charge.refunded', S.charge({ refunded: false, amountRefunded: 300 }))).reason).toMatch(/partially refunded/);
	});

	test('#24 charge.dispute.created → suspend (suspendOnDispute), or no action when off', () => {
		const evt = S.event('charge.dispute.created', S.dispute());
		expect(one(evt)).toMatchObject({ action: 'suspend', billingStatus: 'suspended', iccid: S.ICCID });
		expect(one(evt, { suspendOnDispute: false })).toMatchObject({ action: 'none' });
		// a dispute that arrives already lost still suspends
		expect(one(S.event('charge.dispute.created', S.dispute({ status: 'lost' })))).toMatchObject({ action: 'suspend' });
	});

	test('an inquiry (dispute status warning_*) is not a chargeback: no action', () => {
		for (const status of ['warning_needs_response', 'warning_under_review']) {
			const d = one(S.event('charge.dispute.created', S.dispute({ status })));
			expect(d).toMatchObject({ action: 'none' });
			expect(d.reason).toMatch(/inquiry/);
			expect(one(S.dispute({ status }))).toMatchObject({ action: 'none' });
		}
	});

	test('#25 charge.dispute.closed won → activate only when the dispute alone held the SIM; lost → stays suspended', () => {
		const decide = fresh();
		expect(decide(S.event('charge.dispute.created', S.dispute({ id: 'dp_A' }), { created: 1793491000 })).item.action).toBe('suspend');
		expect(decide(S.event('charge.dispute.closed', S.dispute({ id: 'dp_A', status: 'won' }), { created: 1793492000 })).item).toMatchObject({ action: 'activate', billingStatus: 'active' });

		const lost = fresh();
		lost(S.event('charge.dispute.created', S.dispute({ id: 'dp_B' })));
		expect(lost(S.event('charge.dispute.closed', S.dispute({ id: 'dp_B', status: 'lost' }))).item).toMatchObject({ action: 'suspend', billingStatus: 'suspended' });

		// suspended for another reason too (subscription unpaid): a won dispute does not reactivate
		const both = fresh();
		both(S.event('charge.dispute.created', S.dispute({ id: 'dp_C' })));
		both(S.event('customer.subscription.updated', S.subscription({ status: 'unpaid' })));
		const won = both(S.event('charge.dispute.closed', S.dispute({ id: 'dp_C', status: 'won' }))).item;
		expect(won).toMatchObject({ action: 'suspend' });
		expect(won.reason).toMatch(/no subscription naming this device is paid/);

		// another dispute on the same device still open: the won one does not reactivate
		const two = fresh();
		two(S.event('charge.dispute.created', S.dispute({ id: 'dp_D' }), { created: 1793491000 }));
		two(S.event('charge.dispute.created', S.dispute({ id: 'dp_E' }), { created: 1793491001 }));
		expect(two(S.event('charge.dispute.closed', S.dispute({ id: 'dp_D', status: 'won' }), { created: 1793492000 })).item.reason).toMatch(/But dispute dp_E on this device is open\. Suspend the SIM\.$/);

		// no record of a dispute suspension → no action
		expect(one(S.event('charge.dispute.closed', S.dispute({ status: 'won' })))).toMatchObject({ action: 'none' });
		for (const t of ['charge.dispute.updated', 'charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated']) {
			expect(one(S.event(t, S.dispute()))).toMatchObject({ action: 'none' });
		}
	});

	test('events of other types → no action, ignored', () => {
		const d = one(S.event('customer.updated', { id: 'cus_TESTbike0001', object: 'customer', metadata: {} }));
		expect(d).toMatchObject({ action: 'none', billingStatus: 'ignored', eventType: 'customer.updated' });
	});
});

describe('policy options', () => {
	const pastDue = S.event('customer.subscription.updated', S.subscription({ status: 'past_due' }), { previousAttributes: { status: 'active' } });

	test('pastDuePolicy: suspend at the first failed renewal', () => {
		expect(one(pastDue, { pastDuePolicy: 'suspend' })).toMatchObject({ action: 'suspend', billingStatus: 'suspended' });
		expect(one(S.event('invoice.payment_failed', S.invoice({ status: 'open', nextPaymentAttempt: 1793750400 })), { pastDuePolicy: 'suspend' }).action).toBe('suspend');
	});

	test('graceDays: past due and paid-through + graceDays in the past → suspend; 0 → suspend', () => {
		expect(one(pastDue, { graceDays: 7 }).action).toBe('activate');
		expect(one(pastDue, { graceDays: 1 }).action).toBe('suspend'); // 2026-11-01 + 1 day < 2026-11-03
		expect(one(pastDue, { graceDays: 0 }).action).toBe('suspend');
		expect(one(pastDue, { graceDays: '30' }).action).toBe('activate');
	});

	test('trialingIsActive: false → pending, also the zero-amount trial invoice', () => {
		const trial = S.event('customer.subscription.created', S.subscription({ status: 'trialing', trialEnd: 1794700800 }));
		expect(one(trial, { trialingIsActive: false })).toMatchObject({ action: 'none', billingStatus: 'pending' });
		const zero = S.event('invoice.paid', S.invoice({ amount: 0, billingReason: 'subscription_create' }));
		expect(one(zero)).toMatchObject({ action: 'activate' });
		expect(one(zero, { trialingIsActive: false })).toMatchObject({ action: 'none', billingStatus: 'pending' });
	});

	test('honourPaidPeriodOnCancel: no action while the paid period runs, with the date; suspend after it', () => {
		const evt = S.event('customer.subscription.deleted', S.subscription({ status: 'canceled', canceledAt: 1793600000, endedAt: 1793600000 }));
		expect(one(evt).action).toBe('suspend');
		const d = one(evt, { honourPaidPeriodOnCancel: true });
		expect(d).toMatchObject({ action: 'none', billingStatus: 'ended', paidThrough: '2026-12-01T00:00:00.000Z' });
		expect(d.reason).toMatch(/The paid period runs until 1 Dec 2026 \("Honour Paid Period On Cancel" is on\)\. No action until then/);
		const after = decider({ honourPaidPeriodOnCancel: true }, { now: Date.parse('2026-12-02T00:00:00Z') })(evt).item;
		expect(after.action).toBe('suspend');
	});

	test('deviceIdKeys: custom metadata keys, in order', () => {
		const sub = S.subscription({ metadata: { sim_iccid: S.ICCID19, bike: 'E-42' } });
		expect(one(sub, { deviceIdKeys: 'sim_iccid' })).toMatchObject({ action: 'activate', iccid: S.ICCID19 });
		expect(() => one(sub)).toThrow(/no device id/);
	});

	test('livemode is passed through', () => {
		expect(one(S.event('invoice.paid', S.invoice({ livemode: true }), { livemode: true })).livemode).toBe(true);
	});
});

describe('Stripe dispute shapes', () => {
	test('a prevented dispute never suspends, created or closed, and lifts nothing it did not hold', () => {
		const decide = decider();
		decide(S.event('invoice.paid', S.invoice(), { created: 1793491000 }));
		const prevented = S.dispute({ id: 'dp_prev', status: 'prevented' });
		const created = decide(S.event('charge.dispute.created', prevented, { created: 1793492000 })).item;
		expect(created.action).not.toBe('suspend');
		expect(created.reason).toMatch(/prevented before it became a chargeback/);
		expect(decide(S.event('charge.dispute.closed', prevented, { created: 1793492060 })).item.action).not.toBe('suspend');
		expect(one(S.event('charge.dispute.created', S.dispute({ status: 'prevented' }))).action).not.toBe('suspend');
	});

	test('a real dispute (empty metadata, bare charge id) is No Action saying how to reach the device, whatever On Missing Device ID', () => {
		const real = S.event('charge.dispute.created', { ...S.dispute({ metadata: {} }), charge: 'ch_3Real', payment_intent: 'pi_3Real' });
		for (const onMissingDeviceId of ['error', 'ignore']) {
			const d = one(real, { onMissingDeviceId });
			expect(d).toMatchObject({ action: 'none', billingStatus: 'ignored' });
			expect(d.reason).toMatch(/Turn on "Confirm With Gateway"/);
		}
	});

	test('since API 2025-03-31 a PaymentIntent of a subscription invoice has no invoice field: its description says so', () => {
		const pi = { ...S.paymentIntent({ metadata: { iccid: S.ICCID } }), description: 'Subscription creation' };
		const d = one(S.event('payment_intent.succeeded', pi));
		expect(d).toMatchObject({ action: 'none' });
		expect(d.reason).toMatch(/^A payment for a subscription invoice \("Subscription creation"\)\. The invoice and subscription events decide\. No action\.$/);
	});
});
