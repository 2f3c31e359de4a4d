import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
	type JsonObject,
} from 'n8n-workflow';

import type { OneOtResponse, OneOtTransport } from './types';

export const CREDENTIAL_TYPE = 'oneOtTerminalApi';

type RequestContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/**
 * The client's transport through n8n's `httpRequestWithAuthentication`, so that n8n signs every call
 * with the credential's token and renews it exactly as it does for any credential with an expirable field.
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

	return async (request) => {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${baseUrl}${request.path}`,
			qs: dropUndefined(request.qs ?? {}),
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		const response = await send(options);
		if (response.statusCode !== 401) return normalise(response);

		// n8n renews an expired token only when the request *throws* 401; ask again in that mode.
		try {
			return normalise(await send({ ...options, ignoreHttpStatusErrors: false }));
		} catch (error) {
			const answered = responseOf(error);
			if (answered) return answered;
			// No HTTP answer at all: the client counts it as a dropped connection and retries.
			throw new NodeApiError(context.getNode(), error as JsonObject);
		}
	};
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

function dropUndefined(qs: Record<string, unknown>): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(qs)) if (value !== undefined) out[key] = value as string;
	return out;
}
