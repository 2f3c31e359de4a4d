/**
 * decide(): recognise the gateway and interpret the item (`gateways/`) → delivery guard (`delivery/`) → policy
 * (`policy/`) → Decision. Pure apart from the optional store (workflow static data) and the clock, both passed in.
 */
import { dedupeKeys, deviceKey, nextRecord, recordKey, staleReason } from './delivery/guard';
import { DeliveryStore, type SubRecord } from './delivery/store';
import { deviceLookup, interpret } from './gateways';
import { type DeviceIds, resolveDeviceIds } from './policy/deviceId';
import { normaliseOptions } from './policy/options';
import { policy } from './policy/verdict';
import type { Action, BillingStatus, Decision, DecisionItem, Interpretation, MapperOptions, OutputName } from './types';
import { DEFAULT_OPTIONS, ItemError } from './types';
import { isObj, type Obj, toIso } from './values';

export interface DecideContext {
	/** workflow static data of the node (or any object); omitted: no dedupe / stale guard possible */
	staticData?: Obj | null;
	/** clock, ms since epoch */
	now?: number;
}

const OUTPUT: Record<Action, OutputName> = { activate: 'activate', suspend: 'suspend', none: 'none' };

function build(interp: Interpretation, ids: DeviceIds | null, action: Action, billingStatus: BillingStatus, reason: string): DecisionItem {
	return {
		action,
		desiredState: action === 'activate' ? 'live' : action === 'suspend' ? 'suspended' : null,
		iccid: ids?.iccid ?? null,
		imei: ids?.imei ?? null,
		gateway: interp.gateway,
		eventId: interp.eventId,
		eventType: interp.eventType,
		subscriptionId: interp.subscriptionId,
		customerId: interp.customerId,
		billingStatus,
		reason,
		paidThrough: toIso(interp.paidThroughMs),
		occurredAt: toIso(interp.occurredAtMs),
		livemode: interp.livemode,
	};
}

/**
 * One item → one Decision. Throws ItemError for an unrecognisable item or a missing / malformed device id (with
 * `onMissingDeviceId: "error"`).
 */
export function decide(json: unknown, partialOptions?: Partial<Record<keyof MapperOptions, unknown>> | MapperOptions, ctx: DecideContext = {}): Decision {
	const o = normaliseOptions(partialOptions as Partial<Record<keyof MapperOptions, unknown>>);
	const now = typeof ctx.now === 'number' ? ctx.now : Date.now();
	const interp = interpret(json, o);

	let ids: DeviceIds | null = null;
	let deviceError: ItemError | null = null;
	try {
		ids = resolveDeviceIds(interp, json as Obj, o);
	} catch (e) {
		deviceError = e instanceof ItemError ? e : new ItemError(`the device id could not be read: ${String(e)}`, 'deviceId');
	}
	const deviceId = ids ? (ids.iccid ?? ids.imei) : null;

	const useStore = (o.dedupe || o.staleGuard) && isObj(ctx.staticData);
	const store = useStore ? DeliveryStore.for(ctx.staticData as Obj) : null;
	const dKeys = dedupeKeys(interp);
	const rKey = recordKey(interp, deviceId);
	const devKey = deviceKey(interp, deviceId);
	const rec = store && rKey ? store.get(rKey) : null;
	const devRec = store && devKey ? store.get(devKey) : null;

	// 1. delivery guard
	if (store && o.dedupe && dKeys.length > 0) {
		const dup = store.seen(dKeys);
		if (dup) {
			const which = dup === dKeys[0] ? `event ${interp.eventId}` : `"${interp.eventType}" for the same object`;
			return {
				item: build(interp, ids, 'none', 'ignored', `duplicate delivery: ${which} was already processed (dedupe)`),
				output: 'none',
				dropped: true,
			};
		}
	}
	if (store && o.staleGuard) {
		const stale = staleReason(interp, rec);
		if (stale) {
			store.markSeen(dKeys, now);
			return { item: build(interp, ids, 'none', 'ignored', stale), output: 'none', dropped: true };
		}
	}

	// 2. policy
	const verdict = policy(interp, o, now, o.staleGuard ? rec : null, devRec);
	let action = verdict.action;
	let billingStatus = verdict.billingStatus;
	let reason = `${interp.detail}; ${verdict.text}`;

	// 3. device id
	if (deviceError) {
		if (o.onMissingDeviceId === 'ignore') {
			reason = `${interp.detail}; the device id is not valid: ${deviceError.message}; ignored ("On Missing Device ID" is ignore), would have been: ${verdict.text}`;
			action = 'none';
			billingStatus = 'ignored';
		} else {
			throw new ItemError(deviceError.message, deviceError.field);
		}
	} else if (!ids && action !== 'none') {
		if (interp.deviceIdOptional) {
			reason = `${interp.detail}; no device id (looked at ${deviceLookup(interp, o)}), so it is not a device payment: no action`;
		} else if (o.onMissingDeviceId === 'ignore') {
			reason = `${interp.detail}; no device id found (looked at ${deviceLookup(interp, o)}); ignored ("On Missing Device ID" is ignore), would have been: ${verdict.text}`;
		} else {
			throw new ItemError(`no device id found: looked at ${deviceLookup(interp, o)} (${interp.eventType ?? 'item'})`, 'deviceId');
		}
		action = 'none';
		billingStatus = 'ignored';
	}

	// 4. remember
	if (store) {
		if (o.dedupe) store.markSeen(dKeys, now);
		if (o.staleGuard && rKey) store.put(rKey, nextRecord(rec, interp));
		if (devKey && action !== 'none') {
			const d: SubRecord = devRec ?? { t: null, pt: null, term: null };
			if (interp.signal === 'dispute_opened') d.dis = true;
			else if (interp.signal === 'dispute_won') d.dis = false;
			else if (action === 'suspend') d.oth = true;
			else if (action === 'activate') d.oth = false;
			store.put(devKey, d);
		} else if (devKey && devRec && interp.signal === 'dispute_won') {
			store.put(devKey, { ...devRec, dis: false });
		}
	}

	return { item: build(interp, ids, action, billingStatus, reason), output: OUTPUT[action], dropped: false };
}

export { DEFAULT_OPTIONS, interpret, normaliseOptions };
