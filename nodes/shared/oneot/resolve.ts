import { readSims, type Outcome } from './bulk';
import type { OneOtClient } from './client';
import type { Sim } from './types';

export type SimKind = 'iccid' | 'imei' | 'eid';

export interface SimRef {
	by: SimKind;
	id: string;
}

export interface ResolvedSim {
	iccid: string;
	/** The SIM object when resolving had to read it anyway (IMEI and EID). */
	sim?: Sim;
}

/**
 * The API has no IMEI filter: the only way from an IMEI to its SIM is to list the account. This index
 * lists it once, page by page, the first time an execution needs it, and answers every IMEI from memory.
 */
export class ImeiIndex {
	private index: Promise<Map<string, Sim[]>> | undefined;

	constructor(private readonly client: OneOtClient) {}

	async lookup(imei: string): Promise<Outcome<Sim>> {
		const sims = (await (this.index ??= this.build())).get(imei) ?? [];
		if (sims.length === 1) return { ok: true, value: sims[0] };
		if (sims.length === 0) {
			return { ok: false, error: new Error(`No SIM in this 1oT account reports IMEI ${imei}.`) };
		}
		const iccids = sims.map((s) => s.iccid).join(', ');
		return {
			ok: false,
			error: new Error(`IMEI ${imei} is reported by ${sims.length} SIMs (${iccids}); name the SIM by ICCID instead.`),
		};
	}

	private async build(): Promise<Map<string, Sim[]>> {
		const byImei = new Map<string, Sim[]>();
		for await (const page of this.client.listSims()) {
			for (const sim of page) {
				const imei = typeof sim.imei === 'string' ? sim.imei.trim() : '';
				if (!imei) continue;
				const list = byImei.get(imei);
				if (list) list.push(sim);
				else byImei.set(imei, [sim]);
			}
		}
		return byImei;
	}
}

/** Turns every reference into the SIM's ICCID, reading as little as possible; order is kept. */
export async function resolveSims(
	client: OneOtClient,
	refs: SimRef[],
	options: { readBatchSize: number; imeiIndex: ImeiIndex },
): Promise<Array<Outcome<ResolvedSim>>> {
	const eids = refs.filter((r) => r.by === 'eid').map((r) => r.id);
	const byEid = eids.length ? await readSims(client, 'eid', eids, options.readBatchSize) : new Map();

	// ICCIDs need nothing: no promise per item for them (a fleet is mostly ICCIDs, and 100,000 promises cost).
	const out: Array<Outcome<ResolvedSim>> = new Array(refs.length);
	const lookups: Array<Promise<void>> = [];
	refs.forEach((ref, k) => {
		if (ref.by === 'iccid') out[k] = { ok: true, value: { iccid: ref.id } };
		else if (ref.by === 'eid') out[k] = resolved(byEid.get(ref.id)!);
		else lookups.push(options.imeiIndex.lookup(ref.id).then((found) => void (out[k] = resolved(found))));
	});
	await Promise.all(lookups);
	return out;
}

function resolved(found: Outcome<Sim>): Outcome<ResolvedSim> {
	return found.ok ? { ok: true, value: { iccid: String(found.value.iccid), sim: found.value } } : found;
}
