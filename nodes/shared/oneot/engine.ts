import { sleep } from 'n8n-workflow';

import { applyAction, readSims, type Outcome } from './bulk';
import type { OneOtClient } from './client';
import { OneOtApiError } from './errors';
import {
	ACTION_TARGET,
	decideState,
	describeStatus,
	isPending,
	pendingStatus,
	reaches,
	statusOf,
	type StateAction,
	type StateDecision,
	type SuspendWith,
	type TargetState,
} from './states';
import type { Sim, SimStatus } from './types';

/**
 * The one read → act → settle engine every state change uses (setState, and activate / deactivate / suspend /
 * resume sent as asked). It reads the SIMs in lists, decides each SIM's call, sends SIMs that need the same call
 * together, and never takes an answer it cannot trust for a result: an action whose answer was lost (no answer, 5xx,
 * a garbled body) or refused with 409 is settled by reading the SIM again, and the item reports what the SIM's
 * status says; only a SIM still short of its target is sent again, a bounded number of times.
 */

export interface EngineOptions {
	/** SIMs per action call (at most 1000, the API's cap). */
	batchSize: number;
	/** SIMs per status read (the API lists at most 1000 per page). */
	readBatchSize: number;
	/** Poll until the SIMs that changed leave PENDING. */
	waitForCompletion: boolean;
	/** How long to wait for PENDING to settle, whether before deciding or after acting. */
	completionTimeoutMs: number;
	/** First pause between polls of PENDING SIMs; it doubles up to 5 s. */
	pollIntervalMs?: number;
	/** How setState takes a SIM offline. */
	suspendWith?: SuspendWith;
	/** How often a SIM whose action was lost and that is still short of its target is sent the action again. */
	maxResends?: number;
}

export interface StateChange {
	iccid: string;
	state: TargetState;
	action: StateAction | null;
	changed: boolean;
	previousStatus: SimStatus;
	status: SimStatus;
}

export interface StateRequest {
	iccid: string;
	/** Where the SIM must end up (setState). */
	state: TargetState;
	/** An action sent as asked (activate, …), whatever the status; its target is `state`. */
	action?: StateAction;
}

/** A request for an action sent as asked. */
export function actionRequest(iccid: string, action: StateAction): StateRequest {
	return { iccid, state: ACTION_TARGET[action], action };
}

/**
 * Brings every SIM to its wanted state with as few calls as the API allows. Requests keep their order: when one
 * SIM appears several times with different states, each later request starts from where the earlier one left it.
 */
export async function changeStates(
	client: OneOtClient,
	requests: StateRequest[],
	options: EngineOptions,
): Promise<Array<Outcome<StateChange>>> {
	const outcomes: Array<Outcome<StateChange> | undefined> = new Array(requests.length);
	for (const round of planRounds(requests)) {
		const changes = await runRound(
			client,
			round.map((index) => requests[index]),
			options,
		);
		round.forEach((index, k) => (outcomes[index] = changes[k]));
		fillRepeats(requests, outcomes);
	}
	return outcomes as Array<Outcome<StateChange>>;
}

/**
 * Splits requests into rounds in which each SIM appears once. A repeat of the same request as the SIM's previous
 * one needs no round of its own: it is answered from that request's outcome.
 */
function planRounds(requests: StateRequest[]): number[][] {
	const rounds: number[][] = [];
	const seen = new Map<string, { round: number; request: StateRequest }>();
	for (let index = 0; index < requests.length; index++) {
		const request = requests[index];
		const previous = seen.get(request.iccid);
		if (previous && sameAsk(previous.request, request)) continue;
		const round = previous ? previous.round + 1 : 0;
		(rounds[round] ??= []).push(index);
		seen.set(request.iccid, { round, request });
	}
	return rounds;
}

function sameAsk(a: StateRequest, b: StateRequest): boolean {
	return a.state === b.state && a.action === b.action;
}

/**
 * Answers each repeated request from the outcome of the SIM's request before it, which planRounds made sure asked
 * for the same. A request whose round has not run yet stays open, and so do its repeats.
 */
function fillRepeats(requests: StateRequest[], outcomes: Array<Outcome<StateChange> | undefined>): void {
	const last = new Map<string, { request: StateRequest; outcome: Outcome<StateChange> | undefined }>();
	for (let index = 0; index < requests.length; index++) {
		const request = requests[index];
		const before = last.get(request.iccid);
		const same = before !== undefined && sameAsk(before.request, request);
		if (outcomes[index] === undefined && same && before.outcome) {
			const done = before.outcome;
			outcomes[index] = done.ok
				? { ok: true, value: { ...done.value, action: null, changed: false, previousStatus: done.value.status } }
				: done;
		}
		if (!same) last.set(request.iccid, { request, outcome: outcomes[index] });
	}
}

