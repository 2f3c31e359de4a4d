import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * What the package's webhook triggers use to check who sent a request: header lookup, constant-time comparison
 * and HTTP Basic auth. One place, so that every trigger fails closed the same way.
 */

/** Constant-time equality of two strings: their SHA-256 digests (always 32 bytes) are compared. */
export function safeEqual(a: string, b: string): boolean {
	const da = createHash('sha256').update(a, 'utf8').digest();
	const db = createHash('sha256').update(b, 'utf8').digest();
	return timingSafeEqual(da, db);
}

/** Constant-time equality of two byte strings of any length (a length difference is not leaked either). */
export function safeEqualBytes(a: Buffer, b: Buffer): boolean {
	const da = createHash('sha256').update(a).digest();
	const db = createHash('sha256').update(b).digest();
	return timingSafeEqual(da, db) && a.length === b.length;
}

/** A request header by name, case-insensitive; the first value of a repeated header; undefined when absent. */
export function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() !== wanted) continue;
		if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
		return value === undefined || value === null ? undefined : String(value);
	}
	return undefined;
}

export type BasicAuthOutcome = { ok: true } | { ok: false; reason: string; challenge: string };

/**
 * Whether the request's `Authorization: Basic …` names this user and password. Both halves are always compared
 * (no early exit that would tell which one was wrong).
 */
export function checkBasicAuth(
	headers: Record<string, unknown> | undefined,
	expected: { user: string; password: string },
	realm: string,
): BasicAuthOutcome {
	const challenge = `Basic realm="${realm}", charset="UTF-8"`;
	const given = headerValue(headers, 'authorization');
	const match = given === undefined ? null : /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(given);
	if (!match) return { ok: false, reason: 'No HTTP Basic authorization', challenge };
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	const user = colon < 0 ? decoded : decoded.slice(0, colon);
	const password = colon < 0 ? '' : decoded.slice(colon + 1);
	const userOk = safeEqual(user, expected.user);
	const passwordOk = safeEqual(password, expected.password);
	return userOk && passwordOk ? { ok: true } : { ok: false, reason: 'Wrong user or password', challenge };
}
