import type { IDataObject } from 'n8n-workflow';

import { applyAction, type Outcome } from '../../shared/oneot/bulk';
import type { EngineOptions } from '../../shared/oneot/engine';
import { resolveSims, type SimRef } from '../../shared/oneot/resolve';
import type { ExecutionOptions, ItemOutcome, OperationContext, Prepared } from './types';

/** Running an operation over all its items at once: resolving SIMs, shared action calls, pages. */

/** Resolves items' SIM references to ICCIDs; outcome per item, in order. */
export async function resolveItems<P extends { ref: SimRef }>(
	ctx: OperationContext,
	items: Array<Prepared<P>>,
): Promise<Array<Outcome<{ iccid: string }>>> {
	return await resolveSims(
		ctx.client,
		items.map((item) => item.input.ref),
		{ readBatchSize: ctx.options.readBatchSize, imeiIndex: ctx.imeiIndex },
	);
}

/**
 * Sends one action for all items, grouping items whose extra query is the same (e.g. the same group
 * name) into shared comma-list calls. `output` shapes each item's result.
 */
export async function runGroupedAction<P extends { ref: SimRef }>(
	ctx: OperationContext,
	items: Array<Prepared<P>>,
	path: string,
	extraOf: (input: P) => Record<string, string | number>,
	output: (iccid: string, answer: unknown, input: P) => IDataObject,
): Promise<ItemOutcome[]> {
	const resolved = await resolveItems(ctx, items);
	const results: ItemOutcome[] = resolved.map((r) => (r.ok ? { ok: true, value: {} } : r));
	const groups = new Map<string, number[]>();
	items.forEach((item, k) => {
		if (!resolved[k].ok) return;
		const key = JSON.stringify(extraOf(item.input));
		(groups.get(key) ?? groups.set(key, []).get(key)!).push(k);
	});
	await Promise.all(
		[...groups].map(async ([key, ks]) => {
			const iccids = ks.map((k) => (resolved[k] as { value: { iccid: string } }).value.iccid);
			// Setting the same name, group or limit twice gives the same SIM: a lost answer is simply sent again.
			const answers = await applyAction(ctx.client, path, 'iccid', iccids, ctx.options.batchSize, JSON.parse(key), 'resend');
			ks.forEach((k, j) => {
				const answer = answers.get(iccids[j])!;
				results[k] = answer.ok ? { ok: true, value: output(iccids[j], answer.value, items[k].input) } : answer;
			});
		}),
	);
	return results;
}

/** The engine's options from the node's Options. */
export function engineOptions(options: ExecutionOptions): EngineOptions {
	return {
		batchSize: options.batchSize,
		readBatchSize: options.readBatchSize,
		waitForCompletion: options.waitForCompletion,
		completionTimeoutMs: options.completionTimeoutMs,
		suspendWith: options.suspendWith,
		maxResends: options.maxRetries,
	};
}

/** The SIM object from an action's answer, when the API answered one. */
export function simFromAnswer(answer: unknown): IDataObject | undefined {
	return answer && typeof answer === 'object' && 'iccid' in (answer as object) ? (answer as IDataObject) : undefined;
}

/** Collects pages from an async generator until the limit (or the end with Return All). */
export async function collect<T>(pages: AsyncGenerator<T[]>, limit: number | null): Promise<T[]> {
	const out: T[] = [];
	for await (const page of pages) {
		for (const record of page) {
			if (limit !== null && out.length >= limit) break;
			out.push(record);
		}
		if (limit !== null && out.length >= limit) break;
	}
	return out;
}