/** The call a request needs now, given the SIM's status and the action already sent for it (if any). */
function decide(request: StateRequest, status: SimStatus, sent: StateAction | undefined, suspendWith: SuspendWith): StateDecision {
	if (!request.action) return decideState(status, request.state, suspendWith);
	if (sent === undefined) return { kind: 'call', action: request.action };
	// An action sent as asked whose answer was lost: done if the SIM is there or on its way.
	if (reaches(status, request.state)) return { kind: 'none' };
	return isPending(status) ? { kind: 'wait' } : { kind: 'call', action: request.action };
}

async function runRound(client: OneOtClient, requests: StateRequest[], options: EngineOptions): Promise<Array<Outcome<StateChange>>> {
	const deadline = Date.now() + options.completionTimeoutMs;
	const maxResends = options.maxResends ?? 5;
	const suspendWith = options.suspendWith ?? 'suspend';
	const results: Array<Outcome<StateChange> | undefined> = new Array(requests.length);
	// Per request, by its index: a round names each SIM once, so these are the SIM's too. Arrays, not maps: a round
	// may hold 100,000 SIMs, and every list read touches each of its SIMs' entries.
	/** The status the SIM was first read in. */
	const previous: Array<SimStatus | undefined> = new Array(requests.length);
	/** The action sent for a request, accepted or maybe applied. */
	const sent: Array<StateAction | undefined> = new Array(requests.length);
	/** Why a request's last action is in doubt, and how many times it was sent so far. */
	const doubt: Array<Error | undefined> = new Array(requests.length);
	const tries = new Uint16Array(requests.length);
	const readMisses = new Uint16Array(requests.length);
	/** Within a round each SIM appears once (planRounds). */
	const indexOf = new Map(requests.map((request, k) => [request.iccid, k]));

	let open = requests.map((_, k) => k);
	let final = false;
	for (let pause = options.pollIntervalMs ?? 500; ; pause = Math.min(pause * 2, 5000)) {
		const waiting: number[] = [];
		const again: number[] = [];
		const before: Array<SimStatus | undefined> = new Array(requests.length);
		const queues = new Map<StateAction, number[]>();
		const acting: Array<Promise<void>> = [];

		/** One call for SIMs that need the same action; each answer settles its item or puts it in doubt. */
		const act = async (action: StateAction, ks: number[]) => {
			const answers = await applyAction(
				client,
				`/${action}`,
				'iccid',
				ks.map((k) => requests[k].iccid),
				options.batchSize,
			);
			for (const k of ks) {
				const answer = answers.get(requests[k].iccid)!;
				tries[k]++;
				if (answer.ok) {
					sent[k] = action;
					doubt[k] = undefined;
					results[k] = change(requests[k], action, previous[k]!, pendingStatus(action, before[k]));
				} else if (answer.uncertain) {
					sent[k] = action;
					doubt[k] = answer.error;
					again.push(k);
				} else {
					results[k] = answer;
				}
			}
		};
		// A full list is sent as soon as it is decided, while the other lists are still being read.
		const enqueue = (action: StateAction, k: number) => {
			const queue = queues.get(action) ?? [];
			queue.push(k);
			if (queue.length < options.batchSize) queues.set(action, queue);
			else {
				queues.delete(action);
				acting.push(act(action, queue));
			}
		};
		const decideRead = (k: number, got: Outcome<Sim>) => {
			if (!got.ok) {
				// A SIM in doubt is read again later rather than reported unknown: only its status can settle it.
				const misses = ++readMisses[k];
				const inDoubt = doubt[k];
				if (inDoubt && !final && misses <= maxResends && !isRefusal(got.error)) waiting.push(k);
				else results[k] = inDoubt ? { ok: false, error: unsettled(inDoubt, `reading the SIM failed too: ${got.error.message}`) } : got;
				return;
			}
			const status = statusOf(got.value);
			previous[k] ??= status;
			const decision = decide(requests[k], status, sent[k], suspendWith);
			if (decision.kind === 'none') {
				results[k] = change(requests[k], sent[k] ?? null, previous[k]!, status);
			} else if (decision.kind === 'error') {
				results[k] = { ok: false, error: new Error(decision.message) };
			} else if (decision.kind === 'wait') {
				if (final) results[k] = { ok: false, error: stayed(status, options.completionTimeoutMs) };
				else waiting.push(k);
			} else if (doubt[k] && (final || tries[k] > maxResends)) {
				const after = tries[k] > 1 ? `after ${tries[k]} attempts ` : '';
				results[k] = { ok: false, error: unsettled(doubt[k]!, `${after}the SIM's status says ${describeStatus(status)}`) };
			} else {
				before[k] = status;
				enqueue(decision.action, k);
			}
		};

		// Read, deciding each list as it comes in; then send what is left in the queues.
		await readSims(
			client,
			'iccid',
			open.map((k) => requests[k].iccid),
			options.readBatchSize,
			(part, reads) => {
				for (const iccid of part) decideRead(indexOf.get(iccid)!, reads.get(iccid)!);
			},
		);
		for (const [action, ks] of queues) acting.push(act(action, ks));
		await Promise.all(acting);
		if (final) {
			for (const k of again) results[k] = { ok: false, error: unsettled(doubt[k]!, 'there was no time left to read the SIM again') };
			break;
		}

		open = [...waiting, ...again];
		if (open.length === 0) break;
		if (Date.now() + pause > deadline) {
			// Time is up: one last read, to report what the SIMs' statuses say; nothing more is sent.
			final = true;
		} else if (waiting.length > 0) {
			// SIMs in doubt are read again at once; SIMs that are PENDING are given time to settle.
			await sleep(pause);
		}
	}

	if (options.waitForCompletion) {
		const acted = requests.flatMap((_, k) => {
			const result = results[k];
			return result?.ok && result.value.changed && isPending(result.value.status) ? [k] : [];
		});
		if (acted.length > 0) await waitUntilSettled(client, requests, acted, results, deadline, options);
	}
	return results as Array<Outcome<StateChange>>;
}

