import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
	NodeOperationError,
} from 'n8n-workflow';

import { alreadyProcessed, decideInterpreted, interpret, normaliseOptions } from './decide';
import { confirmWithGateway } from './delivery/confirm';
import { gatewayReader } from './delivery/gatewayHttp';
import { GATEWAYS } from './gateways';
import { lastPerDevice } from './delivery/lastPerDevice';
import { toOutputItem } from './outputItem';
import { type Decision, DEFAULT_OPTIONS, ItemError, type MapperOptions } from './types';
import { optionName } from '../shared/subtitle';

const OUTPUT_INDEX = { activate: 0, suspend: 1, none: 2 } as const;

/** The gateway in words on the canvas ("Stripe", "Auto-detect gateway"), not the parameter's value. */
const GATEWAY_SUBTITLE = `={{ ${optionName('$parameter["gateway"]', [
	...[
		['auto', 'Auto-detect gateway'],
		['custom', 'Custom gateway'],
	].map(([value, words]) => ({ value, name: words })),
	...GATEWAYS.map((g) => ({ value: g.name, name: g.displayName })),
])} }}`;

function message(error: unknown): string {
	if (error instanceof Error) return error.message;
	return String(error);
}

export class PaymentStatusMapper implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Payment Status Mapper',
		name: 'paymentStatusMapper',
		icon: { light: 'file:mapper.svg', dark: 'file:mapper.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: GATEWAY_SUBTITLE,
		description:
			'Turn a Stripe, Braintree or other payment event into a SIM decision: activate, suspend or no action',
		defaults: {
			name: 'Payment Status Mapper',
		},
		usableAsTool: true,
		// Only for Confirm With Gateway: the gateway's current state is read with these.
		credentials: [
			{ name: 'stripeReadApi', required: true, displayOptions: { show: { confirmWithGateway: [true], gateway: ['stripe', 'auto'] } } },
			{ name: 'braintreeApi', required: true, displayOptions: { show: { confirmWithGateway: [true], gateway: ['braintree'] } } },
			{ name: 'mollieApi', required: true, displayOptions: { show: { confirmWithGateway: [true], gateway: ['mollie'] } } },
		],
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Activate', 'Suspend', 'No Action'],
		properties: [
			{
				// Short on purpose: what the stores promise with several workers is in the README.
				displayName:
					'The SIM is found by the <b>iccid</b> (or <b>imei</b>) key in the Stripe subscription\'s metadata (change the keys in Options → Device ID Keys), or by a Braintree subscription ID such as <b>iccid-8988…</b>. Connect Activate and Suspend to a 1oT Terminal "Set State".',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Gateway',
				name: 'gateway',
				type: 'options',
				options: [
					{
						name: 'Auto-Detect',
						value: 'auto',
						description:
							'Stripe event (also inside "body" from a Webhook node), Stripe subscription or invoice, Braintree notification or subscription, and the events and subscriptions of Paddle, Chargebee, PayPal, GoCardless and Mollie',
					},
					...GATEWAYS.map((g) => ({ name: g.displayName, value: g.name, description: g.description })).sort((x, y) => x.name.localeCompare(y.name)),
				],
				default: 'auto',
				description: 'Which payment gateway the input comes from. Auto-Detect recognises every gateway listed here by its shape.',
			},
			{
				displayName: 'Confirm With Gateway',
				name: 'confirmWithGateway',
				type: 'boolean',
				default: false,
				description:
					'Whether to read the subscription\'s current state from the gateway (Stripe, Braintree or Mollie) and decide from that, not from the event: one read per event, and then order, repeats and concurrent executions cannot make a decision wrong. A Stripe dispute is followed to its subscription and device; Mollie\'s webhook (a payment ID) to its payment and subscription.',
				displayOptions: { show: { gateway: ['auto', 'stripe', 'braintree', 'mollie'] } },
			},
			{
				displayName: 'Status Field',
				name: 'statusField',
				type: 'string',
				default: 'status',
				required: true,
				placeholder: 'data.status',
				description: 'Dot path to the payment or subscription status in the item',
				displayOptions: { show: { gateway: ['custom'] } },
			},
			{
				displayName: 'Active Values',
				name: 'activeValues',
				type: 'string',
				default: 'active,paid',
				description: 'Comma-separated status values that mean "paid": activate (case-insensitive)',
				displayOptions: { show: { gateway: ['custom'] } },
			},
			{
				displayName: 'Suspend Values',
				name: 'suspendValues',
				type: 'string',
				default: 'canceled,cancelled,unpaid,suspended,expired',
				description: 'Comma-separated status values that mean "not paid": suspend (case-insensitive). Any other value gives No Action.',
				displayOptions: { show: { gateway: ['custom'] } },
			},
			{
				displayName: 'Device ID Field',
				name: 'deviceIdField',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'metadata.iccid',
				description: 'Dot path to the ICCID (18–20 digits) or IMEI (15–16 digits), as a string',
				displayOptions: { show: { gateway: ['custom'] } },
			},
			{
				displayName: 'Event ID Field',
				name: 'eventIdField',
				type: 'string',
				default: '',
				placeholder: 'eventId',
				description: 'Dot path to a unique event ID, used to drop repeated deliveries. Leave empty if there is none.',
				displayOptions: { show: { gateway: ['custom'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Dedupe',
						name: 'dedupe',
						type: 'boolean',
						default: true,
						description:
							'Whether to drop an event already processed (Stripe event ID, hash of a Braintree notification, custom event ID) to No Action',
					},
					{
						displayName: 'Device ID Field',
						name: 'deviceIdField',
						type: 'string',
						default: '',
						placeholder: 'deviceId',
						description:
							'Dot path to a device ID in the item, used when the gateway object has none (a Braintree subscription ID that is not iccid- followed by digits, or an ID an earlier node added to a dispute)',
					},
					{
						displayName: 'Device ID Keys',
						name: 'deviceIdKeys',
						type: 'string',
						default: 'iccid,imei',
						description:
							'Comma-separated Stripe metadata keys that hold the device ID, in order. Read from the subscription, the invoice (parent.subscription_details or subscription_details), its lines, Checkout Session or PaymentIntent metadata.',
					},
					{
						displayName: 'Gateway Base URL',
						name: 'gatewayBaseUrl',
						type: 'string',
						default: '',
						placeholder: 'https://api.stripe.com',
						description:
							'With Confirm With Gateway: the gateway API\'s base URL, for a proxy or a stand-in. Empty: Stripe\'s or Braintree\'s own (by the credential\'s environment).',
					},
					{
						displayName: 'Grace Days',
						name: 'graceDays',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 7,
						description:
							'With the "grace" past-due policy: suspend once the paid period ended more than this many days ago. 0 suspends at the first failed renewal.',
					},
					{
						displayName: 'Honour Paid Period On Cancel',
						name: 'honourPaidPeriodOnCancel',
						type: 'boolean',
						default: false,
						description:
							'Whether a canceled subscription whose paid period is still running gives No Action (with the paid-through date in the reason) instead of Suspend',
					},
					{
						displayName: 'On Missing Device ID',
						name: 'onMissingDeviceId',
						type: 'options',
						options: [
							{ name: 'Error', value: 'error', description: 'The item fails, naming the field' },
							{ name: 'Ignore', value: 'ignore', description: 'The item goes to No Action with billing status "ignored"' },
						],
						default: 'error',
						description: 'What to do when the device ID is missing or malformed',
					},
					{
						displayName: 'Past Due Policy',
						name: 'pastDuePolicy',
						type: 'options',
						options: [
							{
								name: 'Grace',
								value: 'grace',
								description: 'No action while the gateway retries; suspend when it gives up (unpaid, canceled, paused) or grace days run out',
							},
							{ name: 'Suspend', value: 'suspend', description: 'Suspend at the first failed renewal' },
						],
						default: 'grace',
					},
					{
						displayName: 'Pause Collection Suspends',
						name: 'pauseCollectionSuspends',
						type: 'boolean',
						default: false,
						description: 'Whether a Stripe subscription with payment collection paused (status still active) is suspended',
					},
					{
						displayName: 'Stale Guard',
						name: 'staleGuard',
						type: 'boolean',
						default: true,
						description:
							'Whether to drop an event older than the last one applied to the same subscription, and never leave a terminal state (canceled, expired)',
					},
					{
						displayName: 'Suspend On Dispute',
						name: 'suspendOnDispute',
						type: 'boolean',
						default: true,
						description: 'Whether an opened dispute (chargeback) suspends the SIM; a won dispute then reactivates it',
					},
					{
						displayName: 'Trialing Is Active',
						name: 'trialingIsActive',
						type: 'boolean',
						default: true,
						description: 'Whether a subscription in its trial period activates the SIM',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const outputs: INodeExecutionData[][] = [[], [], []];
		let staticData: IDataObject | null | undefined;
		const now = Date.now();
		const results: Array<{ index: number; decision?: Decision; error?: string }> = [];

		for (let i = 0; i < items.length; i++) {
			try {
				const gateway = this.getNodeParameter('gateway', i, 'auto') as string;
				const extra = (this.getNodeParameter('options', i, {}) ?? {}) as IDataObject;
				const options: Partial<Record<keyof MapperOptions, unknown>> = { ...extra, gateway };
				if (gateway === 'custom') {
					options.statusField = this.getNodeParameter('statusField', i, DEFAULT_OPTIONS.statusField);
					options.activeValues = this.getNodeParameter('activeValues', i, DEFAULT_OPTIONS.activeValues);
					options.suspendValues = this.getNodeParameter('suspendValues', i, DEFAULT_OPTIONS.suspendValues);
					options.deviceIdField = this.getNodeParameter('deviceIdField', i, '');
					options.eventIdField = this.getNodeParameter('eventIdField', i, '');
				}
				if (staticData === undefined && (extra.dedupe !== false || extra.staleGuard !== false)) {
					staticData = this.getWorkflowStaticData('node');
				}
				options.confirmWithGateway = this.getNodeParameter('confirmWithGateway', i, false);
				const o = normaliseOptions(options);
				const json = items[i]?.json;
				const interp = interpret(json, o);
				const confirmed = o.confirmWithGateway && !alreadyProcessed(interp, o, staticData) ? await confirmWithGateway(interp, o, gatewayReader(this, i, o.gatewayBaseUrl)) : null;
				results.push({ index: i, decision: decideInterpreted(json as IDataObject, interp, o, { staticData, now, confirmed }) });
			} catch (error) {
				const text = `Item ${i}: ${message(error)}`;
				if (this.continueOnFail()) {
					results.push({ index: i, error: text });
					continue;
				}
				throw new NodeOperationError(this.getNode(), text, {
					itemIndex: i,
					description:
						error instanceof ItemError && error.field ? `Field: ${error.field}` : 'The item could not be mapped to a SIM decision',
				});
			}
		}

		const decided = results.filter((r): r is { index: number; decision: Decision } => r.decision !== undefined);
		lastPerDevice(decided);
		const byIndex = new Map(decided.map((r) => [r.index, r.decision]));
		for (const r of results) {
			const decision = byIndex.get(r.index);
			if (decision) outputs[OUTPUT_INDEX[decision.output]].push({ json: toOutputItem(decision.item), pairedItem: { item: r.index } });
			else outputs[OUTPUT_INDEX.none].push({ json: { error: r.error ?? '' }, pairedItem: { item: r.index } });
		}
		return outputs;
	}
}
