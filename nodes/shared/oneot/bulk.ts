import type { OneOtClient } from './client';
import { OneOtApiError } from './errors';
import type { Query, Sim } from './types';

/**
 * Many SIMs per call: the API takes comma-separated ICCID lists for reads and actions. A list the API
 * rejects as a whole (one closed or unknown SIM in it) is sent again SIM by SIM, so that one bad SIM
 * fails only its own item. A list the server finds too long is halved.
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

/**
 * 414 / 431: the list made the request line longer than the server takes. The API's limit is not
 * documented (1000 ICCIDs make a query of about 21 kB; many servers stop at 8 kB), so such a list is split
 * and sent again rather than failed.
 */
function isTooLong(error: unknown): boolean {
	return error instanceof OneOtApiError && (error.statusCode === 414 || error.statusCode === 431);
}

function isListRejection(error: unknown): boolean {
	return error instanceof OneOtApiError && error.isRejection && !isTooLong(error);
}

export interface ListCall {
	/** One call for the whole list; records each SIM's result itself. */
	list(ids: string[]): Promise<void>;
	/** The same for one SIM, after its list was rejected; records its result or error itself. */
	one(id: string): Promise<void>;
	/** Records an error for every SIM of a list that failed for a reason of its own (5xx, no answer). */
	fail(ids: string[], error: Error): void;
}

/**
 * Sends the ids in chunks, with per-SIM fallback. A list the server finds too long is split, and the length
 * that works is remembered on the client for the rest of the execution. The first list of a batch goes
 * alone, the rest together (the client bounds concurrency): so only that first list pays for finding the
 * server's limit, not every list already on its way.
 */
export async function inLists(client: OneOtClient, ids: string[], chunkSize: number, call: ListCall): Promise<void> {
	const sendAll = async (parts: string[][]): Promise<void> => {
		if (parts.length === 0) return;
		await send(parts[0]);
		await Promise.all(parts.slice(1).map(send));
	};
	const send = async (part: string[]): Promise<void> => {
		if (part.length > client.listLimit) return await sendAll(chunk(part, client.listLimit));
		try {
			await call.list(part);
		} catch (error) {
			if (part.length > 1 && isTooLong(error)) {
				client.listLimit = Math.min(client.listLimit, Math.ceil(part.length / 2));
				await send(part);
			} else if (part.length > 1 && isListRejection(error)) {
				await Promise.all(part.map(async (id) => await call.one(id)));
			} else {
				call.fail(part, error);
			}
		}
	};
	await sendAll(chunk([...new Set(ids)], chunkSize));
}

/** Reads the SIMs named by `ids` (deduplicated), `chunkSize` per call. */
export async function readSims(
	client: OneOtClient,
	by: SimKey,
	ids: string[],
	chunkSize: number,
): Promise<Map<string, Outcome<Sim>>> {
	const results = new Map<string, Outcome<Sim>>();
	await inLists(client, ids, chunkSize, {
		async list(part) {
			const sims = await client.getSims(by, part);
			const byId = new Map(sims.map((sim) => [String(sim[by] ?? ''), sim]));
			for (const id of part) {
				const sim = byId.get(id);
				results.set(id, sim ? { ok: true, value: sim } : { ok: false, error: notFound(by, id) });
			}
		},
		async one(id) {
			try {
				results.set(id, { ok: true, value: await client.getSim(by, id) });
			} catch (error) {
				const missing = error instanceof OneOtApiError && error.statusCode === 404;
				results.set(id, { ok: false, error: missing ? notFound(by, id) : error });
			}
		},
		fail(part, error) {
			for (const id of part) results.set(id, { ok: false, error });
		},
	});
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
	const record = (part: string[], answer: unknown) => {
		const sims = Array.isArray(answer) ? (answer as Sim[]) : [answer as Sim];
		const byId = new Map(sims.filter((s) => s && typeof s === 'object').map((s) => [String(s[by] ?? ''), s]));
		for (const id of part) results.set(id, { ok: true, value: byId.get(id) ?? answer });
	};
	await inLists(client, ids, chunkSize, {
		async list(part) {
			record(part, await client.action(path, by, part, extra));
		},
		async one(id) {
			try {
				record([id], await client.action(path, by, [id], extra));
			} catch (error) {
				results.set(id, { ok: false, error });
			}
		},
		fail(part, error) {
			for (const id of part) results.set(id, { ok: false, error });
		},
	});
	return results;
}
