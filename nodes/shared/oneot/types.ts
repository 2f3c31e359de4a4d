/** Shapes of the 1oT Terminal API v1, as the public client libraries document them. */

export type PrimaryStatus = 'ON' | 'OFF' | 'PENDING' | 'DELETED';
export type SecondaryStatus = 'LIVE' | 'SUSPENDED' | 'TEST' | 'OFF' | 'DELETED';

export interface SimStatus {
	primary: string;
	secondary: string;
}

export interface Sim {
	iccid: string;
	eid?: string;
	imei?: string;
	name?: string;
	group?: string;
	status: SimStatus;
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
