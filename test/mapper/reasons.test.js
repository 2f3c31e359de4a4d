/**
 * `reason` is read by people in n8n's execution table: for items from every gateway, in order, repeated and late,
 * under each policy option, it is a run of plain sentences that does not repeat the raw event name (the output's
 * `eventType` already carries it).
 */
const { decider, run, NOW } = require('./helpers');
const S = require('./fixtures/stripe');
const bt = require('./fixtures/braintree');
const paddle = require('./fixtures/paddle');
const chargebee = require('./fixtures/chargebee');
const gc = require('./fixtures/gocardless');
const paypal = require('./fixtures/paypal');
const mollie = require('./fixtures/mollie');
const { lives } = require('./fixtures/lives');
const { gatewayLives } = require('./fixtures/gatewayLives');

const OPTION_SETS = [
	{},
	{ honourPaidPeriodOnCancel: true },
	{ pastDuePolicy: 'suspend' },
	{ graceDays: 0 },
	{ trialingIsActive: false, pauseCollectionSuspends: true },
	{ suspendOnDispute: false, onMissingDeviceId: 'ignore' },
];

/** Each gateway's life as items: a GoCardless webhook body becomes its events, as the Payment Webhook Trigger does. */
function gatewayItems() {
	const { LIVES } = gatewayLives({ iccid: '89490200001234567891', imei: '356938035643810' }, Math.floor(NOW / 1000));
	return Object.values(LIVES).flatMap((life) => life().flatMap(([, item]) => (Array.isArray(item.events) ? item.events : [item])));
}

function stripeOddities() {
	return [
		S.event('charge.refunded', S.charge({ refunded: false, amountRefunded: 300 })),
		S.event('charge.refunded', S.charge()),
		S.event('charge.succeeded', S.charge()),
		S.event('checkout.session.completed', S.checkoutSession({ mode: 'subscription', subscriptionId: 'sub_cs' })),
		S.event('checkout.session.completed', S.checkoutSession()),
		S.event('checkout.session.completed', S.checkoutSession({ paymentStatus: 'unpaid' })),
		S.event('checkout.session.async_payment_failed', S.checkoutSession({ paymentStatus: 'unpaid' })),
		S.event('checkout.session.expired', S.checkoutSession({ paymentStatus: 'unpaid' })),
		S.event('payment_intent.succeeded', S.paymentIntent()),
		S.event('payment_intent.succeeded', S.paymentIntent({ metadata: {} })),
		S.event('payment_intent.processing', S.paymentIntent({ status: 'processing' })),
		S.event('payment_intent.payment_failed', S.paymentIntent({ status: 'requires_payment_method' })),
		S.event('invoice.payment_action_required', S.invoice({ status: 'open' })),
		S.event('invoice.payment_failed', S.invoice({ status: 'open' })),
		S.event('invoice.finalized', S.invoice({ status: 'open' })),
		S.event('charge.dispute.created', S.dispute({ status: 'warning_needs_response' })),
		S.event('charge.dispute.created', S.dispute()),
		S.event('charge.dispute.created', S.dispute({ metadata: {} })),
		S.event('charge.dispute.closed', S.dispute({ status: 'prevented' })),
		S.event('charge.dispute.updated', S.dispute({ status: 'under_review' })),
		S.event('customer.subscription.trial_will_end', S.subscription({ status: 'trialing', trialEnd: 1793491200 })),
		S.event('customer.subscription.updated', S.subscription({ status: 'trialing', trialEnd: 1793491200 })),
		S.event('customer.subscription.updated', S.subscription({ pauseCollection: { behavior: 'mark_uncollectible' } })),
		S.event('customer.subscription.updated', S.subscription({ cancelAtPeriodEnd: true }), { previousAttributes: { cancel_at_period_end: false } }),
		S.event('customer.subscription.updated', S.subscription({ status: 'past_due' })),
		S.event('customer.subscription.updated', S.subscription({ status: 'unpaid' })),
		S.event('customer.subscription.paused', S.subscription({ status: 'paused' })),
		S.event('customer.subscription.deleted', S.subscription({ status: 'canceled', cancellationReason: 'payment_failed', canceledAt: 1793577600, endedAt: 1793577600 })),
		S.event('customer.subscription.deleted', S.subscription({ status: 'canceled', metadata: { iccid: '123' } })),
		S.event('customer.created', { object: 'customer', id: 'cus_1' }),
		S.subscription({ status: 'incomplete_expired' }),
		S.subscription({ status: 'past_due', metadata: {} }),
		S.invoice(),
	];
}

function braintreeItems() {
	const id = 'iccid-8988303000000000001';
	const statuses = ['Active', 'Past Due', 'Canceled', 'Expired', 'Pending'];
	return Promise.all([
		...[...bt.SUBSCRIPTION_KINDS, ...bt.DISPUTE_KINDS, 'check'].map((kind) =>
			bt.notification(kind, id, { subscription: { status: 'Active', paidThroughDate: '2026-12-01', daysPastDue: 1 } }),
		),
		...statuses.map((status) => bt.subscriptionObject({ id, status })),
		bt.subscriptionObject({ id: 'plan-without-device', status: 'Active' }),
	]);
}

