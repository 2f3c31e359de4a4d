import { checkBasicAuth, headerValue as header, safeEqual } from '../shared/webhookAuth';

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
		return checkBasicAuth(headers, { user: String(auth.user), password: String(auth.password) }, '1oT Terminal Trigger');
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

/**
 * What the trigger says when it runs without a credential: in the panel (a notice) and on every item it emits, so
 * that an open trigger is seen where its output is read, not only when its panel is opened.
 */
export const NO_CREDENTIAL_NOTICE =
	'Without a <b>1oT Terminal Webhook API</b> credential anyone who knows this trigger\'s Production URL can start the workflow. Choose one above (header secret or basic auth), and set the same values on the Terminal\'s push action.';
export const NO_CREDENTIAL_WARNING =
	'Received without a 1oT Terminal Webhook API credential on the trigger: anyone who knows its URL can start this workflow. Add the credential.';
