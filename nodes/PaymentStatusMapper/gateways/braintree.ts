/**
 * Braintree: a webhook notification as the Braintree Trigger emits it (the shape of the SDK's
 * `webhookNotification.parse`, made JSON-safe: camelCase fields, dates as ISO strings) or a bare subscription
 * object (`gateway.subscription.find` / search results, JSON-normalised).
 */
import { createHash } from 'node:crypto';

import { type DeviceIdSource, type Interpretation, ItemError, type Signal } from '../types';
import type { GatewayParser } from './parser';
import { dateToMs, day, isObj, maxOf, num, type Obj, str } from '../values';

const BT_SUBSCRIPTION_STATUSES = new Set(['Active', 'Canceled', 'Expired', 'Past Due', 'Pending']);

export function isBraintreeNotification(v: unknown): boolean {
	return (
		isObj(v) &&
		typeof v.kind === 'string' &&
		/^[a-z][a-z_]*$/.test(v.kind) &&
		(isObj(v.subject) || isObj(v.subscription) || isObj(v.dispute) || typeof v.timestamp === 'string')
	);
}

export function isBraintreeSubscription(v: unknown): boolean {
	return (
		isObj(v) &&
		typeof v.id === 'string' &&
		typeof v.status === 'string' &&
		BT_SUBSCRIPTION_STATUSES.has(v.status) &&
		('paidThroughDate' in v || 'planId' in v || 'nextBillingDate' in v || 'billingPeriodEndDate' in v || 'statusHistory' in v)
	);
}

/** A raw Braintree webhook POST (form fields) that was not verified and parsed by the Braintree Trigger. */
export function looksLikeRawBraintreeWebhook(json: unknown): boolean {
	if (!isObj(json)) return false;
	const body = isObj(json.body) ? json.body : json;
	return typeof body.bt_payload === 'string' && typeof body.bt_signature === 'string';
}

/**
 * Key-order independent JSON, so that the same notification hashes the same. Bounded in depth and in the number
 * of values visited, so that a pathological input (deep, or an object graph with shared parts) cannot hang.
 */
function canonical(root: unknown): string {
	let budget = 20_000;
	const walk = (v: unknown, depth: number): string => {
		if (--budget < 0 || depth > 40) return '"…"';
		if (Array.isArray(v)) return `[${v.slice(0, 1000).map((x) => walk(x, depth + 1)).join(',')}]`;
		if (isObj(v)) {
			return `{${Object.keys(v)
				.sort()
				.slice(0, 1000)
				.map((k) => `${JSON.stringify(k)}:${walk(v[k], depth + 1)}`)
				.join(',')}}`;
		}
		if (v === undefined) return 'null';
		if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' || v === null) return JSON.stringify(v);
		return JSON.stringify(String(v));
	};
	return walk(root, 0);
}

/**
 * Braintree notifications have no id: the id is the hash of the signed payload, which the Braintree Trigger
 * emits as `payloadHash` (so fields an earlier node added to the item do not make a redelivery look new);
 * for a notification from elsewhere, a hash of the notification itself.
 */
export function braintreeNotificationId(n: Obj): string {
	if (typeof n.payloadHash === 'string' && /^[0-9a-f]{64}$/.test(n.payloadHash)) return `bt_${n.payloadHash.slice(0, 40)}`;
	return `bt_${createHash('sha256').update(canonical(n)).digest('hex').slice(0, 40)}`;
}

interface Part {
	signal: Signal;
	detail: string;
}

function pastDueFor(sub: Obj): string {
	const days = num(sub.daysPastDue);
	return days !== null ? ` for ${days} day${days === 1 ? '' : 's'}` : '';
}

/** The kinds that close a dispute in the customer's favour, in words. */
const DISPUTE_CLOSED: Record<string, string> = {
	dispute_lost: 'the dispute was lost',
	dispute_accepted: 'the dispute was accepted',
	dispute_auto_accepted: 'the dispute was accepted automatically (no response in time)',
	dispute_expired: 'the dispute expired without a response',
};

