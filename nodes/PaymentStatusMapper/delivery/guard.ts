/**
 * Delivery guard: payment webhooks arrive at least once, out of order, late. Two protections over the store
 * (`store.ts`):
 *  - dedupe: an event id (Stripe `evt_…`, a hash of a Braintree notification, a custom event id field) already
 *    processed is dropped; Stripe's `(type, object id)` for events that happen once per object is a second key;
 *  - stale guard, per subscription: an event older than the last one applied is dropped; a failure for a period
 *    that a payment already covers is dropped; a terminal state (canceled, expired) is never left.
 */
import type { Interpretation, Signal } from '../types';
import { day, maxOf } from '../values';
import type { SubRecord } from './store';

const TERMINAL: ReadonlySet<Signal> = new Set<Signal>(['canceled', 'expired', 'expired_unpaid']);

export function isTerminal(signal: Signal): boolean {
	return TERMINAL.has(signal);
}


export function dedupeKeys(interp: Interpretation): string[] {
	const keys: string[] = [];
	if (interp.eventId) keys.push(`${interp.gateway}:${interp.eventId}`);
	if (interp.secondaryKey) keys.push(`${interp.gateway}:${interp.secondaryKey}`);
	return keys;
}

/** Record key for the stale guard: the subscription; for the custom gateway (no subscription) the device. */
export function recordKey(interp: Interpretation, deviceId: string | null): string | null {
	if (interp.subscriptionId) return `${interp.gateway}:sub:${interp.subscriptionId}`;
	if (interp.gateway === 'custom' && deviceId) return `custom:dev:${deviceId}`;
	return null;
}

export function deviceKey(interp: Interpretation, deviceId: string | null): string | null {
	return deviceId ? `${interp.gateway}:device:${deviceId}` : null;
}

/** Returns the reason to drop the event, or null to process it. */
export function staleReason(interp: Interpretation, rec: SubRecord | null): string | null {
	if (!rec) return null;
	const what = interp.eventType ?? 'this event';
	if (rec.term && !isTerminal(interp.signal)) {
		return `the subscription already ended (${rec.term}); a late or repeated "${what}" cannot change that (stale guard)`;
	}
	if (interp.bareObject) return null; // a listed object is the gateway's state when it was read
	if (interp.occurredAtMs !== null && rec.t !== null && interp.occurredAtMs < rec.t) {
		return `"${what}" happened at ${new Date(interp.occurredAtMs).toISOString()}, before the last event applied for this subscription (${new Date(rec.t).toISOString()}); an older event does not undo a newer one (stale guard)`;
	}
	if (
		(interp.signal === 'past_due' || interp.signal === 'unpaid') &&
		interp.failedPeriodStartMs !== null &&
		rec.pt !== null &&
		interp.failedPeriodStartMs < rec.pt
	) {
		return `"${what}" is about a period that a later payment already covers (paid through ${day(rec.pt)}) (stale guard)`;
	}
	return null;
}

export function nextRecord(prev: SubRecord | null, interp: Interpretation): SubRecord {
	const paid = interp.signal === 'active' || interp.signal === 'trialing';
	return {
		t: maxOf(prev?.t, interp.occurredAtMs),
		pt: paid ? maxOf(prev?.pt, interp.paidThroughMs) : (prev?.pt ?? null),
		term: prev?.term ?? (isTerminal(interp.signal) ? (interp.signal === 'expired_unpaid' ? 'incomplete_expired' : interp.signal) : null),
		dis: prev?.dis,
		oth: prev?.oth,
	};
}
