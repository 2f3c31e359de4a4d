import type { IDataObject } from 'n8n-workflow';

import { inLists } from '../../../shared/oneot/bulk';
import type { SimRef } from '../../../shared/oneot/resolve';
import { resolveItems } from '../bulkHelpers';
import { forSim, monthYearFields } from '../descriptions';
import { describeRef, readMonthYear, readSimRef } from '../parameters';
import type { ItemOutcome, Operation } from '../types';

export const description = monthYearFields(forSim(['getUsage']));

interface Input {
	ref: SimRef;
	month: number;
	year: number;
}

/** getUsage: a SIM's data used and its cost in a month; many SIMs per call with `get_sim_costs`. */
export const getUsage: Operation<Input> = {
	description,

	prepare: (ctx, itemIndex) => ({ ref: readSimRef(ctx.fn, itemIndex), ...readMonthYear(ctx.fn, itemIndex) }),

	async run(ctx, items) {
		const resolved = await resolveItems(ctx, items);
		const results: ItemOutcome[] = resolved.map((r) => (r.ok ? { ok: true, value: {} } : r));
		const byMonth = new Map<string, number[]>();
		items.forEach((item, k) => {
			if (!resolved[k].ok) return;
			const key = `${item.input.year}-${item.input.month}`;
			(byMonth.get(key) ?? byMonth.set(key, []).get(key)!).push(k);
		});

		for (const ks of byMonth.values()) {
			const { month, year } = items[ks[0]].input;
			const iccids = ks.map((k) => (resolved[k] as { value: { iccid: string } }).value.iccid);
			const costs = new Map<string, IDataObject>();
			const failed = new Map<string, Error>();
			const query = async (part: string[]) => {
				const answer = await ctx.client.get('/get_sim_costs', { iccid: part.join(','), month, year });
				const list = Array.isArray(answer) ? (answer as IDataObject[]) : [];
				list.forEach((cost, j) => costs.set(String(cost.iccid ?? part[j]), cost));
			};
			// As reads and actions: a SIM the API refuses fails alone, a list too long is split.
			await inLists(ctx.client, 'iccid', iccids, ctx.options.readBatchSize, {
				list: query,
				fail(part, error) {
					for (const iccid of part) failed.set(iccid, error);
				},
			});
			for (const k of ks) {
				const iccid = (resolved[k] as { value: { iccid: string } }).value.iccid;
				const cost = costs.get(iccid);
				results[k] = cost
					? { ok: true, value: { iccid, month, year, ...cost } }
					: { ok: false, error: failed.get(iccid) ?? new Error(`The 1oT Terminal returned no usage for ICCID ${iccid} in ${year}-${month}.`) };
			}
		}
		return results;
	},

	describe: (input) => describeRef(input.ref),
};
