import { sleep } from 'n8n-workflow';

import { applyAction, readSims, type Outcome } from './bulk';
import type { OneOtClient } from './client';
import {
	decideState,
	isPending,
	pendingStatus,
	type StateAction,
	type TargetState,
} from './states';
import type { Sim, SimStatus } from './types';

export interface SetStateOptions {
	/** SIMs per action call. */
	batchSize: number;
	/** SIMs per status read (the API lists at most 1000 per page). */
	readBatchSize: number;
	/** Poll until the SIMs that changed leave PENDING. */
	waitForCompletion: boolean;
	/** How long to wait for PENDING to settle, whether before deciding or after acting. */
	completionTimeoutMs: number;
	/** First pause between polls of PENDING SIMs; it doubles up to 5 s. */
	pollIntervalMs?: number;
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
	state: TargetState;
}

/**
 * Brings every SIM to its wanted state with as few calls as the API allows: the statuses of all SIMs
 * are read in lists, each SIM gets the one call the decision table names (or none), and SIMs that need
 * the same call share it. Requests keep their order: when one SIM appears several times with different
 * states, each later request starts from where the earlier one left the SIM.
 */
export async function setStates(
	client: OneOtClient,
	requests: StateRequest[],
	options: SetStateOptions,
): Promise<Array<Outcome<StateChange>>> {
	const outcomes: Array<Outcome<StateChange> | undefined> = new Array(requests.length);
	const rounds = planRounds(requests);

	for (const round of rounds) {
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
 * Splits requests into rounds in which each SIM appears once. A repeat of the same state as the SIM's
 * previous request needs no round of its own: it is answered from that request's outcome.
 */
function planRounds(requests: StateRequest[]): number[][] {
	const rounds: number[][] = [];
	const seen = new Map<string, { round: number; state: TargetState }>();
	requests.forEach((request, index) => {
		const previous = seen.get(request.iccid);
		if (previous && previous.state === request.state) return;
		const round = previous ? previous.round + 1 : 0;
		(rounds[round] ??= []).push(index);
		seen.set(request.iccid, { round, state: request.state });
	});
	return rounds;
}

/**
 * Answers each repeated request from the outcome of the SIM's request before it, which planRounds made sure
 * asked for the same state. A request whose round has not run yet stays open, and so do its repeats.
 */
function fillRepeats(requests: StateRequest[], outcomes: Array<Outcome<StateChange> | undefined>): void {
	const last = new Map<string, { state: TargetState; outcome: Outcome<StateChange> | undefined }>();
	requests.forEach((request, index) => {
		const before = last.get(request.iccid);
		if (outcomes[index] === undefined && before?.state === request.state && before.outcome) {
			const done = before.outcome;
			outcomes[index] = done.ok
				? { ok: true, value: { ...done.value, action: null, changed: false, previousStatus: done.value.status } }
				: done;
		}
		if (before?.state !== request.state) last.set(request.iccid, { state: request.state, outcome: outcomes[index] });
	});
}

async function runRound(
	client: OneOtClient,
	requests: StateRequest[],
	options: SetStateOptions,
): Promise<Array<Outcome<StateChange>>> {
	const deadline = Date.now() + options.completionTimeoutMs;
	const iccids = requests.map((r) => r.iccid);
	const sims = await readSims(client, 'iccid', iccids, options.readBatchSize);
	const results: Array<Outcome<StateChange> | undefined> = new Array(requests.length);
	const previous = new Map<string, SimStatus>();

	// Decide; SIMs on their way elsewhere are re-read until they settle or the time is up.
	let undecided = requests.map((_, k) => k);
	const calls = new Map<StateAction, number[]>();
	for (let pause = options.pollIntervalMs ?? 500; ; pause = Math.min(pause * 2, 5000)) {
		const waiting: number[] = [];
		for (const k of undecided) {
			const { iccid, state } = requests[k];
			const read = sims.get(iccid) as Outcome<Sim>;
			if (!read.ok) {
				results[k] = read;
				continue;
			}
			const status = statusOf(read.value);
			if (!previous.has(iccid)) previous.set(iccid, status);
			const decision = decideState(status, state);
			if (decision.kind === 'error') results[k] = { ok: false, error: new Error(decision.message) };
			else if (decision.kind === 'wait') waiting.push(k);
			else if (decision.kind === 'none') results[k] = change(requests[k], null, previous.get(iccid)!, status);
			else (calls.get(decision.action) ?? calls.set(decision.action, []).get(decision.action)!).push(k);
		}
		if (waiting.length === 0) break;
		if (Date.now() + pause > deadline) {
			for (const k of waiting) {
				const status = statusOf((sims.get(requests[k].iccid) as { value: Sim }).value);
				results[k] = {
					ok: false,
					error: new Error(
						`The SIM stayed ${status.primary}/${status.secondary} for ${Math.round(options.completionTimeoutMs / 1000)} s; raise "Completion Timeout" or try again later. Nothing was changed.`,
					),
				};
			}
			break;
		}
		await sleep(pause);
		const reread = await readSims(
			client,
			'iccid',
			waiting.map((k) => requests[k].iccid),
			options.readBatchSize,
		);
		for (const [iccid, outcome] of reread) sims.set(iccid, outcome);
		undecided = waiting;
	}

	// Act: one call per chunk of SIMs that need the same action.
	const acted: number[] = [];
	await Promise.all(
		[...calls].map(async ([action, ks]) => {
			const answers = await applyAction(
				client,
				`/${action}`,
				'iccid',
				ks.map((k) => requests[k].iccid),
				options.batchSize,
			);
			for (const k of ks) {
				const { iccid } = requests[k];
				const answer = answers.get(iccid)!;
				if (!answer.ok) results[k] = answer;
				else {
					results[k] = change(requests[k], action, previous.get(iccid)!, pendingStatus(action));
					acted.push(k);
				}
			}
		}),
	);

	if (options.waitForCompletion && acted.length > 0) {
		await waitUntilSettled(client, requests, acted, results, deadline, options);
	}
	return results as Array<Outcome<StateChange>>;
}

async function waitUntilSettled(
	client: OneOtClient,
	requests: StateRequest[],
	acted: number[],
	results: Array<Outcome<StateChange> | undefined>,
	deadline: number,
	options: SetStateOptions,
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
 * Re-reads SIMs that were just changed until none is PENDING or the deadline is near: each SIM's settled
 * status, its read error, or null when it was still PENDING at the deadline.
 */
export async function settle(
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
			const read = reads.get(iccid)!;
			const status = read.ok ? statusOf(read.value) : null;
			if (status && isPending(status)) still.push(iccid);
			else settled.set(iccid, status ? { ok: true, value: status } : (read as Outcome<SimStatus>));
		}
		pending = still;
	}
	for (const iccid of pending) settled.set(iccid, null);
	return settled;
}

/** The item error of a SIM that was changed but had not settled when "Completion Timeout" ran out. */
export function stillPending(action: string, timeoutMs: number): Error {
	return new Error(
		`The SIM was asked to ${action} but was still PENDING after ${Math.round(timeoutMs / 1000)} s ("Completion Timeout").`,
	);
}

function change(
	request: StateRequest,
	action: StateAction | null,
	previousStatus: SimStatus,
	status: SimStatus,
): Outcome<StateChange> {
	return {
		ok: true,
		value: { iccid: request.iccid, state: request.state, action, changed: action !== null, previousStatus, status },
	};
}

export function statusOf(sim: Sim): SimStatus {
	return {
		primary: String(sim.status?.primary ?? ''),
		secondary: String(sim.status?.secondary ?? ''),
	};
}
