import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { checkIdentifier } from '../../../shared/identifiers';
import { NodeOperationError } from 'n8n-workflow';
import { collect } from '../bulkHelpers';
import { paginationFields } from '../descriptions';
import type { ItemOutcome, Operation } from '../types';

const show = (extra: IDataObject = {}): INodeProperties['displayOptions'] => ({
	show: { resource: ['alert'], operation: ['getMany'], ...extra },
});

export const description: INodeProperties[] = [
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		options: [
			{ name: 'Account', value: 'account', description: 'Alerts of every SIM in the account' },
			{ name: 'Group', value: 'group', description: 'Alerts of the SIMs in one group' },
			{ name: 'SIM', value: 'sim', description: 'Alerts of one SIM' },
		],
		default: 'account',
		displayOptions: show(),
	},
	{
		displayName: 'Group',
		name: 'group',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show({ scope: ['group'] }),
	},
	{
		displayName: 'ICCID',
		name: 'iccid',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show({ scope: ['sim'] }),
	},
	...paginationFields(show()),
	{
		displayName: 'Options',
		name: 'alertOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(),
		options: [
			{
				displayName: 'Mark as Read',
				name: 'markAsRead',
				type: 'boolean',
				default: false,
				description: 'Whether the Terminal marks the returned alerts as read',
			},
			{
				displayName: 'Only Unread',
				name: 'onlyUnread',
				type: 'boolean',
				default: true,
				description: 'Whether to return only alerts not yet marked as read',
			},
		],
	},
];

interface Input {
	scope: { group?: string; iccid?: string };
	returnAll: boolean;
	limit: number;
	onlyUnread: boolean;
	markAsRead: boolean;
}

/** alert getMany: the Terminal's alerts (data used, country, IMEI, balance…), newest pages followed. */
export const getMany: Operation<Input> = {
	description,

	prepare(ctx, itemIndex) {
		const scope = ctx.fn.getNodeParameter('scope', itemIndex, 'account') as string;
		const options = ctx.fn.getNodeParameter('alertOptions', itemIndex, {}) as IDataObject;
		const input: Input = {
			scope: {},
			returnAll: ctx.fn.getNodeParameter('returnAll', itemIndex, false) as boolean,
			limit: ctx.fn.getNodeParameter('limit', itemIndex, 50) as number,
			onlyUnread: options.onlyUnread !== false,
			markAsRead: options.markAsRead === true,
		};
		if (scope === 'group') {
			const group = String(ctx.fn.getNodeParameter('group', itemIndex, '')).trim();
			if (!group) throw new NodeOperationError(ctx.fn.getNode(), `Item ${itemIndex}: Group must not be empty.`, { itemIndex });
			input.scope.group = group;
		} else if (scope === 'sim') {
			const check = checkIdentifier('iccid', ctx.fn.getNodeParameter('iccid', itemIndex, ''));
			if (!check.ok) throw new NodeOperationError(ctx.fn.getNode(), `Item ${itemIndex}: ${check.problem}`, { itemIndex });
			input.scope.iccid = check.value;
		}
		return input;
	},

	async run(ctx, items) {
		const results: ItemOutcome[] = [];
		for (const { input } of items) {
			try {
				const alerts = await collect(
					ctx.client.listAlerts(input.scope, { onlyUnread: input.onlyUnread, markAsRead: input.markAsRead }),
					input.returnAll ? null : input.limit,
				);
				results.push({ ok: true, value: alerts as IDataObject[] });
			} catch (error) {
				results.push({ ok: false, error });
			}
		}
		return results;
	},
};
