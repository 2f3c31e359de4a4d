/**
 * Defensive readers: input items are arbitrary JSON (or worse); nothing here throws, except `unixToMs` for a time
 * that is present but impossible (an item error naming the field).
 */
import { ItemError } from './types';


export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | null {
	return typeof v === 'string' && v.length > 0 ? v : null;
}

export function num(v: unknown): number | null {
	return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A Stripe reference: either an id string or an expanded object with an `id`. */
export function idOf(v: unknown): string | null {
	if (typeof v === 'string') return v.length > 0 ? v : null;
	if (isObj(v)) return str(v.id);
	return null;
}

/** Reads `a.b.c` (also `a.0.b` for arrays). Own properties only. */
export function getPath(root: unknown, path: string): unknown {
	if (typeof path !== 'string' || path.trim() === '') return undefined;
	let cur: unknown = root;
	for (const raw of path.trim().split('.')) {
		const key = raw.trim();
		if (key === '') return undefined;
		if (Array.isArray(cur)) {
			if (!/^\d+$/.test(key)) return undefined;
			cur = cur[Number(key)];
		} else if (isObj(cur)) {
			if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
			cur = cur[key];
		} else {
			return undefined;
		}
	}
	return cur;
}

/** The largest Unix time in seconds taken as real (year 5138): a millisecond value (≥ 1e11 s) is a mistake. */
const MAX_UNIX_SECONDS = 1e11;

/**
 * Stripe Unix seconds → ms. Absent (undefined, null) is null; anything else that is not a whole number of seconds
 * in range (a string, a millisecond value such as 1e13, a negative) is an item error naming the field, so that an
 * impossible time never reaches the store or a date formatter.
 */
export function unixToMs(v: unknown, field = 'a time field'): number | null {
	if (v === undefined || v === null) return null;
	if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v >= MAX_UNIX_SECONDS) {
		const shown = typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v)).slice(0, 60);
		throw new ItemError(`"${field}" is not a Unix time in seconds: ${shown}`, field);
	}
	return v * 1000;
}

/** ISO string or `YYYY-MM-DD` → ms. A bare date means "through the end of that day" when `endOfDay`. */
export function dateToMs(v: unknown, endOfDay = false): number | null {
	if (typeof v !== 'string' || v.length < 8 || v.length > 40) return null;
	if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
		const ms = Date.parse(`${v}T00:00:00.000Z`);
		if (Number.isNaN(ms)) return null;
		return endOfDay ? ms + 86_400_000 : ms;
	}
	const ms = Date.parse(v);
	return Number.isNaN(ms) ? null : ms;
}

export function toIso(ms: number | null): string | null {
	if (ms === null || !Number.isFinite(ms)) return null;
	const d = new Date(ms);
	return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function maxOf(...values: Array<number | null | undefined>): number | null {
	let best: number | null = null;
	for (const v of values) if (typeof v === 'number' && Number.isFinite(v) && (best === null || v > best)) best = v;
	return best;
}

export function minOf(...values: Array<number | null | undefined>): number | null {
	let best: number | null = null;
	for (const v of values) if (typeof v === 'number' && Number.isFinite(v) && (best === null || v < best)) best = v;
	return best;
}

export function splitList(v: unknown): string[] {
	if (typeof v !== 'string') return [];
	return v
		.split(',')
		.map((s) => s.trim())
		.filter((s) => s.length > 0);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A day as people write it in a sentence (UTC): "1 Dec 2026". Used in reasons; the output's date fields stay ISO. */
export function day(ms: number | null): string {
	if (toIso(ms) === null) return 'an unknown date';
	const d = new Date(ms as number);
	return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
