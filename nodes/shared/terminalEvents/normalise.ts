import { checkIdentifier } from '../identifiers';
import { FIELDS, TRIGGER_WORDS, WRAPPERS, type TerminalEventKind } from './table';

/**
 * The normalised shape of a 1oT Terminal push notification or alert (SPEC 3.4). `body` is always the whole
 * payload as it came; the other fields are what the recogniser found in it (null when it found nothing).
 */
export interface TerminalEvent {
	event: TerminalEventKind;
	/** The Terminal's own words for what happened (its trigger, event type or message), as found. */
	trigger: string | null;
	iccid: string | null;
	imei: string | null;
	country: string | null;
	/** When it happened, ISO 8601, from the payload; null when the payload has no readable time. */
	timestamp: string | null;
	/** When n8n received it, ISO 8601. */
	receivedAt: string;
	body: unknown;
	/** Only present when something in the payload could not be trusted (e.g. an ICCID sent as a JSON number). */
	warnings?: string[];
}

export interface NormaliseOptions {
	/** Time of receipt (epoch ms or Date); defaults to now. */
	receivedAt?: number | Date;
	/** The request body exactly as it arrived, to recover the digits of identifiers sent as JSON numbers. */
	rawBody?: string;
}

type Found = { key: string; value: unknown };

