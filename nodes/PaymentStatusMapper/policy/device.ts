/**
 * Per device, not per subscription: a SIM is wanted live while any subscription naming it is paid (or in grace),
 * unless a chargeback holds it. Pure: the device's record (what each subscription wants, its disputes) and the
 * options go in; the device's action and the words for it come out.
 */
import type { DeviceRecord, Want } from '../delivery/store';
import { ACTIVATE_SIM, NO_ACTION, SUSPEND_SIM } from '../reason';
import type { Action, MapperOptions } from '../types';

export interface DeviceVerdict {
	/** null: nothing known decides the device (every subscription waits, no dispute holds it) */
	action: Exclude<Action, 'none'> | null;
	/** why, as a clause about the device ("dispute dp_1 on this device is open") */
	why: string;
	/** the decision, as a clause */
	act: string;
}

/** "subscription sub_1" / "subscriptions sub_1, sub_2": the ids of the device's subscriptions, in words. */
function subscriptionsNamed(entries: Array<[string, unknown]>): string {
	return `subscription${entries.length > 1 ? 's' : ''} ${entries.map(([id]) => id).join(', ')}`;
}

/** What a subscription's own verdict wants for its device. */
export function wantOf(action: Action, billingStatus: string): Want {
	if (action === 'activate' || billingStatus === 'grace') return 'live';
	if (action === 'suspend') return 'off';
	return 'wait';
}

export function deviceVerdict(device: DeviceRecord, o: MapperOptions): DeviceVerdict {
	const live = Object.entries(device.subs).filter(([, s]) => s.w === 'live');
	const off = Object.entries(device.subs).filter(([, s]) => s.w === 'off');
	if (o.suspendOnDispute) {
		for (const [id, d] of Object.entries(device.disputes)) {
			if (d.s === 'open') return { action: 'suspend', why: `dispute ${id} on this device is open`, act: SUSPEND_SIM };
			// A lost chargeback holds the SIM until a subscription naming it is paid again after the loss.
			if (d.s === 'lost' && !live.some(([, s]) => s.t !== null && d.t !== null && s.t > d.t)) {
				return { action: 'suspend', why: `dispute ${id} on this device was lost and nothing was paid since`, act: SUSPEND_SIM };
			}
		}
	}
	if (live.length > 0) {
		return { action: 'activate', why: `${subscriptionsNamed(live)} naming this device ${live.length > 1 ? 'are' : 'is'} paid or in grace`, act: ACTIVATE_SIM };
	}
	if (off.length > 0) {
		return { action: 'suspend', why: `no subscription naming this device is paid (not ${subscriptionsNamed(off)})`, act: SUSPEND_SIM };
	}
	return { action: null, why: 'nothing known decides this device yet', act: NO_ACTION };
}
