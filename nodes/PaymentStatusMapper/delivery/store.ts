/**
 * What the mapper remembers between deliveries, in the node's workflow static data: event ids already processed
 * (dedupe) and short records per subscription and per device (stale guard, disputes). Bounded, so very old ids and
 * records fall out.
 *
 * What it cannot promise: n8n saves static data only for trigger-started (production) executions, at the end of
 * the execution. Two executions that run at the same time (queue mode, several workers, or overlapping runs)
 * read the same old store and can both pass. The idempotent `setState` of the 1oT Terminal node is the real safety
 * net; a nightly reconcile catches the rest.
 */
import { isObj, type Obj } from '../values';

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
