/** Shapes of the 1oT Terminal API v1, as the public client libraries document them. */

export type PrimaryStatus = 'ON' | 'OFF' | 'PENDING' | 'DELETED';
export type SecondaryStatus = 'LIVE' | 'SUSPENDED' | 'TEST' | 'ACTIVE_READY' | 'OFF' | 'DELETED';

/** The legacy `{primary, secondary}`, with the current model's `state` beside them when the API sends it. */
export interface SimStatus {
	primary: string;
	secondary: string;
	state?: string;
}

export interface Sim {
	iccid: string;
	eid?: string;
	imei?: string;
	name?: string;
	group?: string;
	status: SimStatus;
	/** The current model's state (LIVE, TEST, ACTIVE_READY, OFFLINE, CLOSED, …); absent in the legacy one. */
	state?: string;
	[key: string]: unknown;
}

export interface Alert {
	id: string | number;
	trigger: string;
	timestamp: number | string;
	is_read: boolean;
	iccid: string;
	[key: string]: unknown;
}

/** Every list endpoint answers at most 1000 records and is continued with `offset`. */
export const PAGE_SIZE = 1000;

export type QueryValue = string | number | boolean | undefined;
export type Query = Record<string, QueryValue>;

export interface OneOtRequest {
	method: 'GET' | 'PUT' | 'POST';
	/** Path below the base URL, e.g. `/get_sims`. */
	path: string;
	qs?: Query;
}

export interface OneOtResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	/** The raw body text: the API answers JSON, or `text/plain` "OK" for some actions. */
	body: string;
}

/**
 * Sends one request and returns the answer whatever its status. Throws only when no answer came
 * (connection refused or dropped, timeout): the client treats that as transient.
 */
export type OneOtTransport = (request: OneOtRequest) => Promise<OneOtResponse>;

/**
 * Why a transport got no usable answer. The client's next step depends on it: a call that was never sent can be
 * sent again; one whose connection dropped after it was sent may have been applied.
 */
export type TransportFailureReason =
	/** The request never left (connection refused, name not resolved): safe to send again. */
	| 'notSent'
	/** The connection failed after the request may have reached the API. */
	| 'dropped'
	/** The token endpoint did not give a token this time (no answer, 5xx, 429): the call was not sent. */
	| 'tokenUnavailable'
	/** The token endpoint refuses the credential. */
	| 'credentialRefused'
	/** The API answered 401 to a token fetched just now (once may be a fluke; twice is a refusal). */
	| 'newTokenRefused'
	/** Anything else; another try would fail the same way. */
	| 'other';

/** What a transport throws instead of the HTTP library's own error (which may hold the request's credentials). */
export class TransportFailure extends Error {
	constructor(
		message: string,
		readonly reason: TransportFailureReason,
		readonly statusCode: number | null = null,
	) {
		super(message);
		this.name = 'TransportFailure';
	}
}