/** Lower case, no `_`, `-` or spaces: the form in which field names are compared. */
export function foldKey(name: string): string {
	return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/** Lower-case words: camelCase, `_`, `-`, punctuation and digit/letter boundaries split ("500MB" → "500 mb"). */
export function foldText(text: string): string {
	return text
		.replace(/([a-z])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.replace(/(\d)([A-Za-z])/g, '$1 $2')
		.replace(/([A-Za-z])(\d)/g, '$1 $2')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

/** The value at a dot path, matching each segment's key by its folded form. */
function lookup(root: unknown, path: string): Found | null {
	let current: unknown = root;
	let key = '';
	for (const segment of path.split('.')) {
		if (!current || typeof current !== 'object' || Array.isArray(current)) return null;
		const wanted = foldKey(segment);
		const match = Object.keys(current as object).find((k) => foldKey(k) === wanted);
		if (match === undefined) return null;
		key = match;
		current = (current as Record<string, unknown>)[match];
	}
	return current === undefined || current === null ? null : { key, value: current };
}

/** Every value found for a field, in order of preference: top level first, then inside each wrapper. */
function candidates(body: unknown, names: readonly string[]): Found[] {
	const found: Found[] = [];
	for (const wrapper of WRAPPERS) {
		for (const name of names) {
			const hit = lookup(body, wrapper ? `${wrapper}.${name}` : name);
			if (hit) found.push(hit);
		}
	}
	return found;
}

/** Which event a text describes, by the trigger-word table; null when no word matches. */
export function classifyText(text: string): Exclude<TerminalEventKind, 'other'> | null {
	const folded = ` ${foldText(text)} `;
	if (folded.trim() === '') return null;
	for (const { event, words } of TRIGGER_WORDS) {
		if (words.some((word) => folded.includes(` ${foldText(word)} `))) return event;
	}
	return null;
}

/**
 * The digits of an identifier the sender wrote as a JSON number, read back from the raw body: JSON.parse has
 * already rounded numbers beyond 2^53. Null when the raw body does not tell it unambiguously.
 */
export function recoverDigits(rawBody: string | undefined, key: string, parsed: number): string | null {
	if (!rawBody) return null;
	const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const pattern = new RegExp(`"${escaped}"\\s*:\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`, 'g');
	const tokens = new Set<string>();
	for (const match of rawBody.matchAll(pattern)) {
		if (/^\d+$/.test(match[1]) && Number(match[1]) === parsed) tokens.add(match[1]);
	}
	return tokens.size === 1 ? [...tokens][0] : null;
}

function identifier(
	kind: 'iccid' | 'imei',
	found: Found[],
	rawBody: string | undefined,
	warnings: string[],
): string | null {
	const label = kind.toUpperCase();
	for (const { key, value } of found) {
		let text: unknown = value;
		if (typeof value === 'number') {
			if (!Number.isInteger(value) || value < 0) continue;
			const digits = recoverDigits(rawBody, key, value);
			if (digits !== null) text = digits;
			else if (Number.isSafeInteger(value)) text = String(value);
			else {
				warnings.push(
					`The ${label} in "${key}" arrived as a JSON number (${value}) and has lost digits; it was left out. Have the sender quote it as text.`,
				);
				continue;
			}
		}
		if (typeof text !== 'string') continue;
		const check = checkIdentifier(kind, text.replace(/[\s-]/g, ''));
		if (check.ok) return check.value;
	}
	return null;
}

function country(found: Found[]): string | null {
	for (const { value } of found) {
		if (typeof value !== 'string') continue;
		const text = value.trim();
		if (text === '' || text.length > 64 || /^\d+$/.test(text)) continue;
		return /^[A-Za-z]{2,3}$/.test(text) ? text.toUpperCase() : text;
	}
	return null;
}

/** An epoch (seconds or milliseconds), digits, or a date string → ISO 8601; null when unreadable. */
export function toIsoTimestamp(value: unknown): string | null {
	let ms: number;
	if (typeof value === 'number' || (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()))) {
		const n = Number(value);
		if (!Number.isFinite(n) || n <= 0) return null;
		// Below 10^11 an epoch is in seconds (milliseconds that small would be 1973).
		ms = n < 1e11 ? n * 1000 : n;
	} else if (typeof value === 'string' && value.trim() !== '') {
		ms = Date.parse(value.trim());
	} else {
		return null;
	}
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** One payload (an object, or a plain text) → the normalised event. */
export function normaliseEvent(body: unknown, options: NormaliseOptions = {}): TerminalEvent {
	const receivedAt = new Date(options.receivedAt ?? Date.now()).toISOString();
	const warnings: string[] = [];

	const texts =
		typeof body === 'string'
			? [body]
			: candidates(body, FIELDS.trigger)
					.map((f) => f.value)
					.filter((v): v is string => typeof v === 'string' && v.trim() !== '')
					.map((v) => v.trim());
	let event: TerminalEventKind = 'other';
	for (const text of texts) {
		const kind = classifyText(text);
		if (kind) {
			event = kind;
			break;
		}
	}

	const timestamp = candidates(body, FIELDS.timestamp)
		.map((f) => toIsoTimestamp(f.value))
		.find((t) => t !== null);

	const result: TerminalEvent = {
		event,
		trigger: texts[0] ?? null,
		iccid: identifier('iccid', candidates(body, FIELDS.iccid), options.rawBody, warnings),
		imei: identifier('imei', candidates(body, FIELDS.imei), options.rawBody, warnings),
		country: country(candidates(body, FIELDS.country)),
		timestamp: timestamp ?? null,
		receivedAt,
		body,
	};
	if (warnings.length) result.warnings = warnings;
	return result;
}

/**
 * A request body → one event per notification: a JSON array of objects (a batch) gives one each, anything
 * else one.
 */
export function normaliseBody(body: unknown, options: NormaliseOptions = {}): TerminalEvent[] {
	if (Array.isArray(body) && body.length > 0 && body.every((b) => b !== null && typeof b === 'object' && !Array.isArray(b))) {
		return body.map((b) => normaliseEvent(b, options));
	}
	return [normaliseEvent(body, options)];
}

/** Whether an event kind passes the `events` filter (`*`, or nothing chosen, lets everything through). */
export function eventSelected(selected: readonly string[] | undefined, kind: TerminalEventKind): boolean {
	if (!selected || selected.length === 0) return true;
	return selected.includes('*') || selected.includes(kind);
}
