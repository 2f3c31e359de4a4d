/**
 * Delivery guard: payment webhooks arrive at least once, out of order, late. Two protections over a bounded store
 * kept in the node's workflow static data:
 *  - dedupe: an event id (Stripe `evt_…`, a hash of a Braintree notification, a custom event id field) already
 *    processed is dropped; Stripe's `(type, object id)` for events that happen once per object is a second key;
 *  - stale guard, per subscription: an event older than the last one applied is dropped; a failure for a period
 *    that a payment already covers is dropped; a terminal state (canceled, expired) is never left.
 *
 * What it cannot promise: n8n saves static data only for trigger-started (production) executions, at the end of
 * the execution. Two executions that run at the same time (queue mode, several workers, or overlapping runs)
 * read the same old store and can both pass. The store is bounded, so very old ids and subscriptions fall out.
 * The idempotent `setState` of the 1oT Terminal node is the real safety net; a nightly reconcile catches the rest.
 */
import type { Interpretation, Signal } from './types';
import { day, isObj, maxOf, type Obj } from './util';

export const MAX_EVENT_IDS = 2000;
export const MAX_RECORDS = 2000;

/** What the store remembers about one subscription (or device). Short keys: it is saved with the workflow. */
export interface SubRecord {
	/** last applied event time, ms */
	t: number | null;
	/** paid through, ms (only moves forward) */
	pt: number | null;
	/** terminal state reached, if any */
	term: string | null;
	/** device: currently suspended because of a dispute */
	dis?: boolean;
	/** device: currently suspended for another reason (unpaid, canceled, …) */
	oth?: boolean;
}

const TERMINAL: ReadonlySet<Signal> = new Set<Signal>(['canceled', 'expired', 'expired_unpaid']);

export function isTerminal(signal: Signal): boolean {
	return TERMINAL.has(signal);
}


/** A bounded, insertion-ordered map (a plain object inside static data, mutated in place) with a key count. */
class BoundedMap {
	private count: number;

	constructor(
		readonly map: Obj,
		private readonly max: number,
	) {
		this.count = Object.keys(map).length;
		this.trim();
	}

	has(key: string): boolean {
		return Object.prototype.hasOwnProperty.call(this.map, key);
	}

	get(key: string): unknown {
		return this.has(key) ? this.map[key] : undefined;
	}

	/** Insert or move to the end (most recently used). */
	set(key: string, value: unknown): void {
		if (this.has(key)) delete this.map[key];
		else this.count++;
		this.map[key] = value;
		this.trim();
	}

	/** Over the bound: drop the oldest tenth at once (amortised; enumerating a large object per insert is slow). */
	private trim(): void {
		if (this.count <= this.max) return;
		const keys = Object.keys(this.map);
		const drop = keys.length - this.max + Math.ceil(this.max / 10);
		for (let i = 0; i < drop && i < keys.length; i++) delete this.map[keys[i]];
		this.count = Math.max(0, keys.length - drop);
	}
}

const stores = new WeakMap<Obj, DeliveryStore>();

/** Bounded, insertion-ordered maps inside the static data object (mutated in place, as n8n expects). */
export class DeliveryStore {
	private readonly events: BoundedMap;
	private readonly records: BoundedMap;

	/** One store per static data object (kept across the items of an execution). */
	static for(staticData: Obj): DeliveryStore {
		const cached = stores.get(staticData);
		if (cached && cached.events.map === staticData.paymentEvents && cached.records.map === staticData.paymentRecords) return cached;
		const store = new DeliveryStore(staticData);
		stores.set(staticData, store);
		return store;
	}

	private constructor(staticData: Obj) {
		if (!isObj(staticData.paymentEvents)) staticData.paymentEvents = {};
		if (!isObj(staticData.paymentRecords)) staticData.paymentRecords = {};
		this.events = new BoundedMap(staticData.paymentEvents as Obj, MAX_EVENT_IDS);
		this.records = new BoundedMap(staticData.paymentRecords as Obj, MAX_RECORDS);
	}

	seen(keys: string[]): string | null {
		for (const k of keys) if (this.events.has(`e:${k}`)) return k;
		return null;
	}

	markSeen(keys: string[], nowMs: number): void {
		for (const k of keys) this.events.set(`e:${k}`, Math.floor(nowMs / 1000));
	}

	get(key: string): SubRecord | null {
		const r = this.records.get(`r:${key}`);
		if (!isObj(r)) return null;
		return {
			t: typeof r.t === 'number' ? r.t : null,
			pt: typeof r.pt === 'number' ? r.pt : null,
			term: typeof r.term === 'string' ? r.term : null,
			dis: r.dis === true,
			oth: r.oth === true,
		};
	}

	put(key: string, rec: SubRecord): void {
		const clean: Obj = { t: rec.t, pt: rec.pt, term: rec.term };
		if (rec.dis) clean.dis = true;
		if (rec.oth) clean.oth = true;
		this.records.set(`r:${key}`, clean);
	}
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
