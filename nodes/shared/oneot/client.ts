import { sleep } from 'n8n-workflow';

import { OneOtApiError } from './errors';
import { RequestLimiter } from './limiter';
import { DEFAULT_RETRY_POLICY, backoffDelay, isRetryableStatus, parseRetryAfter, type RetryPolicy } from './retry';
import { PAGE_SIZE, TransportFailure, type Alert, type OneOtRequest, type OneOtTransport, type Query, type Sim } from './types';

export interface ClientOptions {
	retry?: Partial<RetryPolicy>;
	/** Requests in flight at once across the whole execution. */
	concurrency?: number;
}

/** What an answer with no JSON body (the API's `text/plain` "OK") becomes. */
export const OK = Object.freeze({ ok: true });

/**
 * What to do with a PUT whose answer does not say whether it was applied (no answer after it was sent, 5xx,
 * garbled body): `settle` (the default) throws an ambiguous OneOtApiError, and the caller reads the SIM to find
 * out; `resend` sends it again, for calls that give the same result however often they are applied.
 */
export type AmbiguityPolicy = 'settle' | 'resend';

/**
 * The 1oT Terminal API: one place for retries, backoff, the shared 429 pause and bounded concurrency.
 * It knows nothing of n8n: the transport (n8n's authenticated HTTP helper in production, anything in
 * tests) is handed in.
 */
export class OneOtClient {
	private readonly policy: RetryPolicy;

	private readonly limiter: RequestLimiter;

	/** Calls sent, retries included: the benchmark and the tests read it. */
	requestCount = 0;

	/** The longest comma list the server has taken so far; lowered when it answers 414/431 (see bulk.ts). */
	listLimit = Number.POSITIVE_INFINITY;

	/** Set once the API refuses the credential: every later call fails with it at once, sending nothing. */
	private refusal: OneOtApiError | null = null;

	constructor(
		private readonly transport: OneOtTransport,
		options: ClientOptions = {},
	) {
		this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
		this.limiter = new RequestLimiter(options.concurrency ?? 4);
	}

	/**
	 * Sends a request and returns the parsed body. Retried: 429 and everything that was certainly not applied (the
	 * token endpoint not answering, a connection refused) or that only reads; a GET also on 5xx, a dropped
	 * connection or malformed JSON. A PUT whose answer is lost is not sent again blindly: see AmbiguityPolicy.
	 */
	async request(request: OneOtRequest, ambiguity: AmbiguityPolicy = 'settle'): Promise<unknown> {
		const settles = request.method !== 'GET' && ambiguity === 'settle';
		let refusedTokens = 0;
		for (let attempt = 1; ; attempt++) {
			if (this.refusal) throw this.refusal;
			const retriesLeft = attempt <= this.policy.maxRetries;
			let response;
			let sentAt = 0;
			try {
				response = await this.limiter.run(async (at) => {
					sentAt = at;
					if (this.refusal) throw this.refusal;
					this.requestCount++;
					return await this.transport(request);
				});
			} catch (error) {
				// The credential was refused while this request waited for its turn.
				if (this.refusal) throw this.refusal;
				const failure = asTransportFailure(error);
				// A 401 to a token fetched just now may be a fluke of one server; the same call refused with three fresh
				// tokens is a refusal. Nothing was applied either way, so the call is simply sent again.
				const refused = failure.reason === 'credentialRefused' || (failure.reason === 'newTokenRefused' && ++refusedTokens >= NEW_TOKEN_REFUSALS);
				if (refused) {
					this.refusal ??= OneOtApiError.credentialRefused(request, failure.statusCode, failure.message);
					throw this.refusal;
				}
				if (failure.reason === 'other') throw OneOtApiError.unusable(request, failure);
				if (failure.reason === 'newTokenRefused' && !retriesLeft) {
					throw OneOtApiError.unusable(request, `The 1oT Terminal answered 401 to ${request.method} ${request.path} even with a new token, ${attempt} times`);
				}
				if (failure.reason === 'dropped' && settles) throw OneOtApiError.ambiguous(request, failure.message);
				if (!retriesLeft) throw OneOtApiError.noAnswer(request, failure, attempt);
				await sleep(backoffDelay(this.policy, attempt - 1));
				continue;
			}

			const { statusCode } = response;
			if (statusCode >= 200 && statusCode < 300) {
				const parsed = parseBody(response.body);
				if (parsed !== MALFORMED) return parsed;
				if (settles) throw OneOtApiError.ambiguous(request, `HTTP ${statusCode} with a garbled body`, statusCode);
				if (!retriesLeft) throw OneOtApiError.malformed(request, attempt);
				await sleep(backoffDelay(this.policy, attempt - 1));
				continue;
			}

			// A 5xx to an action may come after the API applied it (a gateway that lost the answer).
			if (statusCode >= 500 && settles) throw OneOtApiError.ambiguous(request, `HTTP ${statusCode}`, statusCode);
			if (isRetryableStatus(statusCode) && retriesLeft) {
				const retryAfter = parseRetryAfter(response.headers['retry-after']);
				if (retryAfter !== null && retryAfter > this.policy.maxRetryAfterMs) {
					throw OneOtApiError.fromResponse(request, response, attempt);
				}
				const delay = retryAfter ?? backoffDelay(this.policy, attempt - 1);
				if (statusCode === 429) this.limiter.rateLimited(sentAt, delay);
				else await sleep(delay);
				continue;
			}
			throw OneOtApiError.fromResponse(request, response, attempt);
		}
	}

