/** A request as the verifiers see it: the exact bytes received, the headers, and the time of receipt. */
export interface Delivery {
	raw: Buffer;
	headers: Record<string, unknown>;
	/** Milliseconds since the epoch. */
	now: number;
}

/**
 * A verifier's answer. 401: the request carries no proof at all (or no valid Basic credentials); 403: it carries
 * one that is forged, for other bytes, or too old. `headers` go on the refusal (WWW-Authenticate).
 */
export type Verdict =
	| { ok: true }
	| { ok: false; status: 401 | 403; reason: string; headers?: Record<string, string> };

export const missing = (header: string): Verdict => ({ ok: false, status: 401, reason: `Header ${header} is missing` });
export const forged = (reason: string): Verdict => ({ ok: false, status: 403, reason });
