import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { redact } from './redact';
import { TransportFailure, type OneOtResponse, type OneOtTransport } from './types';

export const CREDENTIAL_TYPE = 'oneOtTerminalApi';

type RequestContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/** Failed before anything was sent: sending again cannot apply anything twice. */
const NOT_SENT = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Failed after the request may have reached the API. */
const DROPPED = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_SOCKET']);

/**
 * The client's transport through n8n's `httpRequestWithAuthentication`, so that n8n signs every call with the
 * credential's token and renews it exactly as it does for any credential with an expirable field. What it hands
 * back never holds a secret: error bodies are redacted with the credential's current secrets, and the HTTP
 * library's errors (which carry the request, token included) become a TransportFailure that says only why.
 */
export async function n8nTransport(context: RequestContext): Promise<OneOtTransport> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const baseUrl = String(credentials.baseUrl ?? '').replace(/\/+$/, '');

	const send = async (options: IHttpRequestOptions) =>
		(await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, options)) as {
			statusCode: number;
			headers: IDataObject;
			body: unknown;
		};

	// The token changes when n8n renews it: read the credential again whenever an error is to be redacted.
	const secrets = async (): Promise<string[]> => {
		const current = await context.getCredentials(CREDENTIAL_TYPE).catch(() => credentials);
		return [current.password, current.accessToken, credentials.password, credentials.accessToken].map((s) => String(s ?? ''));
	};
	const clean = async (response: OneOtResponse): Promise<OneOtResponse> =>
		response.statusCode >= 200 && response.statusCode < 300 ? response : { ...response, body: redact(response.body, await secrets()) };

	return async (request) => {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${baseUrl}${request.path}${queryString(request.qs ?? {})}`,
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		let response;
		try {
			response = await send(options);
		} catch (error) {
			throw failureOf(error);
		}
		if (response.statusCode !== 401) return await clean(normalise(response));

		// n8n renews an expired token only when the request *throws* 401; ask again in that mode.
		try {
			return await clean(normalise(await send({ ...options, ignoreHttpStatusErrors: false })));
		} catch (error) {
			const token = tokenFailure(error);
			if (token) throw token;
			const answered = responseOf(error);
			if (answered?.statusCode === 401) {
				throw refusedWithNewToken();
			}
			if (answered) return await clean(answered);
			throw failureOf(error);
		}
	};
}

/** A token fetched just now is refused as well: the credential itself is not accepted. */
function refusedWithNewToken(): TransportFailure {
	return new TransportFailure('the API answers 401 even with a new token', 'newTokenRefused', 401);
}

/** The token request's own failure (see the credential's preAuthentication), wherever n8n wrapped it. */
function tokenFailure(error: unknown): TransportFailure | null {
	for (let e = error as { oneOtToken?: unknown; oneOtTokenStatus?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
		if (e.oneOtToken === 'refused' || e.oneOtToken === 'unavailable') {
			const status = typeof e.oneOtTokenStatus === 'number' ? e.oneOtTokenStatus : null;
			return new TransportFailure(
				String(e.message),
				e.oneOtToken === 'refused' ? 'credentialRefused' : 'tokenUnavailable',
				status,
			);
		}
		e = e.cause as typeof e;
	}
	return null;
}

/** A TransportFailure for an error n8n threw, keeping only why (never the request, which holds the token). */
function failureOf(error: unknown): TransportFailure {
	const token = tokenFailure(error);
	if (token) return token;
	for (let e = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
		const code = typeof e.code === 'string' ? e.code : '';
		if (NOT_SENT.has(code)) return new TransportFailure('no connection', 'notSent');
		if (DROPPED.has(code)) return new TransportFailure('the connection dropped', 'dropped');
		if (typeof e.message === 'string' && /socket hang up|ECONNRESET|ETIMEDOUT|aborted/i.test(e.message)) {
			return new TransportFailure('the connection dropped', 'dropped');
		}
		e = e.cause as typeof e;
	}
	const message = error instanceof Error ? redact(error.message) : 'the request failed';
	return new TransportFailure(message, 'other');
}

function normalise(response: { statusCode: number; headers: IDataObject; body: unknown }): OneOtResponse {
	return { statusCode: response.statusCode, headers: response.headers ?? {}, body: bodyText(response.body) };
}

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return JSON.stringify(body);
}

/** The HTTP answer inside an error n8n threw, whichever n8n version wrapped it. */
function responseOf(error: unknown): OneOtResponse | null {
	const e = error as {
		httpCode?: unknown;
		cause?: { response?: { status?: number; headers?: IDataObject; data?: unknown } };
		response?: { status?: number; headers?: IDataObject; data?: unknown };
	};
	const response = e?.cause?.response ?? e?.response;
	const statusCode = Number(response?.status ?? e?.httpCode);
	if (!Number.isInteger(statusCode) || statusCode < 100) return null;
	return { statusCode, headers: response?.headers ?? {}, body: bodyText(response?.data) };
}

/**
 * The query, encoded here rather than handed to n8n as `qs`: n8n's serializer encodes character by character in
 * JavaScript, which for a list of 1000 ICCIDs (20 KB) costs about a millisecond a call; `encodeURIComponent` gives
 * the same percent-encoding natively (`,` as `%2C`, a space as `%20`).
 */
function queryString(qs: Record<string, unknown>): string {
	const parts: string[] = [];
	for (const [key, value] of Object.entries(qs)) {
		if (value !== undefined) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
	}
	return parts.length > 0 ? `?${parts.join('&')}` : '';
}
