/**
 * Delivery guard: payment webhooks arrive at least once, out of order, late. Two protections over the store
 * (`store.ts`):
 *  - dedupe: an event id (Stripe `evt_…`, a hash of a Braintree notification, a custom event id field) already
 *    processed is dropped; Stripe's `(type, object id)` for events that happen once per object is a second key;
 *  - stale guard, per subscription: an event older than the last one that carried a billing state is dropped; a
 *    failure for a period that a payment already covers is dropped; a terminal state (canceled, expired) is never
 *    left, unless the gateway can reactivate the subscription (`reopenable`: then only time orders its events). Events that decide nothing (a Checkout Session of a subscription, a scheduled cancellation) never move
 *    the clock, so they cannot make an older, deciding event stale;
 *  - per dispute: a dispute's events are ordered by their own times, keyed by the dispute id.
 */
import type { Interpretation, Signal } from '../types';
import { NO_ACTION, sentences } from '../reason';
import { day, maxOf, toIso } from '../values';
import type { DeviceRecord, SubRecord } from './store';

const TERMINAL: ReadonlySet<Signal> = new Set<Signal>(['canceled', 'expired', 'expired_unpaid']);

export function isTerminal(signal: Signal): boolean {
	return TERMINAL.has(signal);
}

/** The signals that say what state a subscription is in: only these move its clock. */
const BILLING: ReadonlySet<Signal> = new Set<Signal>([
	'active',
	'trialing',
	'collection_paused',
	'past_due',
	'unpaid',
	'paused',
	'canceled',
	'expired',
	'expired_unpaid',
	'pending',
]);

export function carriesBillingState(signal: Signal): boolean {
	return BILLING.has(signal);
}

export function isDisputeSignal(signal: Signal): boolean {
	return signal === 'dispute_opened' || signal === 'dispute_won' || signal === 'dispute_lost';
}

function at(ms: number): string {
	return toIso(ms) ?? `${ms} ms`;
}

const OLDER = 'an older event does not undo a newer one';

/** The reason of a dropped event: why, then that nothing is done and which option dropped it. */
function dropped(...why: string[]): string {
	return sentences(...why, `${NO_ACTION} ("Stale Guard" is on)`);
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
	if (!rec || !carriesBillingState(interp.signal)) return null;
	if (rec.term && !isTerminal(interp.signal)) {
		return dropped(`the subscription already ended (${rec.term}), and a late or repeated event cannot change that`);
	}
	if (interp.bareObject) return null; // a listed object is the gateway's state when it was read
	if (interp.occurredAtMs !== null && rec.t !== null && interp.occurredAtMs < rec.t) {
		return dropped(`this event happened at ${at(interp.occurredAtMs)}, before the last event applied for this subscription (${at(rec.t)})`, OLDER);
	}
	if (
		(interp.signal === 'past_due' || interp.signal === 'unpaid') &&
		interp.failedPeriodStartMs !== null &&
		rec.pt !== null &&
		interp.failedPeriodStartMs < rec.pt
	) {
		return dropped(`this event is about a period that a later payment already covers (paid through ${day(rec.pt)})`);
	}
	return null;
}

/** A dispute event older than the last one applied for the same dispute: the reason to drop it, else null. */
export function disputeStaleReason(interp: Interpretation, device: DeviceRecord): string | null {
	const id = interp.disputeId;
	if (!id || interp.bareObject) return null;
	const known = device.disputes[id];
	if (!known || known.t === null || interp.occurredAtMs === null || interp.occurredAtMs >= known.t) return null;
	return dropped(`this event happened at ${at(interp.occurredAtMs)}, before the last event applied for dispute ${id} (${at(known.t)}, ${known.s})`, OLDER);
}

/**
 * The end a subscription's record keeps: a final end is never left. A reopenable one (Chargebee's cancelled) is not
 * kept: the event clock alone orders what follows, so a reactivation after it counts and an older event does not.
 */
function ended(prev: SubRecord | null, interp: Interpretation): string | null {
	if (prev?.term) return prev.term;
	if (!isTerminal(interp.signal) || interp.reopenable) return null;
	return interp.signal === 'expired_unpaid' ? 'incomplete_expired' : interp.signal;
}

/** The subscription's record after the event: only events that carry a billing state move it. */
export function nextRecord(prev: SubRecord | null, interp: Interpretation): SubRecord {
	if (!carriesBillingState(interp.signal)) return prev ?? { t: null, pt: null, term: null };
	const paid = interp.signal === 'active' || interp.signal === 'trialing';
	return {
		t: maxOf(prev?.t, interp.occurredAtMs),
		pt: paid ? maxOf(prev?.pt, interp.paidThroughMs) : (prev?.pt ?? null),
		term: ended(prev, interp),
	};
}
