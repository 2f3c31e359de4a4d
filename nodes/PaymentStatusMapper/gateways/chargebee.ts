/**
 * Chargebee: an event as Chargebee posts it and n8n's Chargebee Trigger emits it (`id`, `event_type`,
 * `occurred_at`, `content` with `subscription`, `invoice`, `customer`, …) or a bare subscription (the API's
 * `GET /subscriptions/{id}` object). Shapes and statuses: the chargebee SDK's types (`future | in_trial | active |
 * non_renewing | paused | cancelled | transferred`). While dunning retries a failed renewal the status stays
 * `active` and `due_invoices_count` is above 0. The device id is a custom field (`cf_iccid`) or in `meta_data`.
 */
import type { DeviceIdSource, Interpretation } from '../types';
import { type GatewayParser, payloadIn, type Reading } from './parser';
import { day, isObj, maxOf, num, type Obj, str, unixToMs } from '../values';

const STATUSES = new Set(['future', 'in_trial', 'active', 'non_renewing', 'paused', 'cancelled', 'transferred']);

export function isChargebeeEvent(v: unknown): v is Obj {
	return isObj(v) && v.object === 'event' && typeof v.id === 'string' && typeof v.event_type === 'string' && isObj(v.content);
}

export function isChargebeeSubscription(v: unknown): v is Obj {
	return (
		isObj(v) &&
		v.object === 'subscription' &&
		typeof v.id === 'string' &&
		typeof v.customer_id === 'string' &&
		typeof v.status === 'string' &&
		STATUSES.has(v.status)
	);
}


function fromStatus(sub: Obj): Reading {
	const status = str(sub.status) ?? 'unknown';
	const termStart = unixToMs(sub.current_term_start);
	const termEnd = unixToMs(sub.current_term_end);
	switch (status) {
		case 'active':
		case 'non_renewing': {
			const due = num(sub.due_invoices_count) ?? 0;
			if (due > 0) {
				return { signal: 'past_due', detail: `the subscription has ${due} unpaid invoice${due === 1 ? '' : 's'} and Chargebee's dunning is retrying`, paidThroughMs: termStart, failedPeriodStartMs: termStart };
			}
			const note = status === 'non_renewing' ? ` (paid until ${day(termEnd)}, it will not renew)` : '';
			return { signal: 'active', detail: `the subscription is active${note}`, paidThroughMs: termEnd, failedPeriodStartMs: null };
		}
		case 'in_trial':
			return { signal: 'trialing', detail: `the subscription is in its trial until ${day(unixToMs(sub.trial_end))}`, paidThroughMs: unixToMs(sub.trial_end) ?? termEnd, failedPeriodStartMs: null };
		case 'future':
			return { signal: 'pending', detail: `the subscription starts on ${day(unixToMs(sub.start_date))}`, paidThroughMs: null, failedPeriodStartMs: null };
		case 'paused':
			return { signal: 'paused', detail: 'the subscription is paused and does not bill', paidThroughMs: null, failedPeriodStartMs: null };
		case 'cancelled': {
			const reason = str(sub.cancel_reason);
			// Chargebee reactivates a cancelled subscription (subscription_reactivated, "from cancelled state to active or
			// in_trial"); only a deleted one is gone for good.
			return { signal: 'canceled', detail: `the subscription has ended${reason ? ` (${reason.replace(/_/g, ' ')})` : ''}`, paidThroughMs: termEnd, failedPeriodStartMs: null, reopenable: true };
		}
		default:
			return { signal: 'info', detail: `the subscription status "${status}" is not used for SIM decisions`, paidThroughMs: null, failedPeriodStartMs: null };
	}
}

