import type { AmbiguityPolicy, OneOtClient } from './client';
import { codeInfo } from './codes';
import { OneOtApiError } from './errors';
import type { Query, Sim } from './types';

/**
 * Many SIMs per call: the API takes comma-separated lists of up to 1000 SIMs for reads and actions. What comes
 * back for a list is sorted out SIM by SIM: a documented per-SIM code fails only the SIM it is about (found in the
 * API's description, else by halving the list), a list too long is split and its length learnt, and an answer that
 * may or may not have been applied is handed back as "uncertain" for the caller to settle by reading the SIMs.
 */

/** A SIM's result: its value, or its error; `uncertain` when an action on it may or may not have been applied. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error; uncertain?: boolean };

export type SimKey = 'iccid' | 'eid';

/** The API's cap on SIMs per call (1oT's documented E230). */
export const MAX_SIMS_PER_CALL = 1000;

export function chunk<T>(list: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
	return chunks;
}

export interface ListCall {
	/** One call for the whole list; records each SIM's result itself. */
	list(ids: string[]): Promise<void>;
	/** Records an error for SIMs of a list that failed (for a reason of their own, or of the call). */
	fail(ids: string[], error: Error): void;
	/** SIMs whose action may or may not have been applied (lost answer, 409). Without it they fail. */
	uncertain?(ids: string[], error: OneOtApiError): void;
}

/** The ids of `part` that the API's error names (1oT's descriptions name the SIM they are about). */
function namedIn(error: OneOtApiError, part: string[]): string[] {
	const text = `${error.description ?? ''} ${error.message}`;
	const inPart = new Set(part);
	const named = new Set<string>();
	for (const match of text.matchAll(/\d{15,32}/g)) if (inPart.has(match[0])) named.add(match[0]);
	return [...named];
}

/**
 * Sends the ids (deduplicated) in chunks of at most `chunkSize` and 1000. A list the server finds too long is split,
 * and the length that works is remembered on the client for the rest of the execution. The first list of a batch
 * goes alone, the rest together (the client bounds concurrency): so only that first list pays for finding the
 * server's limit, not every list already on its way.
 */
export async function inLists(client: OneOtClient, by: SimKey, ids: string[], chunkSize: number, call: ListCall): Promise<void> {
	const uncertain = (part: string[], error: OneOtApiError) =>
		call.uncertain ? call.uncertain(part, error) : call.fail(part, error);
	const sendAll = async (parts: string[][]): Promise<void> => {
		if (parts.length === 0) return;
		await send(parts[0]);
		await Promise.all(parts.slice(1).map(send));
	};
	const split = async (part: string[]) => {
		const half = Math.ceil(part.length / 2);
		await Promise.all([send(part.slice(0, half)), send(part.slice(half))]);
	};
	const send = async (part: string[]): Promise<void> => {
		if (part.length === 0) return;
		if (part.length > client.listLimit) return await sendAll(chunk(part, client.listLimit));
		try {
			await call.list(part);
		} catch (error) {
			if (!(error instanceof OneOtApiError)) return call.fail(part, error as Error);
			if (error.isTooLong && part.length > 1) {
				client.listLimit = Math.min(client.listLimit, Math.ceil(part.length / 2));
				return await send(part);
			}
			if (error.kind === 'ambiguous') return uncertain(part, error);
			const named = error.isConflict || error.isRejection ? namedIn(error, part) : [];
			const rest = part.filter((id) => !named.includes(id));
			if (error.isConflict) {
				// A SIM changed under us (PENDING): the caller reads it again; the others are sent again at once.
				if (named.length === 0 || rest.length === 0) return uncertain(part, error);
				uncertain(named, error);
				return await send(rest);
			}
			if (!error.isRejection) return call.fail(part, error);
			if (part.length === 1) return call.fail(part, error.forSim(by, part[0]));
			const info = codeInfo(error.errorCode);
			// A documented code about the call as a whole (a forbidden group name, …) is every SIM's error.
			if (info && !info.perSim) return call.fail(part, error);
			if (named.length > 0 && rest.length > 0) {
				for (const id of named) call.fail([id], error.forSim(by, id));
				return await send(rest);
			}
			// The answer does not say which SIM it is about: halve until it does.
			return await split(part);
		}
	};
	await sendAll(chunk([...new Set(ids)], Math.min(chunkSize, MAX_SIMS_PER_CALL)));
}

/**
 * Reads the SIMs named by `ids` (deduplicated), `chunkSize` per call. `onList` hears of each list as soon as its
 * SIMs' outcomes are in, so that a caller can act on them while the other lists are still being read.
 */
export async function readSims(
	client: OneOtClient,
	by: SimKey,
	ids: string[],
	chunkSize: number,
	onList?: (part: string[], results: Map<string, Outcome<Sim>>) => void,
): Promise<Map<string, Outcome<Sim>>> {
	const results = new Map<string, Outcome<Sim>>();
	const request = { method: 'GET' as const, path: '/get_sims' };
	await inLists(client, by, ids, chunkSize, {
		async list(part) {
			const sims = await client.getSims(by, part);
			const byId = new Map(sims.map((sim) => [String(sim[by] ?? ''), sim]));
			for (const id of part) {
				const sim = byId.get(id);
				results.set(id, sim ? { ok: true, value: sim } : { ok: false, error: OneOtApiError.simNotFound(request, by, id) });
			}
			onList?.(part, results);
		},
		fail(part, error) {
			for (const id of part) results.set(id, { ok: false, error });
			onList?.(part, results);
		},
	});
	return results;
}

/**
 * Sends `PUT path?iccid=a,b,c` per chunk. The value of each SIM's outcome is the SIM object when the API answered
 * SIM objects, else the API's answer as it came (`OK` for text answers). With `ambiguity: 'settle'`, SIMs whose
 * answer was lost come back `uncertain`: the caller reads them to know.
 */
export async function applyAction(
	client: OneOtClient,
	path: string,
	by: SimKey,
	ids: string[],
	chunkSize: number,
	extra: Query = {},
	ambiguity: AmbiguityPolicy = 'settle',
): Promise<Map<string, Outcome<unknown>>> {
	const results = new Map<string, Outcome<unknown>>();
	await inLists(client, by, ids, chunkSize, {
		async list(part) {
			const answer = await client.action(path, by, part, extra, ambiguity);
			const sims = Array.isArray(answer) ? (answer as Sim[]) : [answer as Sim];
			const byId = new Map(sims.filter((s) => s && typeof s === 'object').map((s) => [String(s[by] ?? ''), s]));
			for (const id of part) results.set(id, { ok: true, value: byId.get(id) ?? answer });
		},
		fail(part, error) {
			for (const id of part) results.set(id, { ok: false, error });
		},
		uncertain(part, error) {
			for (const id of part) results.set(id, { ok: false, error: error.forSim(by, id), uncertain: true });
		},
	});
	return results;
}
