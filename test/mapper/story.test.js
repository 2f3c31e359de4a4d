/** The E-Bikes story end to end through the policy, default options, one store (as one workflow's static data). */
const S = require('./fixtures/stripe');
const { decider } = require('./helpers');

const DAY = 86400;
const P1 = 1790812800; // 2026-10-01: first period
const P2 = P1 + 31 * DAY; // 2026-11-01: first renewal
const P3 = P2 + 30 * DAY; // 2026-12-01: second renewal

test('paid → activate; renewal → activate (no-op); failed → grace (stays live); unpaid → suspend; paid again → activate; canceled → suspend and stays', () => {
	let now = (P1 + 60) * 1000;
	const staticData = {};
	const step = (evt) => decider({}, { staticData, now })(evt);

	// 1. first payment
	const sub = (status, periodStart) => S.subscription({ status, periodStart, periodEnd: periodStart + 30 * DAY });
	expect(step(S.event('customer.subscription.created', sub('incomplete', P1), { created: P1 })).item).toMatchObject({ action: 'none', billingStatus: 'pending' });
	const first = step(S.event('invoice.paid', S.invoice({ billingReason: 'subscription_create', periodStart: P1, periodEnd: P2 }), { created: P1 + 5 }));
	expect(first.item).toMatchObject({ action: 'activate', desiredState: 'live', iccid: S.ICCID, paidThrough: new Date(P2 * 1000).toISOString() });
	expect(step(S.event('customer.subscription.updated', sub('active', P1), { created: P1 + 6, previousAttributes: { status: 'incomplete' } })).item.action).toBe('activate');

	// 2. renewal paid while live: activate again (setState makes it a no-op)
	now = (P2 + 60) * 1000;
	expect(step(S.event('customer.subscription.updated', sub('active', P2), { created: P2 + 1, previousAttributes: { items: {} } })).item.action).toBe('activate');
	const renewal = S.event('invoice.paid', S.invoice({ periodStart: P2, periodEnd: P3 }), { created: P2 + 2 });
	expect(step(renewal).item.action).toBe('activate');
	expect(step(renewal).item.action).toBe('none'); // retried delivery

	// 3. next renewal fails: grace while Stripe retries
	now = (P3 + 3600) * 1000;
	const failed = step(S.event('invoice.payment_failed', S.invoice({ status: 'open', periodStart: P3, nextPaymentAttempt: P3 + 3 * DAY }), { created: P3 + 10 }));
	expect(failed.item).toMatchObject({ action: 'activate', billingStatus: 'grace' });
	expect(step(S.event('customer.subscription.updated', sub('past_due', P3), { created: P3 + 11, previousAttributes: { status: 'active' } })).item).toMatchObject({ action: 'activate', billingStatus: 'grace' });

	// 4. Stripe gives up: unpaid → suspend
	now = (P3 + 5 * DAY) * 1000;
	expect(step(S.event('customer.subscription.updated', sub('unpaid', P3), { created: P3 + 5 * DAY, previousAttributes: { status: 'past_due' } })).item).toMatchObject({ action: 'suspend', desiredState: 'suspended', billingStatus: 'suspended' });
	// a late copy of the old past_due snapshot changes nothing
	expect(step(S.event('customer.subscription.updated', sub('past_due', P3), { created: P3 + 12 })).item.action).toBe('none');

	// 5. the customer pays again → activate
	now = (P3 + 6 * DAY) * 1000;
	expect(step(S.event('invoice.paid', S.invoice({ periodStart: P3, periodEnd: P3 + 30 * DAY }), { created: P3 + 6 * DAY })).item.action).toBe('activate');
	expect(step(S.event('customer.subscription.updated', sub('active', P3), { created: P3 + 6 * DAY + 1, previousAttributes: { status: 'unpaid' } })).item.action).toBe('activate');
	// the old failure arrives late: nothing
	expect(step(S.event('invoice.payment_failed', S.invoice({ status: 'open', periodStart: P3, attemptCount: 2, nextPaymentAttempt: P3 + 4 * DAY }), { created: P3 + 3 * DAY })).item.action).toBe('none');

	// 6. canceled → suspend, and it stays so whatever arrives late
	now = (P3 + 10 * DAY) * 1000;
	const deleted = step(S.event('customer.subscription.deleted', S.subscription({ status: 'canceled', periodStart: P3, canceledAt: P3 + 10 * DAY, endedAt: P3 + 10 * DAY, cancellationReason: 'cancellation_requested' }), { created: P3 + 10 * DAY }));
	expect(deleted.item).toMatchObject({ action: 'suspend', billingStatus: 'ended' });
	for (const late of [
		S.event('customer.subscription.updated', sub('active', P3), { created: P3 + 6 * DAY + 2 }),
		S.event('invoice.paid', S.invoice({ periodStart: P3 + 30 * DAY, periodEnd: P3 + 60 * DAY }), { created: P3 + 11 * DAY }),
		S.event('customer.subscription.resumed', sub('active', P3), { created: P3 + 12 * DAY }),
	]) {
		const d = step(late);
		expect(d.item.action).toBe('none');
		expect(d.item.reason).toMatch(/already ended/);
	}
	// the nightly reconcile lists the canceled subscription: suspend again (idempotent)
	expect(step(S.subscription({ status: 'canceled', periodStart: P3 })).item.action).toBe('suspend');
});

