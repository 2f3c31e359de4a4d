import { NodeOperationError, type INodeProperties } from 'n8n-workflow';

import type { SimRef } from '../../../shared/oneot/resolve';
import { runGroupedAction, simFromAnswer } from '../bulkHelpers';
import { forSim } from '../descriptions';
import { describeRef, readSimRef } from '../parameters';
import type { Operation } from '../types';

/** setDataLimit, setName, setGroup: items with the same value share comma-list calls. */

export const description: INodeProperties[] = [
	{
		displayName: 'Data Limit (MB)',
		name: 'dataLimit',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 100,
		description: 'The monthly data limit in megabytes',
		displayOptions: forSim(['setDataLimit']),
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		description: 'The SIM\'s new name, e.g. the bike\'s number',
		displayOptions: forSim(['setName']),
	},
	{
		displayName: 'Group',
		name: 'group',
		type: 'string',
		default: '',
		required: true,
		description: 'The group to move the SIM into',
		displayOptions: forSim(['setGroup']),
	},
];

interface Input {
	ref: SimRef;
	value: string | number;
}

function attributeOperation(
	operation: 'setDataLimit' | 'setName' | 'setGroup',
	parameter: 'dataLimit' | 'name' | 'group',
	path: string,
	query: string,
): Operation<Input> {
	return {
		description: [],

		prepare(ctx, itemIndex) {
			const ref = readSimRef(ctx.fn, itemIndex);
			const value = ctx.fn.getNodeParameter(parameter, itemIndex) as string | number;
			const valid =
				parameter === 'dataLimit'
					? typeof value === 'number' && Number.isFinite(value) && value >= 0
					: typeof value === 'string' && value.trim() !== '';
			if (!valid) {
				throw new NodeOperationError(
					ctx.fn.getNode(),
					`Item ${itemIndex}: ${parameter === 'dataLimit' ? 'Data Limit must be a number of megabytes, 0 or more' : `${parameter === 'name' ? 'Name' : 'Group'} must not be empty`} (got ${JSON.stringify(value)}).`,
					{ itemIndex },
				);
			}
			return { ref, value: typeof value === 'string' ? value.trim() : value };
		},

		run: async (ctx, items) =>
			await runGroupedAction(
				ctx,
				items,
				path,
				(input) => ({ [query]: input.value }),
				(iccid, answer, input) => ({
					iccid,
					operation,
					action: path.slice(1),
					changed: true,
					[parameter]: input.value,
					...(simFromAnswer(answer) ? { sim: simFromAnswer(answer) } : {}),
				}),
			),

		describe: (input) => describeRef(input.ref),
	};
}

export const setDataLimit = attributeOperation('setDataLimit', 'dataLimit', '/set_data_limit', 'limit');
export const setName = attributeOperation('setName', 'name', '/set_name', 'name');
export const setGroup = attributeOperation('setGroup', 'group', '/set_group', 'group');
