/**
 * Why a request never got an answer, in words that name the host and nothing else: the HTTP library's own message
 * can carry the whole request URL, and the token request has the password in its query string.
 */

type Wrapped = { code?: unknown; cause?: unknown; errno?: unknown } | undefined;

/** The first error code in an error or the errors it wraps (n8n wraps the HTTP library's error). */
function errorCode(error: unknown): string | null {
	for (let e = error as Wrapped, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
		if (typeof e.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(e.code)) return e.code;
		e = e.cause as Wrapped;
	}
	return null;
}

const TLS = /^(CERT_|ERR_TLS_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|ERR_SSL_)/;

/**
 * A sentence for an error that got no HTTP answer (connection refused, DNS, timeout, TLS), or null when the error
 * is something else (an HTTP status, a bad body).
 */
export function connectionProblem(error: unknown, url: string): string | null {
	const code = errorCode(error);
	if (!code) return null;
	let host = url;
	try {
		host = new URL(url).host;
	} catch {
		return 'the Base URL is not a valid URL';
	}
	switch (code) {
		case 'ECONNREFUSED':
			return `the connection was refused by ${host} (nothing listens there)`;
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
		case 'EAI_NONAME':
			return `the host name ${new URL(url).hostname} was not found (DNS)`;
		case 'ETIMEDOUT':
		case 'ESOCKETTIMEDOUT':
		case 'ECONNABORTED':
			return `${host} did not answer in time (timeout)`;
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return `${host} cannot be reached from this n8n (no route to the host)`;
		case 'ECONNRESET':
		case 'EPIPE':
			return `${host} closed the connection before answering`;
		case 'ERR_INVALID_URL':
			return 'the Base URL is not a valid URL';
		default:
			return TLS.test(code) ? `the TLS certificate of ${host} was not accepted (${code})` : `the request to ${host} failed (${code})`;
	}
}
