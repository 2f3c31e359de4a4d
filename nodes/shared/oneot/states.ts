import type { SimStatus } from './types';

/**
 * The setState decision table (SPEC 3.1): from a SIM's current status and the wanted state, the one API
 * call that is needed, or none. Pure data and one function, so the table can be read and tested alone.
 */

export type TargetState = 'live' | 'suspended' | 'off';
export type StateAction = 'activate' | 'deactivate' | 'suspend' | 'resume';

export type StateDecision =
	| { kind: 'none' }
	| { kind: 'call'; action: StateAction }
	| { kind: 'wait' }
	| { kind: 'error'; message: string };

const NONE: StateDecision = { kind: 'none' };
const call = (action: StateAction): StateDecision => ({ kind: 'call', action });

const TABLE: Record<string, Record<TargetState, StateDecision>> = {
	'ON/LIVE': { live: NONE, suspended: call('suspend'), off: call('deactivate') },
	'ON/SUSPENDED': { live: call('resume'), suspended: NONE, off: call('deactivate') },
	'ON/TEST': { live: call('activate'), suspended: call('suspend'), off: call('deactivate') },
	OFF: { live: call('activate'), suspended: NONE, off: NONE },
	DELETED: {
		live: { kind: 'error', message: 'The SIM is closed (DELETED) for good and cannot go LIVE again.' },
		suspended: NONE,
		off: NONE,
	},
};

/** The secondary status a SIM shows once it has reached the target state. */
export const TARGET_SECONDARY: Record<TargetState, string> = { live: 'LIVE', suspended: 'SUSPENDED', off: 'OFF' };

/** Where each action takes a SIM. */
export const ACTION_RESULT: Record<StateAction, SimStatus> = {
	activate: { primary: 'ON', secondary: 'LIVE' },
	resume: { primary: 'ON', secondary: 'LIVE' },
	suspend: { primary: 'ON', secondary: 'SUSPENDED' },
	deactivate: { primary: 'OFF', secondary: 'OFF' },
};

export function decideState(status: SimStatus | undefined, target: TargetState): StateDecision {
	const primary = String(status?.primary ?? '').toUpperCase();
	const secondary = String(status?.secondary ?? '').toUpperCase();
	if (primary === 'PENDING') {
		// Already on its way to where we want it: nothing to do. Otherwise let it settle, then decide again.
		return secondary === TARGET_SECONDARY[target] ? NONE : { kind: 'wait' };
	}
	const row = TABLE[`${primary}/${secondary}`] ?? TABLE[primary];
	if (!row) {
		return {
			kind: 'error',
			message: `The SIM reports a status this node does not know (${primary || '?'}/${secondary || '?'}); nothing was changed.`,
		};
	}
	return row[target];
}

/** The status a SIM shows right after an accepted action, before the change settles. */
export function pendingStatus(action: StateAction): SimStatus {
	return { primary: 'PENDING', secondary: ACTION_RESULT[action].secondary };
}

export function isPending(status: SimStatus | undefined): boolean {
	return String(status?.primary ?? '').toUpperCase() === 'PENDING';
}
