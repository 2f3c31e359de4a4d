import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import type { OneOtApiError } from './errors';

/**
 * The n8n error for an answer the client gave up on, the same for every node that calls the 1oT Terminal:
 * the client's message (what was asked, what came back), the API's own description, its error code and the HTTP
 * status.
 * With an item index, the message names the item.
 */
export function oneOtNodeApiError(node: INode, error: OneOtApiError, itemIndex?: number): NodeApiError {
	const httpCode = error.statusCode === null ? undefined : String(error.statusCode);
	const nodeError = new NodeApiError(
		node,
		{ message: error.message, description: error.description ?? '', httpCode: httpCode ?? '' } as JsonObject,
		{
			itemIndex,
			message: itemIndex === undefined ? error.message : `Item ${itemIndex}: ${error.message}`,
			description: error.description ?? undefined,
			httpCode,
		},
	);
	// The API's own error code (E211, …), for expressions and error workflows that branch on it.
	if (error.errorCode) nodeError.context.code = error.errorCode;
	return nodeError;
}
