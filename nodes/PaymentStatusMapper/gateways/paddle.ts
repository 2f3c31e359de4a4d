/**
 * Paddle Billing: an event as Paddle posts it (`event_id`, `event_type`, `occurred_at`, `data`; the Payment Webhook
 * Trigger emits it as is) or a bare subscription (`GET /subscriptions/{id}`, the list). Shapes: the
 * @paddle/paddle-node-sdk notification types; statuses `active | canceled | past_due | paused | trialing`. The
 * device id is in `custom_data`, which Paddle copies from the checkout's transaction to the subscription and from
 * the subscription to its renewals.
 */
import type { Interpretation } from '../types';
import { type GatewayParser, payloadIn, type Reading } from './parser';
import { dateToMs, day, isObj, type Obj, str } from '../values';

const STATUSES = new Set(['active', 'canceled', 'past_due', 'paused', 'trialing']);

export function isPaddleEvent(v: unknown): v is Obj {
	return isObj(v) && typeof v.event_id === 'string' && typeof v.event_type === 'string' && /^[a-z_]+\.[a-z_]+$/.test(v.event_type) && isObj(v.data);
}

export function isPaddleSubscription(v: unknown): v is Obj {
	return (
		isObj(v) &&
		!('object' in v) &&
		typeof v.id === 'string' &&
		v.id.startsWith('sub_') &&
		typeof v.status === 'string' &&
		STATUSES.has(v.status) &&
		typeof v.customer_id === 'string' &&
		isObj(v.billing_cycle)
	);
}


const RETRYING = 'a renewal payment failed and Paddle is retrying';

const period = (o: Obj, key: string): { start: number | null; end: number | null } => {
	const p = isObj(o[key]) ? (o[key] as Obj) : {};
	return { start: dateToMs(p.starts_at), end: dateToMs(p.ends_at) };
};

function fromSubscription(sub: Obj): Reading {
	const status = str(sub.status) ?? 'unknown';
	const p = period(sub, 'current_billing_period');
	const scheduled = isObj(sub.scheduled_change) ? str(sub.scheduled_change.action) : null;
	switch (status) {
		case 'active':
			return {
				signal: 'active',
				detail: `the subscription is active${scheduled ? ` (a ${scheduled} is scheduled for ${day(dateToMs((sub.scheduled_change as Obj).effective_at))})` : ''}`,
				paidThroughMs: p.end,
				failedPeriodStartMs: null,
			};
		case 'trialing':
			return { signal: 'trialing', detail: `the subscription is in its trial until ${day(p.end)}`, paidThroughMs: p.end, failedPeriodStartMs: null };
		case 'past_due':
			return { signal: 'past_due', detail: RETRYING, paidThroughMs: p.start, failedPeriodStartMs: p.start };
		case 'paused':
			return { signal: 'paused', detail: 'the subscription is paused and does not bill', paidThroughMs: null, failedPeriodStartMs: null };
		case 'canceled':
			return { signal: 'canceled', detail: 'the subscription has ended', paidThroughMs: p.end, failedPeriodStartMs: null };
		default:
			return { signal: 'info', detail: `the subscription status "${status}" is not a known Paddle status`, paidThroughMs: null, failedPeriodStartMs: null };
	}
}

function fromTransaction(type: string, txn: Obj): Reading {
	const p = period(txn, 'billing_period');
	const subscription = str(txn.subscription_id);
	switch (type) {
		case 'transaction.completed':
			return subscription
				? { signal: 'active', detail: `the subscription's payment was completed, paid through ${day(p.end)}`, paidThroughMs: p.end, failedPeriodStartMs: null }
				: { signal: 'active', detail: 'a one-off payment was completed', paidThroughMs: p.end, failedPeriodStartMs: null, deviceIdOptional: true };
		case 'transaction.payment_failed':
		case 'transaction.past_due':
			return subscription
				? { signal: 'past_due', detail: RETRYING, paidThroughMs: p.start, failedPeriodStartMs: p.start }
				: { signal: 'info', detail: 'a checkout payment attempt failed (the customer can try again)', paidThroughMs: null, failedPeriodStartMs: null };
		default:
			// created, ready, billed, paid (captured, not yet processed: Paddle says to fulfil on completed), updated…
			return { signal: 'info', detail: 'Paddle sends this transaction event as a notice only. A completed transaction decides', paidThroughMs: null, failedPeriodStartMs: null };
	}
}

export function interpretPaddle(payload: Obj): Interpretation {
	const isEvent = isPaddleEvent(payload);
	const data = isEvent ? (payload.data as Obj) : payload;
	const type = isEvent ? (payload.event_type as string) : 'subscription';
	let part: Reading;
	let subscriptionId: string | null = null;
	if (type.startsWith('subscription.') || !isEvent) {
		part = fromSubscription(data);
		subscriptionId = str(data.id);
	} else if (type.startsWith('transaction.')) {
		part = fromTransaction(type, data);
		subscriptionId = str(data.subscription_id);
	} else if (type.startsWith('adjustment.')) {
		// Paddle is the merchant of record: it handles chargebacks and refunds, and cancels the subscription itself
		// when it must; that subscription event decides.
		part = { signal: 'info', detail: `an adjustment (${(str(data.action) ?? 'adjustment').replace(/_/g, ' ')}) that Paddle handles. The subscription's own events decide`, paidThroughMs: null, failedPeriodStartMs: null };
		subscriptionId = str(data.subscription_id);
	} else {
		part = { signal: 'info', detail: 'this Paddle event is not used for SIM decisions', paidThroughMs: null, failedPeriodStartMs: null };
	}
	return {
		gateway: 'paddle',
		eventId: isEvent ? (payload.event_id as string) : null,
		eventType: type,
		subscriptionId,
		customerId: str(data.customer_id),
		secondaryKey: null,
		signal: part.signal,
		detail: part.detail,
		occurredAtMs: isEvent ? dateToMs(payload.occurred_at) : (dateToMs(data.updated_at) ?? dateToMs(data.created_at)),
		paidThroughMs: part.paidThroughMs,
		failedPeriodStartMs: part.failedPeriodStartMs,
		livemode: null,
		deviceSources: [{ where: isEvent ? 'data.custom_data' : 'custom_data', metadata: data.custom_data }],
		deviceIdOptional: part.deviceIdOptional,
		bareObject: !isEvent,
	};
}

export const paddle: GatewayParser = {
	name: 'paddle',
	displayName: 'Paddle',
	description: 'Paddle Billing event (Payment Webhook Trigger) or subscription',
	recognise: (json) => payloadIn(json, isPaddleEvent, isPaddleSubscription),
	interpret: (payload) => interpretPaddle(payload),
	notRecognised: 'not a Paddle Billing event (event_id, event_type, data) or subscription (sub_…, status, billing_cycle)',
	deviceLookup: (_interp, options) => `custom_data keys ${options.deviceIdKeys}`,
};
