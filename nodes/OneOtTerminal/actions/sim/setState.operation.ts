import { NodeOperationError, type IDataObject, type INodeProperties } from 'n8n-workflow';

import { changeStates } from '../../../shared/oneot/engine';
import type { TargetState } from '../../../shared/oneot/states';
import type { SimRef } from '../../../shared/oneot/resolve';
import { engineOptions, resolveItems } from '../bulkHelpers';
import { forSim } from '../descriptions';
import { describeRef, itemParameter, readSimRef } from '../parameters';
import type { ItemOutcome, Operation } from '../types';

const TARGETS: TargetState[] = ['live', 'suspended', 'off'];

export const description: INodeProperties[] = [
	{
		displayName: 'State',
		name: 'state',
		type: 'options',
		options: [
			{ name: 'Live', value: 'live', description: 'Data service on (ON/LIVE)' },
			{ name: 'Off', value: 'off', description: 'Deactivated (OFF)' },
			{
				name: 'Suspended',
				value: 'suspended',
				description: 'Offline: data service off, SIM kept (ON/SUSPENDED, or OFF on accounts without it)',
			},
		],
		default: 'live',
		description:
			'The state the SIM must end up in. The node reads its status first and calls only what is needed: a SIM already there costs no action call.',
		hint: 'Usually an expression: {{ $json.desiredState }}, from the Payment Status Mapper',
		displayOptions: forSim(['setState']),
	},
];

interface Input {
	ref: SimRef;
	state: TargetState;
}

/** setState: the idempotent operation payment workflows use (SPEC 3.1's table). */
export const setState: Operation<Input> = {
	description,

	prepare(ctx, itemIndex) {
		const ref = readSimRef(ctx.fn, itemIndex);
		const raw = itemParameter(ctx.fn, 'state', itemIndex, undefined);
		const state = typeof raw === 'string' ? (raw.trim().toLowerCase() as TargetState) : (raw as TargetState);
		if (!TARGETS.includes(state)) {
			throw new NodeOperationError(
				ctx.fn.getNode(),
				`Item ${itemIndex}: State must be one of live, suspended, off — got ${JSON.stringify(raw)}.`,
				{ itemIndex, description: 'Check the field "State" for this item.' },
			);
		}
		return { ref, state };
	},

	async run(ctx, items) {
		const resolved = await resolveItems(ctx, items);
		const requests: Array<{ k: number; iccid: string; state: TargetState }> = [];
		resolved.forEach((r, k) => {
			if (r.ok) requests.push({ k, iccid: r.value.iccid, state: items[k].input.state });
		});
		const changes = await changeStates(ctx.client, requests, engineOptions(ctx.options));
		const results: ItemOutcome[] = resolved.map((r) => (r.ok ? { ok: true, value: {} } : r));
		requests.forEach((request, j) => {
			const change = changes[j];
			results[request.k] = change.ok
				? { ok: true, value: { ...change.value, operation: 'setState' } as unknown as IDataObject }
				: change;
		});
		return results;
	},

	describe: (input) => ({ ...describeRef(input.ref), state: input.state }),
};
