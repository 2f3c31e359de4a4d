import type { IWebhookDescription, IWebhookResponseData, INodeProperties } from 'n8n-workflow';

/**
 * How the package's webhook triggers answer the sender: a plain-text refusal they write themselves, and the
 * "Respond" choice (n8n's own Webhook node names: `onReceived`, `lastNode`).
 */

/** A response object as express (n8n) provides it; only what the triggers use. */
export interface WebhookResponse {
	status(code: number): WebhookResponse;
	send(body?: unknown): WebhookResponse;
	end(): unknown;
	setHeader?(name: string, value: string): unknown;
	headersSent?: boolean;
}

/** Answers with a status and a short text, and tells n8n that the node has answered (no execution starts). */
export function reply(
	res: WebhookResponse,
	code: number,
	text: string,
	headers: Record<string, string> = {},
): IWebhookResponseData {
	if (typeof res.setHeader === 'function' && !res.headersSent) {
		res.setHeader('Content-Type', 'text/plain; charset=utf-8');
		for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
	}
	res.status(code).send(text).end();
	return { noWebhookResponse: true };
}

/**
 * The POST webhook of a trigger that verifies its sender and answers as its "Respond" parameter says. With lastNode
 * the gateway only needs the status code: the workflow's data stays in n8n.
 */
export const SIGNED_POST_WEBHOOK: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	responseMode: '={{$parameter["responseMode"]}}',
	responseData: 'noData',
	path: 'webhook',
};

/**
 * The "Respond" parameter. `lastNode` answers when the workflow has finished (200, or 500 when it failed), so a
 * failed or lost execution makes the gateway deliver again; `gatewayNote` (a sentence without its final period) says how long the gateway waits.
 */
export function responseModeProperty(gatewayNote: string): INodeProperties {
	return {
		displayName: 'Respond',
		name: 'responseMode',
		type: 'options',
		default: 'onReceived',
		options: [
			{
				name: 'When Received',
				value: 'onReceived',
				description: 'Answer 200 as soon as the request is verified',
			},
			{
				name: 'When Last Node Finishes',
				value: 'lastNode',
				description:
					'Answer when the workflow has finished: 200 on success, 500 on an error, so that the sender delivers again if the execution fails or its worker dies (queue mode)',
			},
		],
		description: `When to answer the sender. ${gatewayNote}.`,
	};
}