function fromEvent(type: string, sub: Obj | null, invoice: Obj | null): Reading {
	switch (type) {
		case 'payment_succeeded':
			if (!sub) return { signal: 'active', detail: 'a one-off payment succeeded', paidThroughMs: null, failedPeriodStartMs: null, deviceIdOptional: true };
			return { signal: 'active', detail: `the subscription's invoice was paid, paid through ${day(unixToMs(sub.current_term_end))}`, paidThroughMs: unixToMs(sub.current_term_end), failedPeriodStartMs: null };
		case 'payment_failed': {
			if (!sub) return { signal: 'info', detail: 'a one-off payment failed', paidThroughMs: null, failedPeriodStartMs: null };
			const start = unixToMs(sub.current_term_start) ?? (invoice ? unixToMs(invoice.date) : null);
			return { signal: 'past_due', detail: "a renewal payment failed and Chargebee's dunning is retrying", paidThroughMs: start, failedPeriodStartMs: start };
		}
		case 'payment_refunded':
			return { signal: 'info', detail: 'a payment was refunded. A refund does not end the subscription', paidThroughMs: null, failedPeriodStartMs: null };
		case 'subscription_deleted':
			return { signal: 'canceled', detail: 'the subscription was deleted', paidThroughMs: null, failedPeriodStartMs: null };
		default:
			if (sub) return fromStatus(sub);
			return { signal: 'info', detail: 'this Chargebee event is not used for SIM decisions', paidThroughMs: null, failedPeriodStartMs: null };
	}
}

/** The `cf_*` custom fields of a resource, without their prefix, so that `deviceIdKeys` (`iccid`) find `cf_iccid`. */
function customFields(resource: unknown): Obj | undefined {
	if (!isObj(resource)) return undefined;
	const out: Obj = {};
	for (const [key, value] of Object.entries(resource)) if (key.startsWith('cf_')) out[key.slice(3)] = value;
	return out;
}

export function interpretChargebee(payload: Obj): Interpretation {
	const isEvent = isChargebeeEvent(payload);
	const content = isEvent ? (payload.content as Obj) : { subscription: payload };
	const sub = isObj(content.subscription) ? content.subscription : null;
	const invoice = isObj(content.invoice) ? content.invoice : null;
	const type = isEvent ? (payload.event_type as string) : 'subscription';
	const part = isEvent ? fromEvent(type, sub, invoice) : fromStatus(payload);
	const at = isEvent ? 'content.' : '';
	const sources: DeviceIdSource[] = [
		{ where: `${at}subscription.cf_*`, metadata: customFields(sub) },
		{ where: `${at}subscription.meta_data`, metadata: sub?.meta_data },
	];
	if (isEvent) sources.push({ where: 'content.customer.cf_*', metadata: customFields(content.customer) });
	// resource_version (ms) orders changes within one second; occurred_at is in seconds.
	const version = sub ? num(sub.resource_version) : null;
	const occurredAt = isEvent ? maxOf(unixToMs(payload.occurred_at), version) : (version ?? unixToMs((payload as Obj).updated_at));
	return {
		gateway: 'chargebee',
		eventId: isEvent ? (payload.id as string) : null,
		eventType: type,
		subscriptionId: sub ? str(sub.id) : (invoice ? str(invoice.subscription_id) : null),
		customerId: sub ? str(sub.customer_id) : null,
		secondaryKey: null,
		signal: part.signal,
		detail: part.detail,
		occurredAtMs: occurredAt,
		paidThroughMs: part.paidThroughMs,
		failedPeriodStartMs: part.failedPeriodStartMs,
		livemode: null,
		deviceSources: sources,
		deviceIdOptional: part.deviceIdOptional,
		bareObject: !isEvent,
		reopenable: part.reopenable,
	};
}

export const chargebee: GatewayParser = {
	name: 'chargebee',
	displayName: 'Chargebee',
	description: 'Chargebee event (Chargebee Trigger or Payment Webhook Trigger) or subscription',
	recognise: (json) => payloadIn(json, isChargebeeEvent, isChargebeeSubscription),
	interpret: (payload) => interpretChargebee(payload),
	notRecognised: 'not a Chargebee event (id, event_type, content) or subscription (object "subscription", customer_id, status)',
	deviceLookup: (_interp, options) => `the subscription's custom fields cf_<key> and meta_data, then the customer's custom fields, keys ${options.deviceIdKeys}`,
};
