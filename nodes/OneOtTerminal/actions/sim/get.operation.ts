import type { IDataObject } from 'n8n-workflow';

import { readSims } from '../../../shared/oneot/bulk';
import type { SimRef } from '../../../shared/oneot/resolve';
import { resolveItems } from '../bulkHelpers';
import { describeRef, readSimRef } from '../parameters';
import type { ItemOutcome, Operation } from '../types';

interface Input {
	ref: SimRef;
}

/** get: one SIM per item; many items are read with comma lists of up to 1000 ICCIDs per call. */
export const get: Operation<Input> = {
	description: [],

	prepare: (ctx, itemIndex) => ({ ref: readSimRef(ctx.fn, itemIndex) }),

	async run(ctx, items) {
		const resolved = await resolveItems(ctx, items);
		// IMEI and EID lookups already read the SIM; only plain ICCIDs need a read.
		const toRead = resolved.flatMap((r, k) => (r.ok && items[k].input.ref.by === 'iccid' ? [r.value.iccid] : []));
		const sims = await readSims(ctx.client, 'iccid', toRead, ctx.options.readBatchSize);
		return resolved.map((r): ItemOutcome => {
			if (!r.ok) return r;
			const already = (r.value as { sim?: IDataObject }).sim;
			if (already) return { ok: true, value: already };
			const read = sims.get(r.value.iccid)!;
			return read.ok ? { ok: true, value: read.value as IDataObject } : read;
		});
	},

	describe: (input) => describeRef(input.ref),
};
