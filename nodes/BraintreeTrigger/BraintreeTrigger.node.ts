import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { BRAINTREE_KINDS, kindDisplayName } from './kinds';
import { handleNotification, respondToChallenge, type BraintreeKeys } from './webhook';
import { manualRegistration } from '../shared/manualWebhook';
import { choicesSubtitle } from '../shared/subtitle';
import { SIGNED_POST_WEBHOOK, reply, responseModeProperty, type WebhookResponse } from '../shared/webhookResponse';

const KIND_NAMES = BRAINTREE_KINDS.map((kind) => ({ name: kindDisplayName(kind.value), value: kind.value }));

/** Form fields: from n8n's parsed body, else from the raw urlencoded body. */
function formFields(context: IWebhookFunctions): IDataObject {
	const req = context.getRequestObject() as unknown as { body?: unknown; rawBody?: unknown };
	const body = (typeof context.getBodyData === 'function' ? context.getBodyData() : req.body) as unknown;
	if (body && typeof body === 'object' && ('bt_payload' in body || 'bt_signature' in body)) return body as IDataObject;
	const raw = req.rawBody;
	if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
		const params = new URLSearchParams(raw.toString());
		return { bt_signature: params.get('bt_signature') ?? undefined, bt_payload: params.get('bt_payload') ?? undefined };
	}
	return {};
}

async function keysOf(context: IWebhookFunctions): Promise<BraintreeKeys & { environment: string }> {
	const credentials = await context.getCredentials('braintreeApi');
	const publicKey = String(credentials.publicKey ?? '').trim();
	const privateKey = String(credentials.privateKey ?? '').trim();
	if (publicKey === '' || privateKey === '') {
		throw new NodeOperationError(context.getNode(), 'The Braintree API credential needs a public key and a private key');
	}
	return { publicKey, privateKey, environment: String(credentials.environment ?? 'sandbox') };
}

export class BraintreeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Braintree Trigger',
		name: 'braintreeTrigger',
		icon: { light: 'file:braintree.svg', dark: 'file:braintree.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: choicesSubtitle('events', KIND_NAMES, { allLabel: 'All notifications', countNoun: 'notification kinds', listMax: 2 }),
		description: 'Starts the workflow when Braintree sends a webhook notification (subscriptions, disputes, …)',
		defaults: {
			name: 'Braintree Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'braintreeApi',
				required: true,
			},
		],
		webhooks: [
			{
				// Braintree checks a new webhook URL with GET ?bt_challenge=… on the same URL.
				name: 'setup',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				path: 'webhook',
			},
			{ ...SIGNED_POST_WEBHOOK },
		],
		properties: [
			{
				displayName:
					'Braintree has no API to register webhooks. In the Braintree Control Panel go to Settings → Webhooks, create a webhook with this node\'s <b>Production URL</b>, and tick the notification kinds you want. Publish (activate) the workflow first: Braintree checks the URL with a challenge that this node answers. Notifications that are not signed with this credential\'s keys, or are older than "Max Age", get 403 and start nothing.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				// The subscription kinds (kinds.ts SUBSCRIPTION_KINDS); a literal, as n8n's lint rules want.
				default: [
					'subscription_billing_skipped',
					'subscription_canceled',
					'subscription_charged_successfully',
					'subscription_charged_unsuccessfully',
					'subscription_expired',
					'subscription_trial_ended',
					'subscription_went_active',
					'subscription_went_past_due',
				],
				description: 'The notification kinds that start the workflow. Others get 200 and start nothing.',
				options: [
					{ name: 'All Notification Kinds', value: '*', description: 'Any notification kind' },
					...BRAINTREE_KINDS.map((kind) => ({
						name: kindDisplayName(kind.value),
						value: kind.value,
						description: kind.description,
					})),
				],
			},
			responseModeProperty('Braintree waits 30 seconds for an answer and retries a delivery that failed or timed out.'),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Max Age (Hours)',
						name: 'maxAgeHours',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 48,
						description:
							'Reject notifications whose timestamp is older than this (replays). Braintree retries failed deliveries for up to 24 hours, so keep it above 24.',
					},
				],
			},
		],
	};

	// Registration is manual (the Braintree Control Panel): see manualRegistration.
	webhookMethods = { default: manualRegistration, setup: manualRegistration };


	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject() as unknown as WebhookResponse;
		const keys = await keysOf(this);

		if (this.getWebhookName() === 'setup') {
			const query = (
				typeof this.getQueryData === 'function'
					? this.getQueryData()
					: (this.getRequestObject() as unknown as { query?: unknown }).query
			) as IDataObject;
			const answer = respondToChallenge(query, keys);
			return answer.ok ? reply(res, 200, answer.body) : reply(res, 403, 'Forbidden');
		}

		const fields = formFields(this);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const events = this.getNodeParameter('events', []) as string[];
		const result = handleNotification({
			signature: fields.bt_signature,
			payload: fields.bt_payload,
			keys,
			events: Array.isArray(events) ? events : [String(events)],
			maxAgeHours: Number(options.maxAgeHours ?? 48),
			environment: keys.environment,
			now: Date.now(),
		});

		if (result.outcome === 'rejected') return reply(res, 403, 'Forbidden');
		if (result.outcome === 'ignored') return {};
		return {
			workflowData: [this.helpers.returnJsonArray([result.item as unknown as IDataObject])],
		};
	}
}
