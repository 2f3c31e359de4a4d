/**
 * Per device, not per subscription: a SIM is wanted live while any subscription naming it is paid (or in grace),
 * unless a chargeback holds it. Pure: the device's record (what each subscription wants, its disputes) and the
 * options go in; the device's action and the words for it come out.
 */
import type { DeviceRecord, Want } from '../delivery/store';
import type { Action, MapperOptions } from '../types';

export interface DeviceVerdict {
	/** null: nothing known decides the device (every subscription waits, no dispute holds it) */
	action: Exclude<Action, 'none'> | null;
	text: string;
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
			if (d.s === 'open') return { action: 'suspend', text: `dispute ${id} on this device is open: suspend` };
			// A lost chargeback holds the SIM until a subscription naming it is paid again after the loss.
			if (d.s === 'lost' && !live.some(([, s]) => s.t !== null && d.t !== null && s.t > d.t)) {
				return { action: 'suspend', text: `dispute ${id} on this device was lost and nothing was paid since: suspend` };
			}
		}
	}
	if (live.length > 0) return { action: 'activate', text: `subscription ${live.map(([id]) => id).join(', ')} naming this device is paid or in grace: activate` };
	if (off.length > 0) return { action: 'suspend', text: `no subscription naming this device is paid (${off.map(([id]) => id).join(', ')} not): suspend` };
	return { action: null, text: 'nothing known decides this device yet' };
}
