import { createHash, timingSafeEqual } from 'node:crypto';

/** The `oneOtTerminalWebhookApi` credential's data, as n8n hands it over. */
export interface WebhookAuth {
	authType?: unknown;
	headerName?: unknown;
	headerValue?: unknown;
	user?: unknown;
	password?: unknown;
}

export type AuthOutcome = { ok: true } | { ok: false; reason: string; challenge?: string };

export const DEFAULT_HEADER = 'X-Webhook-Secret';

/** Constant-time equality of two strings: their SHA-256 digests (always 32 bytes) are compared. */
export function safeEqual(a: string, b: string): boolean {
	const da = createHash('sha256').update(a, 'utf8').digest();
	const db = createHash('sha256').update(b, 'utf8').digest();
	return timingSafeEqual(da, db);
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() !== wanted) continue;
		if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
		return value === undefined || value === null ? undefined : String(value);
	}
	return undefined;
}

/** Problems with the credential's fields (empty secret, bad header name); empty when it is usable. */
export function credentialProblems(auth: WebhookAuth): string[] {
	const problems: string[] = [];
	if ((auth.authType ?? 'headerSecret') === 'basicAuth') {
		if (!String(auth.user ?? '')) problems.push('The user is empty.');
		if (String(auth.user ?? '').includes(':')) problems.push('The user must not contain ":" (HTTP Basic cannot carry it).');
		if (!String(auth.password ?? '')) problems.push('The password is empty.');
		return problems;
	}
	if (auth.authType !== undefined && auth.authType !== 'headerSecret') {
		return [`Unknown authentication "${String(auth.authType)}".`];
	}
	const name = String(auth.headerName ?? DEFAULT_HEADER).trim();
	if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) problems.push(`"${name}" is not a valid HTTP header name.`);
	if (['authorization', 'content-type', 'content-length', 'host'].includes(name.toLowerCase())) {
		problems.push(`"${name}" is a standard header; choose your own name such as ${DEFAULT_HEADER}.`);
	}
	if (!String(auth.headerValue ?? '')) problems.push('The header value (the secret) is empty.');
	return problems;
}

/**
 * Whether a request carries what the credential asks for. Fails closed: a credential with an empty secret
 * accepts nothing. Both values are always compared (no early exit that would tell which one was wrong).
 */
export function checkRequest(auth: WebhookAuth, headers: Record<string, unknown>): AuthOutcome {
	const problems = credentialProblems(auth);
	if (problems.length) return { ok: false, reason: `The credential is not usable: ${problems.join(' ')}` };

	if (auth.authType === 'basicAuth') {
		const challenge = 'Basic realm="1oT Terminal Trigger", charset="UTF-8"';
		const given = header(headers, 'authorization');
		const match = given === undefined ? null : /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(given);
		if (!match) return { ok: false, reason: 'No HTTP Basic authorization', challenge };
		const decoded = Buffer.from(match[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		const user = colon < 0 ? decoded : decoded.slice(0, colon);
		const password = colon < 0 ? '' : decoded.slice(colon + 1);
		const userOk = safeEqual(user, String(auth.user));
		const passwordOk = safeEqual(password, String(auth.password));
		return userOk && passwordOk ? { ok: true } : { ok: false, reason: 'Wrong user or password', challenge };
	}

	const name = String(auth.headerName ?? DEFAULT_HEADER).trim();
	const given = header(headers, name);
	if (given === undefined) return { ok: false, reason: `Header ${name} is missing` };
	return safeEqual(given, String(auth.headerValue)) ? { ok: true } : { ok: false, reason: `Header ${name} is wrong` };
}

/** Request headers without the ones that carry secrets (for the optional `headers` output). */
export function redactHeaders(headers: Record<string, unknown>, auth: WebhookAuth | null): Record<string, unknown> {
	const secret = new Set(['authorization', 'cookie', 'proxy-authorization']);
	if (auth && auth.authType !== 'basicAuth') secret.add(String(auth.headerName ?? DEFAULT_HEADER).trim().toLowerCase());
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(headers ?? {})) {
		out[key] = secret.has(key.toLowerCase()) ? '[redacted]' : value;
	}
	return out;
}
