import type { INodeProperties } from 'n8n-workflow';

import * as account from './account/account.operations';
import * as alert from './alert/getMany.operation';
import { simIdentifierFields } from './descriptions';
import * as simGet from './sim/get.operation';
import * as simGetMany from './sim/getMany.operation';
import * as simGetUsage from './sim/getUsage.operation';
import * as perSim from './sim/perSim.operation';
import * as attributes from './sim/setAttributes.operation';
import * as setState from './sim/setState.operation';
import * as stateActions from './sim/stateAction.operation';
import type { Operation } from './types';

/** Every operation, by resource and operation value (the names saved workflows use: keep them). */
export const OPERATIONS: Record<string, Record<string, Operation<any>>> = {
	sim: {
		get: simGet.get,
		getMany: simGetMany.getMany,
		setState: setState.setState,
		activate: stateActions.activate,
		deactivate: stateActions.deactivate,
		suspend: stateActions.suspend,
		resume: stateActions.resume,
		reset: stateActions.reset,
		setDataLimit: attributes.setDataLimit,
		setName: attributes.setName,
		setGroup: attributes.setGroup,
		getUsage: simGetUsage.getUsage,
		getDiagnostics: perSim.getDiagnostics,
		sendSms: perSim.sendSms,
	},
	account: { getBalance: account.getBalance, getGroups: account.getGroups },
	alert: { getMany: alert.getMany },
};

/** Operations that name one SIM per item. */
const SINGLE_SIM = [
	'get',
	'setState',
	'activate',
	'deactivate',
	'suspend',
	'resume',
	'reset',
	'setDataLimit',
	'setName',
	'setGroup',
	'getUsage',
	'getDiagnostics',
	'sendSms',
];

/** Operations that change a SIM: they take the bulk options. */
const CHANGING = ['setState', 'activate', 'deactivate', 'suspend', 'resume', 'reset', 'setDataLimit', 'setName', 'setGroup'];

/** Operations that move a SIM between states, through PENDING: they can wait for it to settle. */
const SETTLING = { show: { '/operation': ['setState', 'activate', 'deactivate', 'suspend', 'resume'] } };

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account', value: 'account' },
			{ name: 'Alert', value: 'alert' },
			{ name: 'SIM', value: 'sim' },
		],
		default: 'sim',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sim'] } },
		options: [
			{ name: 'Activate', value: 'activate', action: 'Activate a SIM', description: 'Turn the SIM on (ON/LIVE)' },
			{ name: 'Deactivate', value: 'deactivate', action: 'Deactivate a SIM', description: 'Turn the SIM off (OFF)' },
			{ name: 'Get', value: 'get', action: 'Get a SIM', description: 'Read a SIM and its status' },
			{ name: 'Get Diagnostics', value: 'getDiagnostics', action: 'Get diagnostics of a SIM', description: 'Device IMEI, last country and operator, location (needs the Diagnostics app)' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many SIM cards', description: 'List the SIMs of the account or of a group' },
			{ name: 'Get Usage', value: 'getUsage', action: 'Get usage of a SIM', description: 'Data used and its cost in a month' },
			{ name: 'Reset', value: 'reset', action: 'Reset a SIM', description: 'Reset the SIM\'s network connection' },
			{ name: 'Resume', value: 'resume', action: 'Resume a SIM', description: 'Turn data back on (ON/LIVE)' },
			{ name: 'Send SMS', value: 'sendSms', action: 'Send an SMS to a SIM', description: 'Send a text message to the device' },
			{ name: 'Set Data Limit', value: 'setDataLimit', action: 'Set the data limit of a SIM', description: 'Change how much data the SIM may use a month' },
			{ name: 'Set Group', value: 'setGroup', action: 'Move a SIM to a group', description: 'Move the SIM into another of the account\'s groups' },
			{ name: 'Set Name', value: 'setName', action: 'Rename a SIM', description: 'Give the SIM a name shown in the Terminal' },
			{
				name: 'Set State',
				value: 'setState',
				action: 'Set the state of a SIM',
				description: 'Bring the SIM to live, suspended or off, calling only what is needed (for payment workflows)',
			},
			{ name: 'Suspend', value: 'suspend', action: 'Suspend a SIM', description: 'Turn data off, keep the SIM (ON/SUSPENDED)' },
		],
		default: 'setState',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{ name: 'Get Balance', value: 'getBalance', action: 'Get the account balance', description: 'Data used and its cost for a month' },
			{ name: 'Get Groups', value: 'getGroups', action: 'Get the account groups', description: 'One item per SIM group' },
		],
		default: 'getBalance',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['alert'] } },
		options: [{ name: 'Get Many', value: 'getMany', action: 'Get many alerts', description: 'The Terminal\'s alerts' }],
		default: 'getMany',
	},
	...simIdentifierFields(SINGLE_SIM),
	...setState.description,
	...attributes.description,
	...perSim.description,
	...simGetUsage.description,
	...simGetMany.description,
	...account.description,
	...alert.description,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['sim'], operation: CHANGING } },
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1000 },
				default: 1000,
				description:
					'How many SIMs share one action call (a comma-separated list; the API takes at most 1000). A SIM the API refuses fails alone; a list the server finds too long is split.',
			},
			{
				displayName: 'Completion Timeout (Seconds)',
				name: 'completionTimeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
				description: 'How long to wait for a PENDING SIM to settle, before deciding and (with Wait for Completion) after acting',
				displayOptions: SETTLING,
			},
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 16 },
				default: 4,
				description: 'How many API calls may be in flight at once. All of them pause together when the API answers 429.',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10 },
				default: 5,
				description: 'How often a call is retried after 429, 5xx or a dropped connection, with backoff that honours Retry-After',
			},
			{
				displayName: 'Read Batch Size',
				name: 'readBatchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1000 },
				default: 1000,
				description: 'How many SIMs\' statuses are read in one call (the API lists at most 1000)',
			},
			{
				displayName: 'Suspend With',
				name: 'suspendWith',
				type: 'options',
				options: [
					{ name: 'Suspend', value: 'suspend', description: 'PUT /suspend: ON/SUSPENDED, or OFF on accounts that have no suspended state' },
					{ name: 'Deactivate', value: 'deactivate', description: 'PUT /deactivate: OFF' },
				],
				default: 'suspend',
				description: 'How Set State takes a SIM offline when the state is Suspended. A SIM that is OFF already counts as suspended.',
				displayOptions: { show: { '/operation': ['setState'] } },
			},
			{
				displayName: 'Wait for Completion',
				name: 'waitForCompletion',
				type: 'boolean',
				default: false,
				description: 'Whether to poll until changed SIMs leave PENDING and output their settled status',
				displayOptions: SETTLING,
			},
		],
	},
];
