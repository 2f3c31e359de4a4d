import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { collect } from '../bulkHelpers';
import { forSim, paginationFields } from '../descriptions';
import type { ItemOutcome, Operation } from '../types';

export const description: INodeProperties[] = [
	...paginationFields(forSim(['getMany'])),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: forSim(['getMany']),
		options: [
			{
				displayName: 'Group',
				name: 'group',
				type: 'string',
				default: '',
				description: 'Only SIMs in this group',
			},
		],
	},
];

interface Input {
	returnAll: boolean;
	limit: number;
	group: string;
}

/** getMany: the account's (or a group's) SIMs, following pages of 1000 as they come. */
export const getMany: Operation<Input> = {
	description,

	prepare(ctx, itemIndex) {
		const filters = ctx.fn.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		return {
			returnAll: ctx.fn.getNodeParameter('returnAll', itemIndex, false) as boolean,
			limit: ctx.fn.getNodeParameter('limit', itemIndex, 50) as number,
			group: String(filters.group ?? '').trim(),
		};
	},

	async run(ctx, items) {
		const results: ItemOutcome[] = [];
		for (const { input } of items) {
			try {
				const sims = await collect(
					ctx.client.listSims({ group: input.group || undefined }),
					input.returnAll ? null : input.limit,
				);
				results.push({ ok: true, value: sims as IDataObject[] });
			} catch (error) {
				results.push({ ok: false, error });
			}
		}
		return results;
	},
};
