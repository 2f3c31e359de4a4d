/**
 * Stripe: recognise and interpret an Event (as n8n's Stripe Trigger emits it, or wrapped in `body` by a Webhook
 * node), a Subscription or an Invoice object (as the Stripe API lists them), and the other objects that events
 * carry (Checkout Session, PaymentIntent, Charge, Dispute). Both invoice shapes are read:
 * `parent.subscription_details` (API 2025-03-31.basil and later) and `subscription` / `subscription_details` (older).
 */
import { deviceIdKeys, type DeviceIdSource, type Interpretation } from '../types';
import type { GatewayParser, Reading } from './parser';
import { day, getPath, idOf, isObj, maxOf, minOf, num, type Obj, str, unixToMs } from '../values';

const STRIPE_OBJECTS = new Set(['subscription', 'invoice', 'checkout.session', 'payment_intent', 'charge', 'dispute']);

export function isStripeEvent(v: unknown): v is Obj {
	return isObj(v) && v.object === 'event' && typeof v.type === 'string' && isObj(v.data) && isObj(v.data.object);
}

export function isStripeObject(v: unknown): v is Obj {
	return isObj(v) && typeof v.object === 'string' && STRIPE_OBJECTS.has(v.object) && typeof v.id === 'string';
}

/** The Stripe event or object in an item: the item itself, or its `body` (n8n Webhook node). */
export function findStripePayload(json: unknown): Obj | null {
	if (isStripeEvent(json) || isStripeObject(json)) return json;
	if (isObj(json) && (isStripeEvent(json.body) || isStripeObject(json.body))) return json.body as Obj;
	return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Subscriptions

function subscriptionPeriod(sub: Obj): { start: number | null; end: number | null } {
	const starts: Array<number | null> = [];
	const ends: Array<number | null> = [];
	const items = getPath(sub, 'items.data');
	if (Array.isArray(items)) {
		for (const it of items.slice(0, 100)) {
			if (!isObj(it)) continue;
			starts.push(unixToMs(it.current_period_start, 'current_period_start'));
			ends.push(unixToMs(it.current_period_end, 'current_period_end'));
		}
	}
	// API versions before 2025-03-31.basil keep the period on the subscription itself.
	starts.push(unixToMs(sub.current_period_start, 'current_period_start'));
	ends.push(unixToMs(sub.current_period_end, 'current_period_end'));
	return { start: minOf(...starts), end: maxOf(...ends) };
}

/** The latest timestamp the subscription object itself carries (used for bare objects, which have no event). */
function subscriptionTimestamp(sub: Obj): number | null {
	const p = subscriptionPeriod(sub);
	return maxOf(
		unixToMs(sub.created, 'created'),
		unixToMs(sub.start_date, 'start_date'),
		p.start,
		unixToMs(sub.trial_start, 'trial_start'),
		unixToMs(sub.canceled_at, 'canceled_at'),
		unixToMs(sub.ended_at, 'ended_at'),
	);
}

const SCHEDULED_CANCEL_KEYS = new Set(['cancel_at_period_end', 'cancel_at', 'canceled_at', 'cancellation_details']);

/** Subscription events that announce something and change no state, in words. */
const NOTICE_ONLY: Record<string, string> = {
	'customer.subscription.trial_will_end': 'the trial ends soon. Stripe sends this as a notice only',
	'customer.subscription.pending_update_applied': 'a pending update of the subscription was applied. Stripe sends this as a notice only',
	'customer.subscription.pending_update_expired': 'a pending update of the subscription expired. Stripe sends this as a notice only',
};


function interpretSubscriptionObject(sub: Obj, eventType: string | null, previous: unknown): Reading {
	const status = str(sub.status) ?? 'unknown';
	const period = subscriptionPeriod(sub);
	const cancelReason = str(getPath(sub, 'cancellation_details.reason'));
	if (eventType === 'customer.subscription.deleted' || status === 'canceled') {
		return {
			signal: 'canceled',
			detail: `the subscription has ended${cancelReason ? ` (${cancelReason.replace(/_/g, ' ')})` : ''}`,
			paidThroughMs: period.end ?? unixToMs(sub.ended_at, 'ended_at'),
			failedPeriodStartMs: null,
		};
	}
	if (eventType && Object.prototype.hasOwnProperty.call(NOTICE_ONLY, eventType)) {
		return { signal: 'info', detail: NOTICE_ONLY[eventType], paidThroughMs: null, failedPeriodStartMs: null };
	}
	if (eventType === 'customer.subscription.paused' || status === 'paused') {
		return { signal: 'paused', detail: 'the subscription is paused and does not bill', paidThroughMs: null, failedPeriodStartMs: null };
	}
	if (status === 'active' || status === 'trialing') {
		// Only the scheduled end changed (cancel at period end, or that undone): no SIM change until it really ends.
		if (eventType === 'customer.subscription.updated' && isObj(previous)) {
			const keys = Object.keys(previous);
			if (keys.length > 0 && keys.every((k) => SCHEDULED_CANCEL_KEYS.has(k))) {
				const cancelAt = unixToMs(sub.cancel_at, 'cancel_at') ?? (sub.cancel_at_period_end === true ? period.end : null);
				return {
					signal: 'info',
					detail:
						cancelAt !== null
							? `the subscription is ${status} and a cancellation is scheduled for ${day(cancelAt)}. The SIM stays as it is until the subscription ends`
							: `the subscription is ${status} and a scheduled cancellation was withdrawn`,
					paidThroughMs: period.end,
					failedPeriodStartMs: null,
				};
			}
		}
		if (status === 'trialing') {
			return { signal: 'trialing', detail: `the subscription is in its trial until ${day(unixToMs(sub.trial_end, 'trial_end'))}`, paidThroughMs: unixToMs(sub.trial_end, 'trial_end') ?? period.end, failedPeriodStartMs: null };
		}
		if (isObj(sub.pause_collection)) {
			const behavior = str(sub.pause_collection.behavior) ?? 'paused';
			return { signal: 'collection_paused', detail: `the subscription is active with payment collection paused (${behavior.replace(/_/g, ' ')})`, paidThroughMs: period.end, failedPeriodStartMs: null };
		}
		return { signal: 'active', detail: `the subscription is active${period.end !== null ? `, paid through ${day(period.end)}` : ''}`, paidThroughMs: period.end, failedPeriodStartMs: null };
	}
	if (status === 'past_due') {
		return { signal: 'past_due', detail: 'a renewal payment failed and Stripe is retrying', paidThroughMs: period.start, failedPeriodStartMs: period.start };
	}
	if (status === 'unpaid') {
		return { signal: 'unpaid', detail: 'a renewal payment failed and Stripe stopped retrying it', paidThroughMs: period.start, failedPeriodStartMs: period.start };
	}
	if (status === 'incomplete') {
		return { signal: 'pending', detail: 'the first payment of the subscription has not succeeded yet', paidThroughMs: null, failedPeriodStartMs: null };
	}
	if (status === 'incomplete_expired') {
		return { signal: 'expired_unpaid', detail: 'the first payment never succeeded and the subscription expired', paidThroughMs: null, failedPeriodStartMs: null };
	}
	return { signal: 'info', detail: `the subscription status "${status}" is not a known one`, paidThroughMs: null, failedPeriodStartMs: null };
}

function subscriptionSources(sub: Obj, where: string): DeviceIdSource[] {
	return [{ where: `${where}.metadata`, metadata: sub.metadata }];
}

// ---------------------------------------------------------------------------------------------------------------
// Invoices

function invoiceLines(inv: Obj): Obj[] {
	const data = getPath(inv, 'lines.data');
	if (!Array.isArray(data)) return [];
	return data.slice(0, 200).filter(isObj);
}

function isSubscriptionLine(line: Obj): boolean {
	return (
		getPath(line, 'parent.type') === 'subscription_item_details' ||
		line.type === 'subscription' ||
		idOf(line.subscription) !== null
	);
}

export function invoiceSubscriptionId(inv: Obj): string | null {
	const fromParent = idOf(getPath(inv, 'parent.subscription_details.subscription'));
	if (fromParent) return fromParent;
	const legacy = idOf(inv.subscription);
	if (legacy) return legacy;
	for (const line of invoiceLines(inv)) {
		const s = idOf(getPath(line, 'parent.subscription_item_details.subscription')) ?? idOf(line.subscription);
		if (s) return s;
	}
	return null;
}

function invoicePeriods(inv: Obj): { start: number | null; end: number | null } {
	const lines = invoiceLines(inv);
	const subLines = lines.filter(isSubscriptionLine);
	const use = subLines.length > 0 ? subLines : lines;
	const starts = use.map((l) => unixToMs(getPath(l, 'period.start'), 'lines.data.period.start'));
	const ends = use.map((l) => unixToMs(getPath(l, 'period.end'), 'lines.data.period.end'));
	return { start: minOf(...starts), end: maxOf(...ends) };
}

function invoiceTimestamp(inv: Obj): number | null {
	const t = isObj(inv.status_transitions) ? inv.status_transitions : {};
	return maxOf(unixToMs(inv.created, 'created'), unixToMs(t.finalized_at, 'finalized_at'), unixToMs(t.paid_at, 'paid_at'), unixToMs(t.marked_uncollectible_at, 'marked_uncollectible_at'), unixToMs(t.voided_at, 'voided_at'));
}

function invoiceSources(inv: Obj, where: string): DeviceIdSource[] {
	const sources: DeviceIdSource[] = [
		{ where: `${where}.parent.subscription_details.metadata`, metadata: getPath(inv, 'parent.subscription_details.metadata') },
		{ where: `${where}.subscription_details.metadata`, metadata: getPath(inv, 'subscription_details.metadata') },
	];
	invoiceLines(inv).forEach((line, i) => sources.push({ where: `${where}.lines.data.${i}.metadata`, metadata: line.metadata }));
	if (isObj(inv.subscription)) sources.push({ where: `${where}.subscription.metadata`, metadata: inv.subscription.metadata });
	sources.push({ where: `${where}.metadata`, metadata: inv.metadata });
	return sources;
}

function interpretInvoiceObject(inv: Obj, eventType: string | null): Reading {
	const subscriptionId = invoiceSubscriptionId(inv);
	const status = str(inv.status);
	const reason = str(inv.billing_reason);
	const periods = invoicePeriods(inv);
	const paid =
		eventType === 'invoice.paid' ||
		eventType === 'invoice.payment_succeeded' ||
		(eventType === null && (status === 'paid' || inv.paid === true));
	const failed =
		eventType === 'invoice.payment_failed' || (eventType === null && status === 'open' && (num(inv.attempt_count) ?? 0) > 0);

	// 3-D Secure / SCA: the customer must confirm the payment. Stripe's own guidance: notify the customer, not a
	// suspend signal by itself — the subscription's status (past_due, unpaid) decides when it comes to that.
	if (eventType === 'invoice.payment_action_required' && subscriptionId) {
		return { signal: 'action_required', detail: 'the renewal payment needs the customer to authenticate it (3-D Secure)', paidThroughMs: null, failedPeriodStartMs: null };
	}
	if (paid) {
		const paidThrough = maxOf(periods.end, subscriptionId ? null : unixToMs(inv.period_end, 'period_end'));
		if (!subscriptionId) {
			return { signal: 'active', detail: 'a one-off invoice was paid', paidThroughMs: paidThrough, failedPeriodStartMs: null, deviceIdOptional: true };
		}
		if (reason === 'subscription_create' && num(inv.amount_paid) === 0 && num(inv.total) !== null && num(inv.total) === 0) {
			return { signal: 'trialing', detail: 'the first invoice is for zero (the trial starts)', paidThroughMs: paidThrough, failedPeriodStartMs: null };
		}
		return { signal: 'active', detail: `the ${reason === 'subscription_create' ? 'first invoice of the subscription' : 'renewal'} is paid${paidThrough !== null ? ` through ${day(paidThrough)}` : ''}`, paidThroughMs: paidThrough, failedPeriodStartMs: null };
	}
	if (failed) {
		if (!subscriptionId) {
			return { signal: 'info', detail: 'the payment of a one-off invoice failed', paidThroughMs: null, failedPeriodStartMs: null };
		}
		if (reason === 'subscription_create') {
			return { signal: 'pending', detail: 'the first payment of the subscription failed, so it stays incomplete', paidThroughMs: null, failedPeriodStartMs: null };
		}
		const periodStart = periods.start ?? unixToMs(inv.period_end, 'period_end');
		const next = unixToMs(inv.next_payment_attempt, 'next_payment_attempt');
		const what =
			next !== null
				? `a renewal payment failed (attempt ${num(inv.attempt_count) ?? '?'}) and Stripe retries on ${day(next)}`
				: `a renewal payment failed (attempt ${num(inv.attempt_count) ?? '?'}) and Stripe will not retry automatically`;
		return { signal: 'past_due', detail: what, paidThroughMs: periodStart, failedPeriodStartMs: periodStart };
	}
	return { signal: 'info', detail: `the invoice${status ? ` (status "${status}")` : ''} carries no payment outcome`, paidThroughMs: null, failedPeriodStartMs: null };
}

// ---------------------------------------------------------------------------------------------------------------
// Checkout, PaymentIntent, Charge, Dispute

function metadataSourcesOf(obj: Obj, where: string, nested: string[]): DeviceIdSource[] {
	const out: DeviceIdSource[] = [{ where: `${where}.metadata`, metadata: obj.metadata }];
	for (const key of nested) {
		const v = obj[key];
		if (isObj(v)) out.push({ where: `${where}.${key}.metadata`, metadata: v.metadata });
	}
	return out;
}

function interpretCheckout(cs: Obj, eventType: string | null): Reading {
	const mode = str(cs.mode) ?? 'unknown';
	const paymentStatus = str(cs.payment_status) ?? 'unknown';
	if (mode === 'subscription' || mode === 'setup') {
		return {
			signal: 'info',
			detail: `a Checkout Session in ${mode} mode. The SIM follows the subscription's own events (its invoices and status changes)`,
			paidThroughMs: null,
			failedPeriodStartMs: null,
		};
	}
	if (eventType === 'checkout.session.async_payment_failed') {
		return { signal: 'info', detail: 'the delayed payment of a checkout failed, so nothing was paid', paidThroughMs: null, failedPeriodStartMs: null };
	}
	if (eventType === 'checkout.session.expired') {
		return { signal: 'info', detail: 'the customer did not complete checkout', paidThroughMs: null, failedPeriodStartMs: null };
	}
	if (eventType === 'checkout.session.async_payment_succeeded' || paymentStatus === 'paid' || paymentStatus === 'no_payment_required') {
		return { signal: 'active', detail: `a one-off checkout ${paymentStatus === 'no_payment_required' ? 'needed no payment' : 'was paid'}`, paidThroughMs: null, failedPeriodStartMs: null, deviceIdOptional: true };
	}
	if (paymentStatus === 'unpaid') {
		return { signal: 'pending', detail: 'the checkout payment is still processing (a delayed payment method)', paidThroughMs: null, failedPeriodStartMs: null };
	}
	return { signal: 'info', detail: `the checkout's payment status is "${paymentStatus}"`, paidThroughMs: null, failedPeriodStartMs: null };
}

function interpretPaymentIntent(pi: Obj, eventType: string | null): Reading {
	const status = str(pi.status) ?? 'unknown';
	// Before API 2025-03-31 a PaymentIntent named its invoice; since then it does not (the invoice's payments list
	// names the PaymentIntent), and Stripe describes the ones it creates for subscription invoices.
	if (idOf(pi.invoice)) {
		return { signal: 'info', detail: `a payment for invoice ${idOf(pi.invoice)}. The invoice's events decide`, paidThroughMs: null, failedPeriodStartMs: null };
	}
	if (/^Subscription (creation|update|cycle)\b/.test(str(pi.description) ?? '')) {
		return { signal: 'info', detail: `a payment for a subscription invoice ("${str(pi.description)}"). The invoice and subscription events decide`, paidThroughMs: null, failedPeriodStartMs: null };
	}
	if (eventType === 'payment_intent.succeeded' || (eventType === null && status === 'succeeded')) {
		return { signal: 'active', detail: 'a one-off payment succeeded', paidThroughMs: null, failedPeriodStartMs: null, deviceIdOptional: true };
	}
	if (eventType === 'payment_intent.processing' || status === 'processing') {
		return { signal: 'pending', detail: 'a payment is still processing', paidThroughMs: null, failedPeriodStartMs: null };
	}
	return { signal: 'info', detail: `a payment in state "${status}" changes nothing for the SIM`, paidThroughMs: null, failedPeriodStartMs: null };
}

function interpretCharge(ch: Obj, eventType: string | null): Reading {
	if (eventType === 'charge.refunded') {
		const full = ch.refunded === true;
		const amount = num(ch.amount_refunded);
		return {
			signal: 'info',
			detail: `a charge was ${full ? 'fully' : 'partially'} refunded${amount !== null ? ` (${amount} ${str(ch.currency) ?? ''})`.replace(' )', ')') : ''}. A refund does not end the subscription: its own events decide (cancel it in Stripe to suspend the SIM)`,
			paidThroughMs: null,
			failedPeriodStartMs: null,
		};
	}
	return { signal: 'info', detail: 'a charge carries no subscription state', paidThroughMs: null, failedPeriodStartMs: null };
}

function interpretDispute(dp: Obj, eventType: string | null): Reading {
	const status = str(dp.status) ?? 'unknown';
	const why = str(dp.reason);
	const desc = `a chargeback${why ? ` (${why.replace(/_/g, ' ')})` : ''} has status "${status}"`;
	// An inquiry (status warning_*) asks questions and moves no money: like Braintree's retrieval request, it
	// does not suspend; if it escalates, Stripe opens a chargeback with its own status.
	if (status.startsWith('warning_') && status !== 'warning_closed') {
		return { signal: 'info', detail: `an inquiry from the card issuer (status "${status}"), not a chargeback, changes nothing for the SIM`, paidThroughMs: null, failedPeriodStartMs: null };
	}
	// `prevented`: stopped before it became a chargeback (e.g. a refund through an issuer alert); nothing was taken
	// back, so it never suspends and it lifts a suspension this dispute caused.
	if (status === 'prevented') {
		return { signal: 'dispute_won', detail: 'the dispute was prevented before it became a chargeback', paidThroughMs: null, failedPeriodStartMs: null };
	}
	if (eventType === 'charge.dispute.created') {
		return { signal: 'dispute_opened', detail: desc, paidThroughMs: null, failedPeriodStartMs: null };
	}
	if (eventType === 'charge.dispute.closed' || eventType === null) {
		if (status === 'won' || status === 'warning_closed') return { signal: 'dispute_won', detail: desc, paidThroughMs: null, failedPeriodStartMs: null };
		if (status === 'lost') return { signal: 'dispute_lost', detail: desc, paidThroughMs: null, failedPeriodStartMs: null };
		if (eventType === null && (status.startsWith('needs_response') || status.startsWith('under_review'))) {
			return { signal: 'dispute_opened', detail: desc, paidThroughMs: null, failedPeriodStartMs: null };
		}
	}
	return { signal: 'info', detail: `${desc}, which changes nothing for the SIM at this step`, paidThroughMs: null, failedPeriodStartMs: null };
}

// ---------------------------------------------------------------------------------------------------------------

export function interpretStripe(payload: Obj): Interpretation {
	const isEvent = isStripeEvent(payload);
	const obj = (isEvent ? (payload.data as Obj).object : payload) as Obj;
	const eventType = isEvent ? (payload.type as string) : null;
	const where = isEvent ? 'data.object' : str(obj.object) ?? 'object';
	const objectType = str(obj.object);
	const previous = isEvent ? getPath(payload, 'data.previous_attributes') : undefined;

	let part: Reading;
	let sources: DeviceIdSource[];
	let subscriptionId: string | null = null;
	let objectTime: number | null = null;
	let disputeId: string | null = null;

	if (objectType === 'subscription' && (eventType === null || eventType.startsWith('customer.subscription.'))) {
		part = interpretSubscriptionObject(obj, eventType, previous);
		sources = subscriptionSources(obj, where);
		subscriptionId = str(obj.id);
		objectTime = subscriptionTimestamp(obj);
	} else if (objectType === 'invoice') {
		part = interpretInvoiceObject(obj, eventType);
		sources = invoiceSources(obj, where);
		subscriptionId = invoiceSubscriptionId(obj);
		objectTime = invoiceTimestamp(obj);
	} else if (objectType === 'checkout.session') {
		part = interpretCheckout(obj, eventType);
		sources = metadataSourcesOf(obj, where, ['subscription', 'payment_intent']);
		subscriptionId = idOf(obj.subscription);
		objectTime = unixToMs(obj.created, 'created');
	} else if (objectType === 'payment_intent') {
		part = interpretPaymentIntent(obj, eventType);
		sources = metadataSourcesOf(obj, where, []);
		objectTime = unixToMs(obj.created, 'created');
	} else if (objectType === 'charge') {
		part = interpretCharge(obj, eventType);
		sources = metadataSourcesOf(obj, where, ['payment_intent']);
		objectTime = unixToMs(obj.created, 'created');
	} else if (objectType === 'dispute') {
		part = interpretDispute(obj, eventType);
		sources = metadataSourcesOf(obj, where, ['charge', 'payment_intent']);
		objectTime = unixToMs(obj.created, 'created');
		disputeId = str(obj.id);
	} else {
		part = {
			signal: 'info',
			detail: `this Stripe ${eventType ? 'event' : 'object'} is not used for SIM decisions`,
			paidThroughMs: null,
			failedPeriodStartMs: null,
		};
		sources = isObj(obj) ? [{ where: `${where}.metadata`, metadata: obj.metadata }] : [];
		subscriptionId = objectType === 'subscription' ? str(obj.id) : null;
	}

	const objectId = str(obj.id);
	let secondaryKey: string | null = null;
	if (isEvent && objectId) {
		if (eventType === 'invoice.paid' || eventType === 'invoice.payment_succeeded') secondaryKey = `invoice.paid:${objectId}`;
		else if (
			eventType === 'customer.subscription.deleted' ||
			eventType === 'checkout.session.completed' ||
			eventType === 'checkout.session.async_payment_succeeded' ||
			eventType === 'payment_intent.succeeded' ||
			eventType === 'charge.dispute.created' ||
			eventType === 'charge.dispute.closed'
		)
			secondaryKey = `${eventType}:${objectId}`;
	}

	const livemode = typeof payload.livemode === 'boolean' ? payload.livemode : typeof obj.livemode === 'boolean' ? obj.livemode : null;

	return {
		gateway: 'stripe',
		eventId: isEvent ? str(payload.id) : null,
		eventType: eventType ?? (objectType ? `${objectType}` : null),
		subscriptionId,
		customerId: idOf(obj.customer),
		disputeId,
		secondaryKey,
		signal: part.signal,
		detail: part.detail,
		occurredAtMs: isEvent ? (unixToMs(payload.created, 'created') ?? objectTime) : objectTime,
		paidThroughMs: part.paidThroughMs,
		failedPeriodStartMs: part.failedPeriodStartMs,
		livemode,
		deviceSources: sources,
		deviceIdOptional: part.deviceIdOptional,
		deviceNotInPayload:
			objectType === 'dispute'
				? 'a Stripe dispute names only its charge, not the subscription or device. Turn on "Confirm With Gateway" so the mapper follows the charge to its invoice, subscription and device (or add the device id with an earlier node and set "Device ID Field")'
				: undefined,
		bareObject: !isEvent,
	};
}

export const stripe: GatewayParser = {
	name: 'stripe',
	displayName: 'Stripe',
	description: 'Output of the Stripe Trigger, a Webhook node, or Stripe API objects',
	recognise: findStripePayload,
	interpret: (payload) => interpretStripe(payload),
	notRecognised:
		'not a Stripe event or object: expected an Event (object "event", also inside "body") or a Subscription, Invoice, Checkout Session, PaymentIntent, Charge or Dispute object',
	deviceLookup(interp, options) {
		const keys = deviceIdKeys(options).join(', ');
		const places = interp.deviceSources.map((s) => s.where);
		const field = options.deviceIdField.trim();
		return `metadata keys ${keys} in ${places.length ? places.slice(0, 4).join(', ') : 'the object'}${places.length > 4 ? ', …' : ''}${field ? ` and the field "${field}"` : ''}`;
	},
};