function fromStatus(status: string | null, sub: Obj): Part {
	switch (status) {
		case 'Active':
			if (sub.trialPeriod === true && (num(sub.currentBillingCycle) ?? 0) === 0) {
				return { signal: 'trialing', detail: 'the subscription is Active, in its trial period' };
			}
			return { signal: 'active', detail: 'the subscription is Active' };
		case 'Past Due':
			return { signal: 'past_due', detail: `the subscription is Past Due${pastDueFor(sub)}` };
		case 'Canceled':
			return { signal: 'canceled', detail: 'the subscription is Canceled' };
		case 'Expired':
			return { signal: 'expired', detail: 'the subscription is Expired (its billing cycles are over)' };
		case 'Pending':
			return { signal: 'pending', detail: 'the subscription is Pending (its first billing date is in the future)' };
		default:
			return { signal: 'info', detail: `the subscription status "${status ?? 'unknown'}" is not a known one` };
	}
}

function interpretKind(kind: string, sub: Obj | null, dispute: Obj | null): Part {
	const status = sub ? str(sub.status) : null;
	switch (kind) {
		case 'subscription_went_active':
			return { signal: 'active', detail: 'the subscription was paid and is active' };
		case 'subscription_charged_successfully':
			return { signal: 'active', detail: 'the subscription was charged for the next billing cycle' };
		case 'subscription_billing_skipped':
			return { signal: 'active', detail: 'the billing cycle is covered by the balance' };
		case 'subscription_charged_unsuccessfully':
			return { signal: 'past_due', detail: `a renewal charge failed${status ? ` (the subscription is ${status})` : ''}` };
		case 'subscription_went_past_due':
			return { signal: 'past_due', detail: `the subscription is past due${sub ? pastDueFor(sub) : ''}` };
		case 'subscription_canceled':
			return { signal: 'canceled', detail: 'the subscription was canceled' };
		case 'subscription_expired':
			return { signal: 'expired', detail: 'the subscription reached its last billing cycle' };
		case 'subscription_trial_ended':
			return { signal: 'info', detail: 'the trial ended. The next charge decides' };
		case 'dispute_opened':
		case 'dispute_under_review':
		case 'dispute_disputed': {
			const dk = dispute ? str(dispute.kind) : null;
			// A retrieval asks the merchant for documents; no money was taken back (payments.md 6.5: chargebacks only).
			if (dk === 'retrieval') {
				return { signal: 'info', detail: 'a retrieval request asks for documents. It is not a chargeback' };
			}
			return { signal: 'dispute_opened', detail: `a ${dk ?? 'dispute'}${dispute && str(dispute.reason) ? ` (${str(dispute.reason)})` : ''} was opened` };
		}
		case 'dispute_won':
			return { signal: 'dispute_won', detail: 'the dispute was won' };
		case 'dispute_lost':
		case 'dispute_accepted':
		case 'dispute_auto_accepted':
		case 'dispute_expired':
			return { signal: 'dispute_lost', detail: DISPUTE_CLOSED[kind] };
		case 'check':
			return { signal: 'info', detail: 'a test notification from the Braintree Control Panel' };
		default:
			return { signal: 'info', detail: 'this Braintree notification is not used for SIM decisions' };
	}
}

function subscriptionPaidThrough(sub: Obj | null): number | null {
	if (!sub) return null;
	return dateToMs(sub.paidThroughDate, true);
}

function subscriptionTimestamp(sub: Obj): number | null {
	const history = Array.isArray(sub.statusHistory) ? sub.statusHistory.slice(0, 100) : [];
	return maxOf(
		dateToMs(sub.updatedAt),
		dateToMs(sub.createdAt),
		...history.map((h) => (isObj(h) ? dateToMs(h.timestamp) : null)),
	);
}

