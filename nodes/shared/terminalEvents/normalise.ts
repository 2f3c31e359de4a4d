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

/**
 * Work done by the recogniser, for tests and benchmarks that check it grows linearly with the body: object keys
 * read (each key of an object the recogniser looks into, once) and characters read (of the raw body, once, and of
 * texts it classifies, each up to TEXT_LIMIT).
 */
export interface WorkCounter {
	keys: number;
	chars: number;
}

export interface NormaliseOptions {
	/** Time of receipt (epoch ms or Date); defaults to now. */
	receivedAt?: number | Date;
	/** The request body exactly as it arrived, to recover the digits of identifiers sent as JSON numbers. */
	rawBody?: string;
	/** Counts the work done (see WorkCounter). */
	work?: WorkCounter;
}

/**
 * What the recogniser reads at most, so that a hostile body costs time in proportion to its size and no more:
 * a text is classified by its first TEXT_LIMIT characters (the Terminal's trigger names are short); a key longer
 * than KEY_LIMIT cannot be one of the table's names and is not folded; an object's keys are folded once, and only
 * those of the objects the table's paths reach (the body, its wrappers, their named children), never the whole
 * tree. The body itself is always passed on whole.
 */
export const LIMITS = { TEXT_LIMIT: 1000, KEY_LIMIT: 100 } as const;

type Found = { key: string; value: unknown };

/**
 * State shared by the notifications of one request: each object's keys are folded once (a lookup is then one map
 * access, whatever the number of fields and wrappers tried), and the raw body is read once for all of them.
 */
interface Context {
	rawBody?: string;
	digits?: DigitIndex;
	work: WorkCounter;
	folded: WeakMap<object, Map<string, string>>;
}

function context(options: NormaliseOptions): Context {
	return { rawBody: options.rawBody, work: options.work ?? { keys: 0, chars: 0 }, folded: new WeakMap() };
}

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

/**
 * An object's keys by their folded form (the first key of each form wins, as in key order), built once. Only the
 * forms the table names are kept: a body of a million other keys costs one fold each and no memory.
 */
function foldedKeys(object: object, ctx: Context): Map<string, string> {
	let index = ctx.folded.get(object);
	if (index) return index;
	index = new Map();
	for (const key of Object.keys(object)) {
		ctx.work.keys++;
		if (key.length > LIMITS.KEY_LIMIT) continue;
		const folded = foldKey(key);
		if (TABLE_NAMES.has(folded) && !index.has(folded)) index.set(folded, key);
	}
	ctx.folded.set(object, index);
	return index;
}

