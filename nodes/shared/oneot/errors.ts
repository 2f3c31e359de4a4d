import type { OneOtRequest, OneOtResponse } from './types';

/**
 * An answer of the 1oT Terminal that the client gave up on. The message is written for the person
 * reading the n8n execution: what was asked, what came back, and what was tried. It never carries the
 * token or the credential's password (neither is ever part of a request's path or query).
 */
export class OneOtApiError extends Error {
	readonly statusCode: number | null;

	readonly errorCode: string | null;

	readonly description: string | null;

	readonly request: OneOtRequest;

	constructor(
		message: string,
		request: OneOtRequest,
		details: { statusCode?: number | null; errorCode?: string | null; description?: string | null } = {},
	) {
		super(message);
		this.name = 'OneOtApiError';
		this.request = request;
		this.statusCode = details.statusCode ?? null;
		this.errorCode = details.errorCode ?? null;
		this.description = details.description ?? null;
	}

	/** Whether the API said this SIM (or one in the list) does not exist or is not acceptable. */
	get isRejection(): boolean {
		return this.statusCode !== null && this.statusCode >= 400 && this.statusCode < 500 && this.statusCode !== 429;
	}

	static fromResponse(request: OneOtRequest, response: OneOtResponse, attempts: number): OneOtApiError {
		const body = parseErrorBody(response.body);
		const what = `${request.method} ${request.path}`;
		const said = body.description ? `: ${body.description}` : '';
		const code = body.errorCode ? ` (${body.errorCode})` : '';
		const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
		return new OneOtApiError(
			`The 1oT Terminal answered ${response.statusCode} to ${what}${said}${code}${tries}`,
			request,
			{ statusCode: response.statusCode, errorCode: body.errorCode, description: body.description },
		);
	}

	static noAnswer(request: OneOtRequest, cause: unknown, attempts: number): OneOtApiError {
		const reason = describeNetworkError(cause);
		return new OneOtApiError(
			`No answer from the 1oT Terminal to ${request.method} ${request.path} (${reason}) after ${attempts} attempts`,
			request,
		);
	}

	/** A failure before any answer that another try would not mend: its own message says why. */
	static unusable(request: OneOtRequest, cause: unknown): OneOtApiError {
		const message = cause instanceof Error && cause.message ? cause.message : String(cause);
		return new OneOtApiError(message, request);
	}

	static malformed(request: OneOtRequest, attempts: number): OneOtApiError {
		return new OneOtApiError(
			`The 1oT Terminal answered ${request.method} ${request.path} with a body that is not valid JSON, ${attempts} times`,
			request,
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
			description: description === null ? null : String(description),
		};
	} catch {
		const trimmed = text.trim();
		return { errorCode: null, description: trimmed ? trimmed.slice(0, 200) : null };
	}
}

function describeNetworkError(cause: unknown): string {
	const error = cause as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
	const code = error?.code ?? error?.cause?.code;
	if (typeof code === 'string' && code) return code;
	return typeof error?.message === 'string' ? error.message.slice(0, 120) : 'connection failed';
}
