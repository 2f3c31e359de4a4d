'use strict';
/*
 * Subscription lives for the load-and-fault run, as Stripe sends them (events built with the Stripe fixtures, which
 * follow stripe@23's types): each device gets one life; each event carries the subscription as Stripe holds it right
 * after that event, so a gateway stand-in can move forward as the events happen.
 *
 *   const lives = buildLives(iccids, { seed });  // [{ iccid, life, events: [{ evt, subscription }], expected }]
 *
 * `expected` is the SIM state the device must end in ('live' while any subscription naming it is paid or in grace,
 * else 'suspended'), taken from the subscriptions' final statuses, not from any code under test.
 */
const S = require('../mapper/fixtures/stripe');

const DAY = 86400;
const WANTED_LIVE = new Set(['active', 'trialing', 'past_due']);

/** A life: (ids, t0) → its events in the order Stripe generated them. */
const LIVES = {
	firstPayment: ({ sub, paid }, t0) => [paid(sub('active', t0), t0, 'subscription_create')],
	renewal: ({ sub, paid }, t0) => [paid(sub('active', t0), t0, 'subscription_create'), paid(sub('active', t0 + 30 * DAY), t0 + 30 * DAY, 'subscription_cycle')],
	graceThenRecovery: ({ sub, paid, failed, updated }, t0) => [
		paid(sub('active', t0), t0, 'subscription_create'),
		failed(sub('past_due', t0 + 30 * DAY), t0 + 30 * DAY),
		updated(sub('past_due', t0 + 30 * DAY), t0 + 30 * DAY + 60, { status: 'active' }),
		paid(sub('active', t0 + 30 * DAY), t0 + 33 * DAY, 'subscription_cycle'),
	],
	unpaid: ({ sub, paid, failed, updated }, t0) => [
		paid(sub('active', t0), t0, 'subscription_create'),
		failed(sub('past_due', t0 + 30 * DAY), t0 + 30 * DAY),
		updated(sub('unpaid', t0 + 30 * DAY), t0 + 38 * DAY, { status: 'past_due' }),
	],
	cancel: ({ sub, paid, deleted }, t0) => [paid(sub('active', t0), t0, 'subscription_create'), deleted(sub('canceled', t0, { canceledAt: t0 + 20 * DAY, endedAt: t0 + 20 * DAY }), t0 + 20 * DAY)],
	planChange: ({ sub, paid, updated }, t0) => [
		paid(sub('active', t0), t0, 'subscription_create'),
		updated(sub('active', t0 + 10 * DAY), t0 + 10 * DAY, { items: {} }),
		paid(sub('active', t0 + 10 * DAY), t0 + 10 * DAY + 60, 'subscription_update'),
	],
	checkoutAfterPayment: ({ sub, paid, checkout }, t0) => [paid(sub('active', t0), t0, 'subscription_create'), checkout(sub('active', t0), t0 + 1)],
	cancelAtPeriodEnd: ({ sub, paid, updated }, t0) => [
		paid(sub('active', t0 + 30 * DAY), t0 + 30 * DAY, 'subscription_cycle'),
		updated(sub('active', t0 + 30 * DAY, { cancelAtPeriodEnd: true, cancelAt: t0 + 60 * DAY }), t0 + 30 * DAY + 60, { cancel_at_period_end: false }),
	],
	twoSubscriptions: ({ sub, paid, deleted, second }, t0) => {
		const b = second();
		return [
			paid(sub('active', t0), t0, 'subscription_create'),
			b.paid(b.sub('active', t0 + 5 * DAY), t0 + 5 * DAY, 'subscription_create'),
			deleted(sub('canceled', t0, { canceledAt: t0 + 6 * DAY, endedAt: t0 + 6 * DAY }), t0 + 6 * DAY),
		];
	},
};

/** Event builders for one subscription of one device. */
function builders(iccid, customer, subId) {
	const metadata = { iccid };
	const sub = (status, periodStart, extra = {}) => S.subscription({ id: subId, customer, status, metadata, periodStart, ...extra });
	const withSub = (evt, subscription) => ({ evt, subscription });
	return {
		sub,
		paid: (subscription, created, billingReason) =>
			withSub(S.event('invoice.paid', S.invoice({ subscriptionId: subId, customer, metadata, billingReason, periodStart: created }), { created }), subscription),
		failed: (subscription, created) =>
			withSub(S.event('invoice.payment_failed', S.invoice({ subscriptionId: subId, customer, metadata, status: 'open', periodStart: created, attemptCount: 1, nextPaymentAttempt: created + 3 * DAY }), { created }), subscription),
		updated: (subscription, created, previousAttributes) => withSub(S.event('customer.subscription.updated', subscription, { created, previousAttributes }), subscription),
		deleted: (subscription, created) => withSub(S.event('customer.subscription.deleted', subscription, { created }), subscription),
		checkout: (subscription, created) =>
			withSub(S.event('checkout.session.completed', S.checkoutSession({ mode: 'subscription', paymentStatus: 'paid', metadata: {}, subscriptionId: subId }), { created }), subscription),
	};
}

/** One life per ICCID, cycling through LIVES; subscription and customer ids are unique per run (`tag`). */
function buildLives(iccids, { tag = 'Q', now = Math.floor(Date.now() / 1000), names = Object.keys(LIVES) } = {}) {
	const t0 = now - 40 * DAY;
	return iccids.map((iccid, i) => {
		const life = names[i % names.length];
		const customer = `cus_${tag}${String(i).padStart(6, '0')}`;
		const ids = [`sub_${tag}${String(i).padStart(6, '0')}a`, `sub_${tag}${String(i).padStart(6, '0')}b`];
		const first = builders(iccid, customer, ids[0]);
		const events = LIVES[life]({ ...first, second: () => builders(iccid, customer, ids[1]) }, t0);
		// every subscription's last state = what Stripe holds once the life is over
		const final = new Map();
		for (const e of events) final.set(e.subscription.id, e.subscription);
		const expected = [...final.values()].some((s) => WANTED_LIVE.has(s.status)) ? 'live' : 'suspended';
		return { iccid, life, customer, events, subscriptions: [...final.values()], expected };
	});
}

module.exports = { buildLives, LIVES, WANTED_LIVE };
