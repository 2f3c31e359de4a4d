import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IDataObject,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { handleDelivery } from './delivery';
import { readConfig, type WebhookConfig } from './verify/config';
import { manualRegistration } from '../shared/manualWebhook';
import { SIGNED_POST_WEBHOOK, reply, responseModeProperty, type WebhookResponse } from '../shared/webhookResponse';

const CREDENTIAL = 'paymentWebhookApi';

async function configOf(context: IWebhookFunctions): Promise<WebhookConfig> {
	const read = readConfig((await context.getCredentials(CREDENTIAL)) as Record<string, unknown>);
	if (!read.config) {
		throw new NodeOperationError(context.getNode(), `The Payment Webhook API credential cannot verify requests: ${read.problems.join(' ')}`);
	}
	return read.config;
}

/** The comma-separated Events parameter as a list. */
const eventList = (value: unknown): string[] =>
	String(value ?? '*')
		.split(',')
		.map((s) => s.trim())
		.filter((s) => s !== '');

export class PaymentWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Payment Webhook Trigger',
		name: 'paymentWebhookTrigger',
		icon: { light: 'file:paymentWebhook.svg', dark: 'file:paymentWebhook.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ String($parameter["events"] || "*").trim() === "*" ? "All events" : "Events: " + $parameter["events"] }}',
		description: 'Starts the workflow on a verified webhook from Paddle, Chargebee, GoCardless, Lemon Squeezy or any HMAC-signing gateway',
		defaults: {
			name: 'Payment Webhook Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'paymentWebhookApi',
				required: true,
				testedBy: 'paymentWebhookApiTest',
			},
		],
		webhooks: [
			{ ...SIGNED_POST_WEBHOOK },
		],
		properties: [
			{
				displayName:
					'Paste this node\'s <b>Production URL</b> into the gateway\'s webhook settings (Paddle: notification destination; GoCardless: webhook endpoint; Chargebee: webhook with basic authentication; Lemon Squeezy: webhook) and copy its secret into the credential. Publish (activate) the workflow. A request that is not signed with the credential\'s secret, or is too old, gets 401/403 and starts nothing.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'string',
				default: '*',
				placeholder: 'subscription.activated, subscription.canceled',
				description:
					'Comma-separated event types that start the workflow (Paddle "event_type", Chargebee "event_type", GoCardless "resource_type.action", Lemon Squeezy "meta.event_name"), or * for all. Others get 200 and start nothing.',
			},
			responseModeProperty('Gateways wait only seconds for an answer, and retry a delivery that failed or timed out'),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Event ID Field',
						name: 'eventIdField',
						type: 'string',
						default: '',
						placeholder: 'data.ref',
						description:
							'Generic HMAC only: the dot path of the event ID in the body. Empty: the usual names (event_id, eventId, …), else the body\'s SHA-256.',
					},
					{
						displayName: 'Event Type Field',
						name: 'eventTypeField',
						type: 'string',
						default: '',
						placeholder: 'data.type',
						description: 'Generic HMAC only: the dot path of the event type in the body. Empty: type, event_type, eventType or event.',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			/** Nothing remote to call: the credential is usable when it can verify a request. */
			async paymentWebhookApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const { problems } = readConfig((credential.data ?? {}) as Record<string, unknown>);
				return problems.length
					? { status: 'Error', message: problems.join(' ') }
					: { status: 'OK', message: 'The credential can verify requests. Enter the same secret at the gateway.' };
			},
		},
	};

	// Registration is manual (the gateway's dashboard): see manualRegistration.
	webhookMethods = { default: manualRegistration };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const config = await configOf(this);
		const req = this.getRequestObject() as unknown as { headers?: Record<string, unknown>; rawBody?: unknown };
		const raw = Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.from(typeof req.rawBody === 'string' ? req.rawBody : '');
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const outcome = handleDelivery({
			config,
			raw,
			headers: req.headers ?? {},
			now: Date.now(),
			events: eventList(this.getNodeParameter('events', '*')),
			eventIdField: String(options.eventIdField ?? '').trim(),
			eventTypeField: String(options.eventTypeField ?? '').trim(),
		});

		const res = this.getResponseObject() as unknown as WebhookResponse;
		if (outcome.outcome === 'rejected') {
			const text = outcome.status === 400 ? 'Bad Request' : outcome.status === 401 ? 'Unauthorized' : 'Forbidden';
			return reply(res, outcome.status, text, outcome.headers);
		}
		if (outcome.outcome === 'ignored') return {};
		return { workflowData: [this.helpers.returnJsonArray(outcome.items as IDataObject[])] };
	}
}
