import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDataObject,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { checkRequest, credentialProblems, NO_CREDENTIAL_NOTICE, NO_CREDENTIAL_WARNING, redactHeaders, type WebhookAuth } from './auth';
import { eventSelected, normaliseBody } from '../shared/terminalEvents';
import { EVENT_OPTIONS } from '../shared/terminalEvents/eventOptions';
import { requestBody } from './request';
import { manualRegistration } from '../shared/manualWebhook';
import { choicesSubtitle } from '../shared/subtitle';

const CREDENTIAL = 'oneOtTerminalWebhookApi';

/** A response object as express (n8n) provides it; only what the trigger uses. */
interface WebhookResponse {
	status(code: number): WebhookResponse;
	send(body?: unknown): WebhookResponse;
	end(): unknown;
	setHeader(name: string, value: string): unknown;
}

export class OneOtTerminalTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: '1oT Terminal Trigger',
		name: 'oneOtTerminalTrigger',
		icon: { light: 'file:../../icons/oneot.svg', dark: 'file:../../icons/oneot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: choicesSubtitle('events', EVENT_OPTIONS, { allLabel: 'All events', countNoun: 'events' }),
		description: 'Starts the workflow when a 1oT Terminal workflow pushes a notification (data used, country, IMEI, …)',
		defaults: { name: '1oT Terminal Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'oneOtTerminalWebhookApi', required: false, testedBy: 'oneOtTerminalWebhookApiTest' }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'The 1oT Terminal has no API to register push notifications: in the Terminal open <b>Workflows</b>, create (or edit) a workflow with the triggers you want, and add a push notification to your own API with this node\'s <b>Production URL</b> (shown above), method POST. If you choose a credential here, add the same header secret or basic auth to that action. Then publish (activate) this workflow.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				// n8n cannot show a notice by whether a credential is chosen: it is always there, worded for the case it is about
				displayName: NO_CREDENTIAL_NOTICE,
				name: 'noCredentialNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['*'],
				description:
					'Which recognised events start the workflow. Others get 200 and start nothing. The push format is not public: check the output\'s "body" before filtering.',
				options: EVENT_OPTIONS,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Include Headers',
						name: 'includeHeaders',
						type: 'boolean',
						default: false,
						description: 'Whether to add the request headers to the output (secrets and Authorization redacted)',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			/** Nothing remote to call: the credential is usable when its fields are. */
			async oneOtTerminalWebhookApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problems = credentialProblems((credential.data ?? {}) as WebhookAuth);
				return problems.length
					? { status: 'Error', message: problems.join(' ') }
					: { status: 'OK', message: 'The credential is usable. Enter the same values in the 1oT Terminal.' };
			},
		},
	};

	// Registration is manual (the 1oT Terminal's workflows): see manualRegistration.
	webhookMethods = { default: manualRegistration };


	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject() as unknown as { headers: Record<string, unknown>; rawBody?: unknown };
		let auth: WebhookAuth | null = null;
		// The credential is optional: checked only when the node has one (an unreadable one fails the request).
		if (this.getNode().credentials?.[CREDENTIAL]) {
			auth = (await this.getCredentials(CREDENTIAL)) as WebhookAuth;
			const outcome = checkRequest(auth, req.headers ?? {});
			if (!outcome.ok) {
				const res = this.getResponseObject() as unknown as WebhookResponse;
				if (outcome.challenge) res.setHeader('WWW-Authenticate', outcome.challenge);
				res.setHeader('Content-Type', 'text/plain; charset=utf-8');
				res.status(401).send('Unauthorized').end();
				return { noWebhookResponse: true };
			}
		}

		const { body, rawText } = requestBody(this.getBodyData() as unknown, req.headers ?? {}, req.rawBody);
		const events = this.getNodeParameter('events', ['*']) as string[];
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const selected = normaliseBody(body, { rawBody: rawText }).filter((e) =>
			eventSelected(Array.isArray(events) ? events : [String(events)], e.event),
		);
		if (selected.length === 0) return {};

		const headers = options.includeHeaders === true ? redactHeaders(req.headers ?? {}, auth) : undefined;
		const items = selected.map((e) => {
			const item = (headers ? { ...e, headers } : { ...e }) as unknown as IDataObject;
			if (!auth) item.warnings = [...(e.warnings ?? []), NO_CREDENTIAL_WARNING];
			return item;
		});
		return { workflowData: [this.helpers.returnJsonArray(items)] };
	}
}
