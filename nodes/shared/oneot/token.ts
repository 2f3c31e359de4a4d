import { createHmac } from 'node:crypto';

import { connectionProblem } from './connectionProblem';

/** The credential's fields the token grant needs. */
export interface TokenCredentials {
	username?: unknown;
	password?: unknown;
	baseUrl?: unknown;
}

/** Sends the token request: POST `url` with the query string `qs`, JSON answer (n8n's httpRequest or request helper). */
export type TokenPost = (url: string, qs: Record<string, string>) => Promise<unknown>;

export const baseUrlOf = (credentials: TokenCredentials): string => String(credentials.baseUrl ?? '').replace(/\/+$/, '');

/**
 * The 1oT Terminal's OAuth2 password grant: `POST {baseUrl}/oauth/token?grant_type=password&client_id=…&username=…&password=…`
 * (no body). Used by the credential's preAuthentication.
 * Throws an Error whose message says what went wrong in words and never holds the password or the HTTP
 * library's error (which keeps the whole request, query string included).
 */
export async function requestToken(post: TokenPost, credentials: TokenCredentials): Promise<string> {
	const baseUrl = baseUrlOf(credentials);
	const username = String(credentials.username ?? '');
	let response: { access_token?: unknown };
	try {
		response = (await post(`${baseUrl}/oauth/token`, {
			grant_type: 'password',
			client_id: username,
			username,
			password: String(credentials.password ?? ''),
		})) as { access_token?: unknown };
	} catch (error) {
		const status = (error as { response?: { status?: number } }).response?.status;
		const refused = status !== undefined && status >= 400 && status < 500 && status !== 429;
		const problem = status ? null : connectionProblem(error, baseUrl);
		const failure = new Error(
			refused
				? `The 1oT Terminal refused the username or password (HTTP ${status}). Check the credential "1oT Terminal API".`
				: problem
					? `Could not get a token from the 1oT Terminal at ${baseUrl}: ${problem}. Check the Base URL.`
					: `Could not get a token from the 1oT Terminal at ${baseUrl}${status ? ` (HTTP ${status})` : ''}.`,
		);
		// Read by the node's transport: a token that could not be had this time (no answer, 5xx, 429, a dropped
		// connection) is worth another try, as nothing was sent to the API yet; a refusal, or a Base URL that
		// cannot work (no such host, not a URL, a certificate refused), is not.
		const hopeless = refused || (problem !== null && /not a valid URL|was not found|TLS certificate/.test(problem));
		Object.assign(failure, { oneOtToken: hopeless ? 'refused' : 'unavailable', oneOtTokenStatus: status ?? null });
		throw failure;
	}
	if (typeof response?.access_token !== 'string' || response.access_token === '') {
		throw new Error(`The 1oT Terminal at ${baseUrl} answered the token request without an access token.`);
	}
	return response.access_token;
}

/**
 * What a token was granted for: the username, password and Base URL, keyed with the token itself (so the stored
 * value says nothing about the password without the token). A token is sent only while the credential still
 * holds the same values: after the password or Base URL is changed, the next call (the Test button's too) goes
 * without one, the API answers 401, and n8n asks for a new token with the new values, so a wrong new password
 * fails at once instead of riding on the old token until it expires.
 */
export function grantedFor(credentials: TokenCredentials, token: string): string {
	return createHmac('sha256', token)
		.update(`${String(credentials.username ?? '')}\n${String(credentials.password ?? '')}\n${baseUrlOf(credentials)}`)
		.digest('hex');
}
