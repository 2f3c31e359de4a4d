import type { OneOtClient } from './client';
import { OneOtApiError } from './errors';
import type { Query, Sim } from './types';

/**
 * Many SIMs per call: the API takes comma-separated ICCID lists for reads and actions. A list the API
 * rejects as a whole (one closed or unknown SIM in it) is sent again SIM by SIM, so that one bad SIM
 * fails only its own item.
 */

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error };

export type SimKey = 'iccid' | 'eid';

export function chunk<T>(list: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
	return chunks;
}

export function notFound(by: SimKey, id: string): Error {
	return new Error(`No SIM with ${by === 'iccid' ? 'ICCID' : 'EID'} ${id} in this 1oT account.`);
}

/** Reads the SIMs named by `ids` (deduplicated), `chunkSize` per call. */
export async function readSims(
	client: OneOtClient,
	by: SimKey,
	ids: string[],
	chunkSize: number,
): Promise<Map<string, Outcome<Sim>>> {
	const results = new Map<string, Outcome<Sim>>();
	const unique = [...new Set(ids)];

	await Promise.all(
		chunk(unique, chunkSize).map(async (part) => {
			try {
				const sims = await client.getSims(by, part);
				const byId = new Map(sims.map((sim) => [String(sim[by] ?? ''), sim]));
				for (const id of part) {
					const sim = byId.get(id);
					results.set(id, sim ? { ok: true, value: sim } : { ok: false, error: notFound(by, id) });
				}
			} catch (error) {
				if (!(error instanceof OneOtApiError && error.isRejection && part.length > 1)) {
					for (const id of part) results.set(id, { ok: false, error });
					return;
				}
				await Promise.all(
					part.map(async (id) => {
						try {
							results.set(id, { ok: true, value: await client.getSim(by, id) });
						} catch (itemError) {
							const missing = itemError instanceof OneOtApiError && itemError.statusCode === 404;
							results.set(id, { ok: false, error: missing ? notFound(by, id) : itemError });
						}
					}),
				);
			}
		}),
	);
	return results;
}

/**
 * Sends `PUT path?iccid=a,b,c` per chunk. The value of each SIM's outcome is the SIM object when the API
 * answered SIM objects, else the API's answer as it came (`OK` for text answers).
 */
export async function applyAction(
	client: OneOtClient,
	path: string,
	by: SimKey,
	ids: string[],
	chunkSize: number,
	extra: Query = {},
): Promise<Map<string, Outcome<unknown>>> {
	const results = new Map<string, Outcome<unknown>>();
	const unique = [...new Set(ids)];

	const record = (part: string[], answer: unknown) => {
		const sims = Array.isArray(answer) ? (answer as Sim[]) : [answer as Sim];
		const byId = new Map(sims.filter((s) => s && typeof s === 'object').map((s) => [String(s[by] ?? ''), s]));
		for (const id of part) results.set(id, { ok: true, value: byId.get(id) ?? answer });
	};

	await Promise.all(
		chunk(unique, chunkSize).map(async (part) => {
			try {
				record(part, await client.action(path, by, part, extra));
			} catch (error) {
				if (!(error instanceof OneOtApiError && error.isRejection && part.length > 1)) {
					for (const id of part) results.set(id, { ok: false, error });
					return;
				}
				await Promise.all(
					part.map(async (id) => {
						try {
							record([id], await client.action(path, by, [id], extra));
						} catch (itemError) {
							results.set(id, { ok: false, error: itemError });
						}
					}),
				);
			}
		}),
	);
	return results;
}
