import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { applyAction, readSims } from '../../../shared/oneot/bulk';
import { settle, statusOf, stillPending } from '../../../shared/oneot/setState';
import { ACTION_RESULT, pendingStatus, type StateAction } from '../../../shared/oneot/states';
import type { SimRef } from '../../../shared/oneot/resolve';
import { describeRef, readSimRef, resolveItems } from '../common';
import type { ItemOutcome, Operation } from '../types';

interface Input {
	ref: SimRef;
}

/**
 * activate, deactivate, suspend, resume, reset: the API's own actions, sent as asked (use setState to
 * send only what is needed). The SIMs' statuses are read first, in lists, so each output item says
 * where the SIM was; then one action call per chunk of SIMs; with "Wait for Completion", the changed
 * SIMs are polled until they leave PENDING, as setState does.
 */
function stateAction(operation: 'activate' | 'deactivate' | 'suspend' | 'resume' | 'reset'): Operation<Input> {
	return {
		description: [] as INodeProperties[],

		prepare: (ctx, itemIndex) => ({ ref: readSimRef(ctx.fn, itemIndex) }),

		async run(ctx, items) {
			const resolved = await resolveItems(ctx, items);
			const iccids = resolved.flatMap((r) => (r.ok ? [r.value.iccid] : []));
			const before = await readSims(ctx.client, 'iccid', iccids, ctx.options.readBatchSize);
			const known = iccids.filter((iccid) => before.get(iccid)?.ok);
			const deadline = Date.now() + ctx.options.completionTimeoutMs;
			const answers = await applyAction(ctx.client, `/${operation}`, 'iccid', known, ctx.options.batchSize);
			// reset leaves the status as it was: there is nothing to wait for.
			const settled =
				ctx.options.waitForCompletion && operation !== 'reset'
					? await settle(ctx.client, known.filter((iccid) => answers.get(iccid)?.ok), deadline, ctx.options)
					: null;

			return resolved.map((r): ItemOutcome => {
				if (!r.ok) return r;
				const read = before.get(r.value.iccid)!;
				if (!read.ok) return read;
				const answer = answers.get(r.value.iccid)!;
				if (!answer.ok) return answer;
				const previousStatus = statusOf(read.value);
				let status = operation === 'reset' ? previousStatus : pendingStatus(operation as StateAction);
				if (settled) {
					const outcome = settled.get(r.value.iccid)!;
					if (outcome === null) return { ok: false, error: stillPending(operation, ctx.options.completionTimeoutMs) };
					if (!outcome.ok) return outcome;
					status = outcome.value;
				}
				return {
					ok: true,
					value: {
						iccid: r.value.iccid,
						operation,
						state: operation === 'reset' ? null : stateName(operation as StateAction),
						action: operation,
						changed: true,
						previousStatus,
						status,
					} as IDataObject,
				};
			});
		},

		describe: (input) => describeRef(input.ref),
	};
}

function stateName(action: StateAction): string {
	const { primary, secondary } = ACTION_RESULT[action];
	return primary === 'OFF' ? 'off' : secondary.toLowerCase();
}

export const activate = stateAction('activate');
export const deactivate = stateAction('deactivate');
export const suspend = stateAction('suspend');
export const resume = stateAction('resume');
export const reset = stateAction('reset');
