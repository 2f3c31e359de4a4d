import { NodeOperationError, type IDataObject, type INodeProperties } from 'n8n-workflow';

import { OneOtApiError } from '../../../shared/oneot/errors';
import type { SimRef } from '../../../shared/oneot/resolve';
import { resolveItems } from '../bulkHelpers';
import { forSim } from '../descriptions';
import { describeRef, readSimRef } from '../parameters';
import type { ItemOutcome, Operation } from '../types';

/** getDiagnostics and sendSms: the API takes one SIM per call, so items run one by one (in parallel, bounded). */

export const description: INodeProperties[] = [
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: 'The SMS text sent to the device',
		displayOptions: forSim(['sendSms']),
	},
];

interface Input {
	ref: SimRef;
	message?: string;
}

function perSim(
	prepareExtra: (ctx: Parameters<Operation<Input>['prepare']>[0], itemIndex: number) => Partial<Input>,
	call: (ctx: Parameters<Operation<Input>['prepare']>[0], iccid: string, input: Input) => Promise<IDataObject>,
): Operation<Input> {
	return {
		description: [],
		prepare: (ctx, itemIndex) => ({ ref: readSimRef(ctx.fn, itemIndex), ...prepareExtra(ctx, itemIndex) }),
		async run(ctx, items) {
			const resolved = await resolveItems(ctx, items);
			return await Promise.all(
				resolved.map(async (r, k): Promise<ItemOutcome> => {
					if (!r.ok) return r;
					try {
						return { ok: true, value: await call(ctx, r.value.iccid, items[k].input) };
					} catch (error) {
						// A documented code (E240, E103, …) is told about this SIM in plain words.
						return { ok: false, error: error instanceof OneOtApiError ? error.forSim('iccid', r.value.iccid) : error };
					}
				}),
			);
		},
		describe: (input) => describeRef(input.ref),
	};
}

export const getDiagnostics = perSim(
	() => ({}),
	async (ctx, iccid) => ({ iccid, ...((await ctx.client.get('/diagnostics', { iccid })) as IDataObject) }),
);

export const sendSms = perSim(
	(ctx, itemIndex) => {
		const message = String(ctx.fn.getNodeParameter('message', itemIndex, '') ?? '');
		if (!message.trim()) {
			throw new NodeOperationError(ctx.fn.getNode(), `Item ${itemIndex}: Message must not be empty.`, { itemIndex });
		}
		return { message };
	},
	async (ctx, iccid, input) => {
		// The public clients disagree on the text parameter's name (message / sms): send both.
		const answer = await ctx.client.action('/sendSms', 'iccid', [iccid], { message: input.message!, sms: input.message! });
		return { iccid, operation: 'sendSms', sent: true, answer: answer as IDataObject };
	},
);
