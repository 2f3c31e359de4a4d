import { codeInfo, simLabel } from './codes';
import { redact } from './redact';
import type { OneOtRequest, OneOtResponse } from './types';

/** What kind of failure an error is: it decides what the client and the bulk layer do next. */
export type FailureKind =
	/** The API answered with an error status. */
	| 'answer'
	/** The call may or may not have been applied: its answer was lost, a gateway error, or garbled. */
	| 'ambiguous'
	/** The API refuses the credential even with a fresh token: nothing will work until it is fixed. */
	| 'credential'
	/** No usable answer, and another try would not mend it (or the tries ran out). */
	| 'failed';

interface Details {
	statusCode?: number | null;
	errorCode?: string | null;
	description?: string | null;
	kind?: FailureKind;
}

/**
 * An answer of the 1oT Terminal that the client gave up on. The message is written for the person reading the n8n
 * execution: what was asked, what came back, and what was tried; with a documented error code, what it means for
 * the SIM and what to do. Everything the server said is redacted (see redact.ts) before it is kept here.
 */
export class OneOtApiError extends Error {
	readonly statusCode: number | null;

	/** The API's `error_code` (`E211`, …), or null. */
	readonly errorCode: string | null;

	/** The API's own words (redacted), or null. */
	readonly description: string | null;

	readonly kind: FailureKind;

	readonly request: OneOtRequest;

	constructor(message: string, request: OneOtRequest, details: Details = {}) {
		super(redact(message));
		this.name = 'OneOtApiError';
		this.request = request;
		this.statusCode = details.statusCode ?? null;
		this.errorCode = details.errorCode ?? null;
		this.description = details.description == null ? null : redact(details.description);
		this.kind = details.kind ?? 'answer';
	}

	/** An answer about the SIMs of the call (4xx other than 401 and 429), as opposed to the call failing. */
	get isRejection(): boolean {
		const s = this.statusCode;
		return this.kind === 'answer' && s !== null && s >= 400 && s < 500 && s !== 401 && s !== 429;
	}

	/** The list was too long for the server: 414 / 431 (the request line), or 1oT's E230 (more than 1000 SIMs). */
	get isTooLong(): boolean {
		return this.statusCode === 414 || this.statusCode === 431 || this.errorCode?.toUpperCase() === 'E230';
	}

	/** Whether the code names a fault of one SIM, so that in a list only that SIM fails. */
	get isPerSim(): boolean {
		return this.isRejection && (codeInfo(this.errorCode)?.perSim ?? false);
	}

	/** 409 (the SIM is PENDING, or changed under us): reading the SIM tells more than the answer does. */
	get isConflict(): boolean {
		return this.kind === 'answer' && this.statusCode === 409;
	}

	/** The same failure told about one SIM: a documented code's plain message naming it; otherwise the API's words. */
	forSim(by: 'iccid' | 'eid' | 'imei', id: string): OneOtApiError {
		const info = codeInfo(this.errorCode);
		const sim = simLabel(by, id);
		const message = info?.perSim ? info.message(sim) : this.message.includes(id) ? this.message : `${sim}: ${this.message}`;
		return new OneOtApiError(message, this.request, this);
	}

	static fromResponse(request: OneOtRequest, response: OneOtResponse, attempts: number): OneOtApiError {
		const body = parseErrorBody(response.body);
		const what = `${request.method} ${request.path}`;
		const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
		const info = codeInfo(body.errorCode);
		const message =
			info && !info.perSim
				? `${info.message('')} (HTTP ${response.statusCode} to ${what}${tries})`
				: `The 1oT Terminal answered ${response.statusCode} to ${what}${body.description ? `: ${body.description}` : ''}${body.errorCode ? ` (${body.errorCode})` : ''}${tries}`;
		return new OneOtApiError(message, request, {
			statusCode: response.statusCode,
			errorCode: body.errorCode,
			description: body.description,
		});
	}

	/** A SIM that a list read did not return: 1oT's E002. */
	static simNotFound(request: OneOtRequest, by: 'iccid' | 'eid', id: string): OneOtApiError {
		return new OneOtApiError(codeInfo('E002')!.message(simLabel(by, id)), request, { statusCode: 404, errorCode: 'E002' });
	}

	static noAnswer(request: OneOtRequest, cause: unknown, attempts: number): OneOtApiError {
		const reason = describeNetworkError(cause);
		return new OneOtApiError(
			`No answer from the 1oT Terminal to ${request.method} ${request.path} (${reason}) after ${attempts} attempts`,
			request,
			{ kind: 'failed' },
		);
	}

	/**
	 * An action whose answer does not say whether it was applied. Nobody should resend it blindly or trust it: the
	 * SIM's status, read again, says what happened.
	 */
	static ambiguous(request: OneOtRequest, what: string, statusCode: number | null = null): OneOtApiError {
		return new OneOtApiError(
			`The 1oT Terminal's answer to ${request.method} ${request.path} was lost (${what}): the call may or may not have been applied`,
			request,
			{ kind: 'ambiguous', statusCode },
		);
	}

	/** The API refuses the credential even right after a new token was fetched. */
	static credentialRefused(request: OneOtRequest, statusCode: number | null, detail: string): OneOtApiError {
		return new OneOtApiError(
			`The 1oT Terminal refuses the credential "1oT Terminal API" (${detail}). Check its username, password and base URL; nothing more was sent.`,
			request,
			{ kind: 'credential', statusCode },
		);
	}

	/** A failure before any answer that another try would not mend: its own message says why. */
	static unusable(request: OneOtRequest, cause: unknown): OneOtApiError {
		const message = cause instanceof Error && cause.message ? cause.message : String(cause);
		return new OneOtApiError(message, request, { kind: 'failed' });
	}

	static malformed(request: OneOtRequest, attempts: number): OneOtApiError {
		return new OneOtApiError(
			`The 1oT Terminal answered ${request.method} ${request.path} with a body that is not valid JSON, ${attempts} times`,
			request,
			{ kind: 'failed' },
		);
	}
}

function parseErrorBody(text: string): { errorCode: string | null; description: string | null } {
	try {
		const body = JSON.parse(text) as Record<string, unknown>;
		const errorCode = body.error_code ?? body.error ?? null;
		const description = body.error_description ?? body.message ?? null;
		return {
			errorCode: errorCode === null ? null : String(errorCode),
			description: description === null ? null : String(description).slice(0, 500),
		};
	} catch {
		const trimmed = text.trim();
		return { errorCode: null, description: trimmed ? trimmed.slice(0, 200) : null };
	}
}

/** In words: n8n replaces a message that names a socket error code (ECONNRESET, …) with its own generic one. */
function describeNetworkError(cause: unknown): string {
	const error = cause as { message?: unknown };
	return typeof error?.message === 'string' && error.message ? error.message.slice(0, 120) : 'the connection failed';
}