/** The table's paths with each segment folded, once (they are walked for every notification). */
const foldPath = (path: string): string[] => path.split('.').map(foldKey);
const FOLDED_FIELDS = Object.fromEntries(
	Object.entries(FIELDS).map(([field, names]) => [field, (names as readonly string[]).map(foldPath)]),
) as Record<keyof typeof FIELDS, string[][]>;
const FOLDED_WRAPPERS = WRAPPERS.map((w) => (w ? foldPath(w) : []));
/** Every folded name a path segment can have: the only keys worth remembering. */
const TABLE_NAMES = new Set([...Object.values(FOLDED_FIELDS).flat(2), ...FOLDED_WRAPPERS.flat()]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

/** The value at a folded path below `root`, matching each segment's key by its folded form. */
function walk(root: unknown, path: readonly string[], ctx: Context): Found | null {
	let current: unknown = root;
	let key = '';
	for (const segment of path) {
		if (!isRecord(current)) return null;
		const match = foldedKeys(current, ctx).get(segment);
		if (match === undefined) return null;
		key = match;
		current = current[match];
	}
	return current === undefined || current === null ? null : { key, value: current };
}

/** The objects fields are looked for in, in order: the body itself, then each wrapper it has. */
function scopesOf(body: unknown, ctx: Context): Array<Record<string, unknown>> {
	const scopes: Array<Record<string, unknown>> = [];
	for (const wrapper of FOLDED_WRAPPERS) {
		const scope = wrapper.length === 0 ? body : walk(body, wrapper, ctx)?.value;
		if (isRecord(scope)) scopes.push(scope);
	}
	return scopes;
}

/** Every value found for a field, in order of preference: top level first, then inside each wrapper. */
function candidates(scopes: ReadonlyArray<Record<string, unknown>>, field: keyof typeof FIELDS, ctx: Context): Found[] {
	const found: Found[] = [];
	for (const scope of scopes) {
		for (const path of FOLDED_FIELDS[field]) {
			const hit = walk(scope, path, ctx);
			if (hit) found.push(hit);
		}
	}
	return found;
}

/** Which event a text describes, by the trigger-word table (its first TEXT_LIMIT characters); null when none matches. */
export function classifyText(text: string, work?: WorkCounter): Exclude<TerminalEventKind, 'other'> | null {
	const head = text.length > LIMITS.TEXT_LIMIT ? text.slice(0, LIMITS.TEXT_LIMIT) : text;
	if (work) work.chars += head.length;
	const folded = ` ${foldText(head)} `;
	if (folded.trim() === '') return null;
	for (const { event, words } of TRIGGER_WORDS) {
		if (words.some((word) => folded.includes(` ${foldText(word)} `))) return event;
	}
	return null;
}

/** Per key of the raw JSON, the integer tokens written for it, grouped by the number JSON.parse made of them. */
type DigitIndex = Map<string, Map<number, Set<string>>>;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const MINUS = 0x2d;

function isSpace(c: number): boolean {
	return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
	return c >= 0x30 && c <= 0x39;
}

/**
 * One pass over a JSON text: every `"key": <integer>` at any depth. Strings are skipped as JSON does (escapes
 * included), so a key-like text inside a string value is not taken for a key.
 */
export function indexDigits(raw: string, work?: WorkCounter): DigitIndex {
	const index: DigitIndex = new Map();
	const n = raw.length;
	if (work) work.chars += n;
	let i = 0;
	while (i < n) {
		if (raw.charCodeAt(i) !== QUOTE) {
			i++;
			continue;
		}
		const start = i + 1;
		let escaped = false;
		i = start;
		while (i < n && raw.charCodeAt(i) !== QUOTE) {
			if (raw.charCodeAt(i) === BACKSLASH) {
				escaped = true;
				i++;
			}
			i++;
		}
		const end = i;
		i++; // past the closing quote
		let j = i;
		while (j < n && isSpace(raw.charCodeAt(j))) j++;
		if (raw.charCodeAt(j) !== COLON) continue;
		j++;
		while (j < n && isSpace(raw.charCodeAt(j))) j++;
		const numberStart = j;
		if (raw.charCodeAt(j) === MINUS) j++;
		while (j < n && isDigit(raw.charCodeAt(j))) j++;
		const token = raw.slice(numberStart, j);
		const next = raw.charCodeAt(j);
		// only plain non-negative integers (no fraction, no exponent) can be identifiers' digits
		if (token === '' || token.charCodeAt(0) === MINUS || next === 0x2e || next === 0x65 || next === 0x45) continue;
		let key = raw.slice(start, end);
		if (escaped) {
			try {
				key = JSON.parse(`"${key}"`) as string;
			} catch {
				continue;
			}
		}
		let byNumber = index.get(key);
		if (!byNumber) index.set(key, (byNumber = new Map()));
		const value = Number(token);
		let tokens = byNumber.get(value);
		if (!tokens) byNumber.set(value, (tokens = new Set()));
		tokens.add(token);
		i = j;
	}
	return index;
}

/**
 * The digits of an identifier the sender wrote as a JSON number, read back from the raw body: JSON.parse has
 * already rounded numbers beyond 2^53. Null when the raw body does not tell it unambiguously (no such token, or
 * two different ones that JSON.parse reads as the same number).
 */
export function recoverDigits(rawBody: string | undefined, key: string, parsed: number, index?: DigitIndex): string | null {
	if (!rawBody) return null;
	const tokens = (index ?? indexDigits(rawBody)).get(key)?.get(parsed);
	return tokens && tokens.size === 1 ? [...tokens][0] : null;
}

function digitsOf(ctx: Context, key: string, parsed: number): string | null {
	if (!ctx.rawBody) return null;
	// read the raw body at most once per request, and only when an identifier arrived as a number
	ctx.digits ??= indexDigits(ctx.rawBody, ctx.work);
	return recoverDigits(ctx.rawBody, key, parsed, ctx.digits);
}

function identifier(kind: 'iccid' | 'imei', found: Found[], ctx: Context, warnings: string[]): string | null {
	const label = kind.toUpperCase();
	for (const { key, value } of found) {
		let text: unknown = value;
		if (typeof value === 'number') {
			if (!Number.isInteger(value) || value < 0) continue;
			const digits = digitsOf(ctx, key, value);
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
	return recognise(body, new Date(options.receivedAt ?? Date.now()).toISOString(), context(options));
}

function recognise(body: unknown, receivedAt: string, ctx: Context): TerminalEvent {
	const warnings: string[] = [];
	const scopes = scopesOf(body, ctx);

	const texts =
		typeof body === 'string'
			? [body]
			: candidates(scopes, 'trigger', ctx)
					.map((f) => f.value)
					.filter((v): v is string => typeof v === 'string' && v.trim() !== '')
					.map((v) => v.trim());
	let event: TerminalEventKind = 'other';
	for (const text of texts) {
		const kind = classifyText(text, ctx.work);
		if (kind) {
			event = kind;
			break;
		}
	}

	const timestamp = candidates(scopes, 'timestamp', ctx)
		.map((f) => toIsoTimestamp(f.value))
		.find((t) => t !== null);

	const result: TerminalEvent = {
		event,
		trigger: texts[0] ?? null,
		iccid: identifier('iccid', candidates(scopes, 'iccid', ctx), ctx, warnings),
		imei: identifier('imei', candidates(scopes, 'imei', ctx), ctx, warnings),
		country: country(candidates(scopes, 'country', ctx)),
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
	const receivedAt = new Date(options.receivedAt ?? Date.now()).toISOString();
	const ctx = context(options);
	if (Array.isArray(body) && body.length > 0 && body.every((b) => b !== null && typeof b === 'object' && !Array.isArray(b))) {
		return body.map((b) => recognise(b, receivedAt, ctx));
	}
	return [recognise(body, receivedAt, ctx)];
}

/** Whether an event kind passes the `events` filter (`*`, or nothing chosen, lets everything through). */
export function eventSelected(selected: readonly string[] | undefined, kind: TerminalEventKind): boolean {
	if (!selected || selected.length === 0) return true;
	return selected.includes('*') || selected.includes(kind);
}