function customerOf(sub: Obj | null): string | null {
	if (!sub || !Array.isArray(sub.transactions)) return null;
	for (const t of sub.transactions.slice(0, 20)) {
		if (isObj(t) && isObj(t.customer) && str(t.customer.id)) return str(t.customer.id);
		if (isObj(t) && str(t.customerId)) return str(t.customerId);
	}
	return null;
}

export function interpretBraintree(payload: Obj): Interpretation {
	const isNotification = isBraintreeNotification(payload);
	let sub: Obj | null = null;
	let dispute: Obj | null = null;
	let part: Part;
	let kind: string | null = null;

	if (isNotification) {
		kind = payload.kind as string;
		const subject = isObj(payload.subject) ? payload.subject : {};
		sub = isObj(payload.subscription) ? payload.subscription : isObj(subject.subscription) ? subject.subscription : null;
		dispute = isObj(payload.dispute) ? payload.dispute : isObj(subject.dispute) ? subject.dispute : null;
		part = interpretKind(kind, sub, dispute);
	} else {
		sub = payload;
		part = fromStatus(str(sub.status), sub);
	}

	const paidThrough = subscriptionPaidThrough(sub);
	const sources: DeviceIdSource[] = [];
	if (sub) sources.push({ where: 'subscription.id', value: sub.id, valueKind: 'tagged' });

	if (isNotification && payload.timestamp !== undefined && payload.timestamp !== null && dateToMs(payload.timestamp) === null) {
		throw new ItemError(`the notification's "timestamp" is not a date: ${JSON.stringify(payload.timestamp).slice(0, 60)}`, 'timestamp');
	}
	const occurredAt = isNotification ? (dateToMs(payload.timestamp) ?? (sub ? subscriptionTimestamp(sub) : null)) : subscriptionTimestamp(payload);
	const failedPeriodStart =
		part.signal === 'past_due' && sub ? (dateToMs(sub.billingPeriodStartDate) ?? paidThrough) : null;

	let detail = part.detail;
	// Braintree's paidThroughDate is the last paid day; a canceled subscription's paid period is named by the decision
	// (as the end of the period, the day after), so it is said once, not twice with two dates.
	if (paidThrough !== null && part.signal === 'active') detail += `. It is paid through ${day(paidThrough - 1)}`;

	return {
		gateway: 'braintree',
		eventId: isNotification ? braintreeNotificationId(payload) : null,
		eventType: kind ?? 'subscription',
		subscriptionId: sub ? str(sub.id) : null,
		customerId: customerOf(sub),
		disputeId: dispute && part.signal.startsWith('dispute_') ? str(dispute.id) : null,
		secondaryKey: null,
		signal: part.signal,
		detail,
		occurredAtMs: occurredAt,
		paidThroughMs: paidThrough,
		failedPeriodStartMs: failedPeriodStart,
		livemode: null,
		deviceSources: sources,
		bareObject: !isNotification,
	};
}

export const braintree: GatewayParser = {
	name: 'braintree',
	displayName: 'Braintree',
	description: 'Output of the Braintree Trigger, or a Braintree subscription',
	recognise(json) {
		const body = isObj(json.body) ? json.body : null;
		for (const candidate of [json, body]) {
			if (candidate && (isBraintreeNotification(candidate) || isBraintreeSubscription(candidate))) return candidate;
		}
		return null;
	},
	interpret: (payload) => interpretBraintree(payload),
	notRecognised: 'not a Braintree notification (kind, timestamp, subscription/dispute) or subscription object (id, status, paidThroughDate)',
	misdelivered: (json) =>
		looksLikeRawBraintreeWebhook(json)
			? 'this is a raw Braintree webhook (bt_signature, bt_payload): use the Braintree Trigger node, which verifies and parses it'
			: null,
	deviceLookup(_interp, options) {
		const field = options.deviceIdField.trim();
		return `the subscription id (iccid-<digits> or <digits>)${field ? ` and the field "${field}"` : ', or set "Device ID Field" to read it elsewhere'}`;
	},
};
