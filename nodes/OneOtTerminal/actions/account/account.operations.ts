import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { monthYearFields } from '../descriptions';
import { readMonthYear } from '../parameters';
import type { ItemOutcome, Operation } from '../types';

export const description: INodeProperties[] = monthYearFields({
	show: { resource: ['account'], operation: ['getBalance'] },
});

/** getBalance: the account's data used and cost for a month. */
export const getBalance: Operation<{ month: number; year: number }> = {
	description,
	prepare: (ctx, itemIndex) => readMonthYear(ctx.fn, itemIndex),
	async run(ctx, items) {
		return await Promise.all(
			items.map(async ({ input }): Promise<ItemOutcome> => {
				try {
					const balance = (await ctx.client.get('/get_account_balance', input)) as IDataObject;
					return { ok: true, value: { month: input.month, year: input.year, ...balance } };
				} catch (error) {
					return { ok: false, error };
				}
			}),
		);
	},
};

/** getGroups: one output item per group name. */
export const getGroups: Operation<null> = {
	description: [],
	prepare: () => null,
	async run(ctx, items) {
		return await Promise.all(
			items.map(async (): Promise<ItemOutcome> => {
				try {
					const groups = await ctx.client.get('/get_account_groups');
					const list = Array.isArray(groups) ? groups : [];
					return { ok: true, value: list.map((group) => ({ group: String(group) })) };
				} catch (error) {
					return { ok: false, error };
				}
			}),
		);
	},
};