function otherItems() {
	return [
		...['active', 'pending', 'suspended', 'canceled', 'completed'].map((status) => mollie.subscription({ status })),
		...['paid', 'failed', 'open'].map((status) => mollie.payment({ status })),
		mollie.payment({ status: 'paid', subscriptionId: null, sequenceType: 'oneoff', metadata: { iccid: mollie.ICCID } }),
		paddle.event('adjustment.created', { id: 'adj_1', action: 'chargeback', subscription_id: 'sub_x', transaction_id: 'txn_x', customer_id: 'ctm_1' }),
		paddle.event('transaction.billed', paddle.transaction()),
		paddle.event('subscription.trialing', paddle.subscription({ status: 'trialing' })),
		chargebee.event('payment_refunded', { subscription: chargebee.subscription() }),
		chargebee.event('subscription_created', { subscription: chargebee.subscription({ status: 'in_trial' }) }),
		chargebee.event('subscription_created', { subscription: chargebee.subscription({ status: 'future' }) }),
		chargebee.event('subscription_changed', { subscription: chargebee.subscription({ status: 'non_renewing' }) }),
		paypal.event('PAYMENT.SALE.REVERSED', paypal.sale()),
		paypal.event('PAYMENT.SALE.REFUNDED', paypal.sale()),
		paypal.event('BILLING.SUBSCRIPTION.CREATED', paypal.subscription({ status: 'APPROVAL_PENDING' })),
		paypal.event('BILLING.SUBSCRIPTION.EXPIRED', paypal.subscription({ status: 'EXPIRED' })),
		...['charged_back', 'chargeback_cancelled', 'chargeback_settled', 'submitted', 'resubmission_requested'].map((action) => gc.event('payments', action, { links: { subscription: 'SB9', payment: `PM_${action}` } })),
		gc.event('mandates', 'cancelled', { links: { mandate: 'MD1' } }),
		gc.event('subscriptions', 'amended', { links: { subscription: 'SB9' } }),
		gc.event('payouts', 'paid', { links: { payout: 'PO1' } }),
	];
}

/** Every item decided in order, then again (duplicates), then in reverse order with a fresh store (late events). */
function decideAll(items, options) {
	const decisions = [];
	const inOrder = decider(options);
	const reversed = decider(options);
	for (const json of [...items, ...items]) decisions.push(attempt(inOrder, json));
	for (const json of [...items].reverse()) decisions.push(attempt(reversed, json));
	return decisions.filter(Boolean);
}

/** A decision, or null for an item error (a device id that is required and missing is an error, not a reason). */
function attempt(decide, json) {
	try {
		return decide(json).item;
	} catch (e) {
		if (e.name === 'ItemError' || /device id|Confirm With Gateway/.test(e.message)) return null;
		throw e;
	}
}

function problemsOf(item) {
	const { reason, eventType, gateway } = item;
	const problems = [];
	if (!/^[A-Z"]/.test(reason)) problems.push('does not start with a capital letter');
	if (!/[^.]\.$/.test(reason)) problems.push('does not end with one period');
	if (reason.includes(';')) problems.push('has a ";"');
	if (reason.includes('..')) problems.push('has ".."');
	if (/undefined|null|NaN|\[object/.test(reason)) problems.push('shows a missing value');
	// the raw event name (a status of the custom gateway or an object type of a bare object is information, not a name)
	if (gateway !== 'custom' && eventType && /[._]/.test(eventType) && reason.includes(eventType)) problems.push(`repeats the event name ${eventType}`);
	return problems;
}

describe('every reason is plain sentences', () => {
	let items;
	beforeAll(async () => {
		const stripeLives = [...lives(), ...lives({ withDeviceOnDispute: true })].flatMap((life) => life.events);
		items = [...stripeLives, ...stripeOddities(), ...(await braintreeItems()), ...gatewayItems(), ...otherItems()];
	});

	test.each(OPTION_SETS.map((o) => [JSON.stringify(o), o]))('options %s', (_name, options) => {
		const decisions = decideAll(items, options);
		expect(decisions.length).toBeGreaterThan(items.length * 2);
		const gateways = new Set(decisions.map((d) => d.gateway));
		expect([...gateways].sort()).toEqual(['braintree', 'chargebee', 'gocardless', 'mollie', 'paddle', 'paypal', 'stripe']);
		const bad = decisions.map((d) => ({ eventType: d.eventType, reason: d.reason, problems: problemsOf(d) })).filter((d) => d.problems.length > 0);
		expect(bad).toEqual([]);
	});

	test('the custom gateway, and a device named twice in one execution', async () => {
		const custom = decider({ gateway: 'custom', statusField: 'status', deviceIdField: 'iccid', activeValues: 'paid', suspendValues: 'overdue' });
		const customItems = [{ status: 'paid', iccid: S.ICCID }, { status: 'overdue', iccid: S.ICCID }, { status: 'refunded', iccid: S.ICCID }, { iccid: S.ICCID }].map((j) => custom(j).item);
		const { out } = await run(
			[S.event('invoice.paid', S.invoice({ id: 'in_a', subscriptionId: 'sub_a' })), S.event('invoice.paid', S.invoice({ id: 'in_b', subscriptionId: 'sub_b' }))],
			{ gateway: 'auto' },
		);
		const batch = out.flat().map((i) => i.json);
		expect(batch.map((i) => i.reason)).toEqual([
			'The renewal is paid through 1 Dec 2026. Activate the SIM.',
			'The renewal is paid through 1 Dec 2026. Activate the SIM. But item 1 of this execution decides this device, so no action here.',
		]);
		for (const item of [...customItems, ...batch]) expect(problemsOf(item)).toEqual([]);
	});
});
