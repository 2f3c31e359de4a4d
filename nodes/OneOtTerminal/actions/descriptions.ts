import type { INodeProperties } from 'n8n-workflow';

import type { IdentifierKind } from '../../shared/identifiers';

/** What the editor shows: parameter descriptions shared by several operations. */

/** Shows a property for some operations of the SIM resource. */
export function forSim(operations: string[]): INodeProperties['displayOptions'] {
	return { show: { resource: ['sim'], operation: operations } };
}

/** The "which SIM" fields: identify by ICCID (default), IMEI or EID, and the matching value. */
export function simIdentifierFields(operations: string[]): INodeProperties[] {
	const show = (identifyBy: IdentifierKind) => ({
		show: { resource: ['sim'], operation: operations, identifyBy: [identifyBy] },
	});
	return [
		{
			displayName: 'Identify SIM By',
			name: 'identifyBy',
			type: 'options',
			options: [
				{ name: 'ICCID', value: 'iccid', description: 'The number printed on the SIM (18–20 digits)' },
				{ name: 'IMEI', value: 'imei', description: 'The device the SIM is in (15 digits); looked up once per run' },
				{ name: 'EID', value: 'eid', description: 'The eSIM identifier (32 digits)' },
			],
			default: 'iccid',
			displayOptions: forSim(operations),
		},
		{
			displayName: 'ICCID',
			name: 'iccid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 8988303000000000001',
			description: 'The ICCID as text; a number would lose digits',
			// n8n's hint, not the description: the description lint would turn $json into $JSON, which n8n does not know
			hint: 'Usually an expression: {{ $json.iccid }}',
			displayOptions: show('iccid'),
		},
		{
			displayName: 'IMEI',
			name: 'imei',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 356938035643809',
			description: 'The IMEI of the device the SIM is in (15 digits), as text. The node finds the SIM by listing the account once per run.',
			displayOptions: show('imei'),
		},
		{
			displayName: 'EID',
			name: 'eid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 89049032000001000000000000000001',
			description: 'The eSIM identifier (EID, 32 digits), as text',
			displayOptions: show('eid'),
		},
	];
}

export const monthYearFields = (show: INodeProperties['displayOptions']): INodeProperties[] => [
	{
		displayName: 'Month',
		name: 'month',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 12 },
		default: 0,
		description: 'Month 1–12; 0 for the current month (UTC)',
		displayOptions: show,
	},
	{
		displayName: 'Year',
		name: 'year',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Four-digit year; 0 for the current year (UTC)',
		displayOptions: show,
	},
];

/** Return All / Limit, as every n8n list operation has them. */
export function paginationFields(show: INodeProperties['displayOptions']): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: show,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { ...show, show: { ...show?.show, returnAll: [false] } },
		},
	];
}