async function waitUntilSettled(
	client: OneOtClient,
	requests: StateRequest[],
	acted: number[],
	results: Array<Outcome<StateChange> | undefined>,
	deadline: number,
	options: EngineOptions,
): Promise<void> {
	const settled = await settle(
		client,
		acted.map((k) => requests[k].iccid),
		deadline,
		options,
	);
	for (const k of acted) {
		const change = (results[k] as { value: StateChange }).value;
		const outcome = settled.get(requests[k].iccid)!;
		if (outcome === null) results[k] = { ok: false, error: stillPending(change.action!, options.completionTimeoutMs) };
		else if (!outcome.ok) results[k] = outcome;
		else change.status = outcome.value;
	}
}

/**
 * Re-reads SIMs that were just changed until none is PENDING or the deadline is near: each SIM's settled status,
 * its read error, or null when it was still PENDING at the deadline.
 */
async function settle(
	client: OneOtClient,
	iccids: string[],
	deadline: number,
	options: { readBatchSize: number; pollIntervalMs?: number },
): Promise<Map<string, Outcome<SimStatus> | null>> {
	const settled = new Map<string, Outcome<SimStatus> | null>();
	let pending = [...new Set(iccids)];
	for (let pause = options.pollIntervalMs ?? 500; pending.length > 0; pause = Math.min(pause * 2, 5000)) {
		if (Date.now() + pause > deadline) break;
		await sleep(pause);
		const reads = await readSims(client, 'iccid', pending, options.readBatchSize);
		const still: string[] = [];
		for (const iccid of pending) {
			const got = reads.get(iccid)!;
			const status = got.ok ? statusOf(got.value) : null;
			if (status && isPending(status)) still.push(iccid);
			else settled.set(iccid, status ? { ok: true, value: status } : (got as Outcome<SimStatus>));
		}
		pending = still;
	}
	for (const iccid of pending) settled.set(iccid, null);
	return settled;
}

/** The item error of a SIM that was changed but had not settled when "Completion Timeout" ran out. */
function stillPending(action: string, timeoutMs: number): Error {
	return new Error(
		`The SIM was asked to ${action} but was still PENDING after ${Math.round(timeoutMs / 1000)} s ("Completion Timeout").`,
	);
}

function stayed(status: SimStatus, timeoutMs: number): Error {
	return new Error(
		`The SIM stayed ${describeStatus(status)} for ${Math.round(timeoutMs / 1000)} s; raise "Completion Timeout" or try again later. Nothing was changed.`,
	);
}

/** An action whose answer was lost, and the SIM, read again, is not where it should be. */
function unsettled(doubt: Error, now: string): Error {
	const message = `${doubt.message}; ${now}.`;
	return doubt instanceof OneOtApiError ? new OneOtApiError(message, doubt.request, doubt) : new Error(message);
}

function isRefusal(error: Error): boolean {
	return error instanceof OneOtApiError && error.kind === 'credential';
}

function change(request: StateRequest, action: StateAction | null, previousStatus: SimStatus, status: SimStatus): Outcome<StateChange> {
	return {
		ok: true,
		value: { iccid: request.iccid, state: request.state, action, changed: action !== null, previousStatus, status },
	};
}
