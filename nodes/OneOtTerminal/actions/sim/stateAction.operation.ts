import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { applyAction, readSims } from '../../../shared/oneot/bulk';
import { actionRequest, changeStates } from '../../../shared/oneot/engine';
import { statusOf, type StateAction } from '../../../shared/oneot/states';
import type { SimRef } from '../../../shared/oneot/resolve';
import { engineOptions, resolveItems } from '../bulkHelpers';
import { describeRef, readSimRef } from '../parameters';
import type { ItemOutcome, Operation } from '../types';

interface Input {
	ref: SimRef;
}

/**
 * activate, deactivate, suspend, resume: the API's own actions, sent as asked (use setState to send only what is
 * needed), through the same read → act → settle engine as setState: each output item says where the SIM was, and an
 * answer that was lost is settled by reading the SIM.
 */
function stateAction(operation: StateAction): Operation<Input> {
	return {
		description: [] as INodeProperties[],

		prepare: (ctx, itemIndex) => ({ ref: readSimRef(ctx.fn, itemIndex) }),

		async run(ctx, items) {
			const resolved = await resolveItems(ctx, items);
			const requests = resolved.flatMap((r, k) => (r.ok ? [{ k, request: actionRequest(r.value.iccid, operation) }] : []));
			const changes = await changeStates(
				ctx.client,
				requests.map((r) => r.request),
				engineOptions(ctx.options),
			);
			const results: ItemOutcome[] = resolved.map((r) => (r.ok ? { ok: true, value: {} } : r));
			requests.forEach(({ k }, j) => {
				const change = changes[j];
				results[k] = change.ok ? { ok: true, value: { ...change.value, operation } as unknown as IDataObject } : change;
			});
			return results;
		},

		describe: (input) => describeRef(input.ref),
	};
}

/** reset: the SIM's network connection is reset; its status stays as it was. A lost answer is sent again. */
export const reset: Operation<Input> = {
	description: [],

	prepare: (ctx, itemIndex) => ({ ref: readSimRef(ctx.fn, itemIndex) }),

	async run(ctx, items) {
		const resolved = await resolveItems(ctx, items);
		const iccids = resolved.flatMap((r) => (r.ok ? [r.value.iccid] : []));
		// Read first, so that each item says the SIM's status (and an unknown SIM fails alone).
		const before = await readSims(ctx.client, 'iccid', iccids, ctx.options.readBatchSize);
		const known = iccids.filter((iccid) => before.get(iccid)?.ok);
		const answers = await applyAction(ctx.client, '/reset', 'iccid', known, ctx.options.batchSize, {}, 'resend');
		return resolved.map((r): ItemOutcome => {
			if (!r.ok) return r;
			const read = before.get(r.value.iccid)!;
			if (!read.ok) return read;
			const answer = answers.get(r.value.iccid)!;
			if (!answer.ok) return answer;
			const status = statusOf(read.value);
			const value = { iccid: r.value.iccid, operation: 'reset', state: null, action: 'reset', changed: true, previousStatus: status, status };
			return { ok: true, value: value as IDataObject };
		});
	},

	describe: (input) => describeRef(input.ref),
};

export const activate = stateAction('activate');
export const deactivate = stateAction('deactivate');
export const suspend = stateAction('suspend');
export const resume = stateAction('resume');
