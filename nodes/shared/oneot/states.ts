import type { Sim, SimStatus } from './types';

/**
 * The setState decision table (SPEC 3.1): from a SIM's current status and the wanted state, the one API call that
 * is needed, or none. Both status models of 1oT's documentation are in it: the legacy one (ON/SUSPENDED) and the
 * current one (ON/ACTIVE_READY for SIMs waiting for their first activation; OFF is what the Terminal shows as
 * OFFLINE, so a SIM that is OFF is suspended as far as a payment is concerned). Pure data and small functions, so
 * the table can be read and tested alone.
 */

export type TargetState = 'live' | 'suspended' | 'off';
export type StateAction = 'activate' | 'deactivate' | 'suspend' | 'resume';
/** How this account takes a SIM offline: some accounts have no separate suspended state. */
export type SuspendWith = 'suspend' | 'deactivate';

export type StateDecision =
	| { kind: 'none' }
	| { kind: 'call'; action: StateAction }
	| { kind: 'wait' }
	| { kind: 'error'; message: string };

const NONE: StateDecision = { kind: 'none' };
const call = (action: StateAction): StateDecision => ({ kind: 'call', action });
/** Stands for the account's way to take a SIM offline (options.suspendWith). */
const OFFLINE = { kind: 'offline' } as const;

type Cell = StateDecision | typeof OFFLINE;

/** One row per settled status; a row for the primary alone covers every secondary. */
const TABLE: Record<string, Record<TargetState, Cell>> = {
	'ON/LIVE': { live: NONE, suspended: OFFLINE, off: call('deactivate') },
	'ON/SUSPENDED': { live: call('resume'), suspended: NONE, off: call('deactivate') },
	'ON/TEST': { live: call('activate'), suspended: OFFLINE, off: call('deactivate') },
	'ON/ACTIVE_READY': { live: call('activate'), suspended: OFFLINE, off: call('deactivate') },
	OFF: { live: call('activate'), suspended: NONE, off: NONE },
	DELETED: {
		live: { kind: 'error', message: 'The SIM is closed (DELETED) for good and cannot go LIVE again.' },
		suspended: NONE,
		off: NONE,
	},
};

/** The secondary statuses that mean a SIM is at (or, after PENDING, on its way to) each target. */
const REACHED_BY: Record<TargetState, string[]> = {
	live: ['LIVE'],
	// Both are OFFLINE in the Terminal: ON/SUSPENDED in the legacy model, OFF in the current one.
	suspended: ['SUSPENDED', 'OFF'],
	off: ['OFF'],
};

/** Where each action takes a SIM, in the legacy model. */
export const ACTION_RESULT: Record<StateAction, SimStatus> = {
	activate: { primary: 'ON', secondary: 'LIVE' },
	resume: { primary: 'ON', secondary: 'LIVE' },
	suspend: { primary: 'ON', secondary: 'SUSPENDED' },
	deactivate: { primary: 'OFF', secondary: 'OFF' },
};

/** The target state each action reaches. */
export const ACTION_TARGET: Record<StateAction, TargetState> = {
	activate: 'live',
	resume: 'live',
	suspend: 'suspended',
	deactivate: 'off',
};

function upper(value: unknown): string {
	return String(value ?? '').toUpperCase();
}

/** Whether a status is the target, or PENDING towards it. */
export function reaches(status: SimStatus | undefined, target: TargetState): boolean {
	const primary = upper(status?.primary);
	const secondary = upper(status?.secondary);
	if (primary === 'DELETED') return false;
	if (primary === 'OFF') return REACHED_BY[target].includes('OFF');
	return (primary === 'ON' || primary === 'PENDING') && REACHED_BY[target].includes(secondary);
}

export function decideState(
	status: SimStatus | undefined,
	target: TargetState,
	suspendWith: SuspendWith = 'suspend',
): StateDecision {
	const primary = upper(status?.primary);
	const secondary = upper(status?.secondary);
	if (primary === 'PENDING') {
		// Already on its way to where we want it: nothing to do. Otherwise let it settle, then decide again.
		return reaches(status, target) ? NONE : { kind: 'wait' };
	}
	const row = TABLE[`${primary}/${secondary}`] ?? TABLE[primary];
	if (!row) {
		return {
			kind: 'error',
			message: `The SIM reports a status this node does not know (${describeStatus(status)}); nothing was changed.`,
		};
	}
	const cell = row[target];
	return cell.kind === 'offline' ? call(suspendWith) : cell;
}

/**
 * The status a SIM shows right after an accepted action, before the change settles. `current` is the SIM's status
 * before: when it carried `state`, the account speaks the current model, where `suspend` goes OFF.
 */
export function pendingStatus(action: StateAction, current?: SimStatus): SimStatus {
	const offline = action === 'suspend' && current?.state !== undefined;
	return { primary: 'PENDING', secondary: offline ? 'OFF' : ACTION_RESULT[action].secondary };
}

export function isPending(status: SimStatus | undefined): boolean {
	return upper(status?.primary) === 'PENDING';
}

/**
 * The state names of the current model (what the Terminal's web application shows) and the status each stands
 * for, for a SIM that sends `state` without the legacy `status`.
 */
const STATE_STATUS: Record<string, SimStatus> = {
	LIVE: { primary: 'ON', secondary: 'LIVE' },
	TEST: { primary: 'ON', secondary: 'TEST' },
	ACTIVE_READY: { primary: 'ON', secondary: 'ACTIVE_READY' },
	SUSPENDED: { primary: 'ON', secondary: 'SUSPENDED' },
	OFFLINE: { primary: 'OFF', secondary: 'OFF' },
	SHIPPING: { primary: 'OFF', secondary: 'OFF' },
	'OFFLINE/SHIPPING': { primary: 'OFF', secondary: 'OFF' },
	SLEEP: { primary: 'OFF', secondary: 'OFF' },
	CLOSED: { primary: 'DELETED', secondary: 'DELETED' },
};

/**
 * A SIM's status as this node reasons about it: the legacy `status` when the API sends it (it tells PENDING apart),
 * else the one the `state` stands for; with `state` beside it when the API sends one.
 */
export function statusOf(sim: Sim): SimStatus {
	const state = typeof sim.state === 'string' && sim.state !== '' ? sim.state : undefined;
	const primary = String(sim.status?.primary ?? '');
	const secondary = String(sim.status?.secondary ?? '');
	const fromState = !primary && state ? STATE_STATUS[upper(state)] : undefined;
	const status: SimStatus = fromState ? { ...fromState } : { primary, secondary };
	if (!fromState && !primary && state) status.primary = ''; // unknown state: decideState names it
	if (state !== undefined) status.state = state;
	return status;
}

/** `ON/LIVE`, or `state LIVE`, for messages. */
export function describeStatus(status: SimStatus | undefined): string {
	const legacy = `${status?.primary || '?'}/${status?.secondary || '?'}`;
	return status?.state !== undefined ? `${legacy}, state ${status.state}` : legacy;
}
