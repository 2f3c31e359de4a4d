/**
 * Takes secrets out of text that came from the API before it reaches an error, an output or a log. Some OAuth
 * servers copy the token (or the password of a token request) into their error description, so nothing the
 * server says is passed on as it came: the credential's own secrets are replaced wherever they appear, and so is
 * anything shaped like a credential (bearer values, `token=…`, UUIDs as the 1oT token server issues them, long
 * random strings), whoever it belongs to.
 */

const MASK = '***';

/** A secret shorter than this is not searched for: it would mask ordinary words. */
const MIN_SECRET_LENGTH = 6;

const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const KEY_VALUE =
	/\b((?:access|refresh|id)[_-]?token|token|password|passwd|client[_-]?secret|secret|api[_-]?key)(\s*["']?\s*[:=]\s*["']?)([^\s"'&,;)}\]]+)/gi;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** Long runs mixing letters and digits (random tokens, hex passwords, JWTs). ICCIDs and EIDs are digits only. */
const RANDOM_RUN = /[A-Za-z0-9_\-.~+]{24,}/g;

function looksRandom(run: string): boolean {
	return /[A-Za-z]/.test(run) && /\d/.test(run);
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `text` with every known secret and every credential-shaped string replaced by `***`. */
export function redact(text: string, secrets: Iterable<string | undefined | null> = []): string {
	let out = text;
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
		out = out.replace(new RegExp(escape(secret), 'g'), MASK);
		// The same secret as a query string or a form would carry it.
		const encoded = encodeURIComponent(secret);
		if (encoded !== secret) out = out.replace(new RegExp(escape(encoded), 'g'), MASK);
	}
	return out
		.replace(BEARER, `$1 ${MASK}`)
		.replace(KEY_VALUE, (whole, key: string, sep: string, value: string) => (value === MASK ? whole : `${key}${sep}${MASK}`))
		.replace(UUID, MASK)
		.replace(RANDOM_RUN, (run) => (looksRandom(run) ? MASK : run));
}