	// ---- reads ------------------------------------------------------------------------------------

	async getSim(by: 'iccid' | 'eid', id: string): Promise<Sim> {
		return (await this.request({ method: 'GET', path: '/get_sim', qs: { [by]: id } })) as Sim;
	}

	/** SIMs named by a comma list of ICCIDs or EIDs (at most one page per call; unknown ones are absent). */
	async getSims(by: 'iccid' | 'eid', ids: string[]): Promise<Sim[]> {
		const sims: Sim[] = [];
		for (let offset = 0; ; offset += PAGE_SIZE) {
			const page = asPage(
				await this.request({ method: 'GET', path: '/get_sims', qs: { [by]: ids.join(','), offset: offset || undefined } }),
				'sims',
			);
			sims.push(...(page.items as Sim[]));
			// A list names at most as many SIMs as it holds: no further page once they are all here.
			if (page.items.length < PAGE_SIZE || sims.length >= ids.length) return sims;
		}
	}

	/** Every SIM of the account or of one group, one page of 1000 at a time. */
	async *listSims(filter: { group?: string } = {}): AsyncGenerator<Sim[]> {
		const path = filter.group ? '/get_group_sims' : '/get_account_sims';
		yield* this.pages<Sim>(path, { group: filter.group || undefined }, 'sims');
	}

	async *listAlerts(
		scope: { group?: string; iccid?: string },
		options: { onlyUnread?: boolean; markAsRead?: boolean } = {},
	): AsyncGenerator<Alert[]> {
		const path = scope.iccid ? '/get_sim_alerts' : scope.group ? '/get_group_alerts' : '/get_account_alerts';
		// The public clients disagree on these parameters' names (only_unread/unread, mark_as_read/markRead):
		// send both spellings; the API ignores the one it does not know.
		const qs: Query = { group: scope.group || undefined, iccid: scope.iccid || undefined };
		if (options.onlyUnread) Object.assign(qs, { only_unread: true, unread: true });
		if (options.markAsRead) Object.assign(qs, { mark_as_read: true, markRead: true });
		// With unread + mark-as-read, marking page 1 shifts the unread set under the offset, so page 2 may
		// skip records; they stay unread and come with the next read. Nothing is lost, and a server that
		// ignores the flags can never keep us looping on the same page.
		yield* this.pages<Alert>(path, qs, 'alerts');
	}

	/** Follows `offset` pages of 1000 until a short page. */
	private async *pages<T>(path: string, qs: Query, key: string): AsyncGenerator<T[]> {
		for (let offset = 0; ; offset += PAGE_SIZE) {
			const page = asPage(await this.request({ method: 'GET', path, qs: { ...qs, offset: offset || undefined } }), key);
			if (page.items.length > 0) yield page.items as T[];
			if (page.items.length < PAGE_SIZE) return;
		}
	}

	async get(path: string, qs: Query = {}): Promise<unknown> {
		return await this.request({ method: 'GET', path, qs });
	}

	// ---- actions ----------------------------------------------------------------------------------

	/** A PUT action on one or many SIMs (`iccid=a,b,c`). */
	async action(
		path: string,
		by: 'iccid' | 'eid',
		ids: string[],
		extra: Query = {},
		ambiguity: AmbiguityPolicy = 'settle',
	): Promise<unknown> {
		return await this.request({ method: 'PUT', path, qs: { [by]: ids.join(','), ...extra } }, ambiguity);
	}
}

const MALFORMED = Symbol('malformed');

/** Fresh tokens refused for one call after which the credential counts as refused. */
const NEW_TOKEN_REFUSALS = 3;

const NOT_SENT = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);
const DROPPED = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_SOCKET']);

/**
 * A transport's failure as a TransportFailure. n8n's transport throws those already; a plain error (another
 * transport, a test's) is read by its code, and counts as a dropped connection when it looks like one.
 */
export function asTransportFailure(error: unknown): TransportFailure {
	if (error instanceof TransportFailure) return error;
	for (let e = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
		const code = typeof e.code === 'string' ? e.code : '';
		if (NOT_SENT.has(code)) return new TransportFailure('no connection', 'notSent');
		if (DROPPED.has(code)) return new TransportFailure('the connection dropped', 'dropped');
		if (typeof e.message === 'string' && /socket hang up|ECONNRESET|ETIMEDOUT/.test(e.message)) {
			return new TransportFailure('the connection dropped', 'dropped');
		}
		e = e.cause as typeof e;
	}
	return new TransportFailure(error instanceof Error ? error.message : String(error), 'other');
}

function parseBody(text: string): unknown {
	// Only a short body can be the API's "OK": a page of 1000 SIMs (300 kB) is not copied to find out.
	if (text.length <= 8) {
		const short = text.trim();
		if (short === '' || short.toUpperCase() === 'OK') return OK;
	}
	try {
		return JSON.parse(text);
	} catch {
		return MALFORMED;
	}
}

function asPage(body: unknown, key: string): { items: unknown[] } {
	if (Array.isArray(body)) return { items: body };
	const items = (body as Record<string, unknown> | null)?.[key];
	return { items: Array.isArray(items) ? items : [] };
}
