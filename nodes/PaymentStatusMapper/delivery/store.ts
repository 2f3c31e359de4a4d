/**
 * What the mapper remembers between deliveries, in the node's workflow static data: event ids already processed
 * (dedupe), a short record per subscription (its clock, paid-through date, terminal state) and one per device
 * (what each subscription naming it wants, and its disputes). Bounded, so very old ids and records fall out.
 *
 * What it cannot promise: n8n saves static data only for trigger-started (production) executions, at the end of
 * the execution. Two executions that run at the same time (queue mode, several workers, or overlapping runs)
 * read the same old store and the last save wins. With `confirmWithGateway` the decision comes from the gateway's
 * current state instead, which neither order nor a lost record can make wrong.
 */
import { isObj, type Obj } from '../values';

export const MAX_EVENT_IDS = 2000;
export const MAX_RECORDS = 2000;
/** Per device: subscriptions and disputes remembered (a device has a handful over its life). */
export const MAX_PER_DEVICE = 20;

/** What the store remembers about one subscription. Short keys: it is saved with the workflow. */
export interface SubRecord {
	/** time of the last applied event that carried a billing state, ms */
	t: number | null;
	/** paid through, ms (only moves forward) */
	pt: number | null;
	/** terminal state reached, if any */
	term: string | null;
}

/** What one subscription wants for its device: live (paid, trial, grace), off (suspend), or wait (decides nothing). */
export type Want = 'live' | 'off' | 'wait';
/** A dispute's state as far as the SIM is concerned. */
export type DisputeState = 'open' | 'won' | 'lost';

export interface DeviceRecord {
	/** subscription id → what it wants, and the time of that state (ms) */
	subs: Record<string, { w: Want; t: number | null }>;
	/** dispute id → its state and the time of that state (ms) */
	disputes: Record<string, { s: DisputeState; t: number | null }>;
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

const WANTS: ReadonlySet<string> = new Set(['live', 'off', 'wait']);
const DISPUTE_STATES: ReadonlySet<string> = new Set(['open', 'won', 'lost']);

function time(v: unknown): number | null {
	return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The newest `max` entries of a stored map, read defensively (static data may have been edited or corrupted). */
function readEntries<T>(v: unknown, read: (e: unknown) => T | null): Record<string, T> {
	const out: Record<string, T> = {};
	if (!isObj(v)) return out;
	for (const key of Object.keys(v).slice(-MAX_PER_DEVICE)) {
		const e = read(v[key]);
		if (e !== null) out[key] = e;
	}
	return out;
}

/** Keeps the newest `MAX_PER_DEVICE` entries (insertion order: a re-set key moves to the end). */
function bounded<T>(entries: Record<string, T>): Record<string, T> {
	const keys = Object.keys(entries);
	const out: Record<string, T> = {};
	for (const k of keys.slice(-MAX_PER_DEVICE)) out[k] = entries[k];
	return out;
}

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
		return { t: time(r.t), pt: time(r.pt), term: typeof r.term === 'string' ? r.term : null };
	}

	put(key: string, rec: SubRecord): void {
		this.records.set(`r:${key}`, { t: rec.t, pt: rec.pt, term: rec.term });
	}

	getDevice(key: string): DeviceRecord {
		const r = this.records.get(`d:${key}`);
		if (!isObj(r)) return { subs: {}, disputes: {} };
		return {
			subs: readEntries(r.subs, (e) => (isObj(e) && typeof e.w === 'string' && WANTS.has(e.w) ? { w: e.w as Want, t: time(e.t) } : null)),
			disputes: readEntries(r.disputes, (e) =>
				isObj(e) && typeof e.s === 'string' && DISPUTE_STATES.has(e.s) ? { s: e.s as DisputeState, t: time(e.t) } : null,
			),
		};
	}

	putDevice(key: string, rec: DeviceRecord): void {
		this.records.set(`d:${key}`, { subs: bounded(rec.subs), disputes: bounded(rec.disputes) });
	}
}
