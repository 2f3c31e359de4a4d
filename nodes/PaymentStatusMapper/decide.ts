/**
 * decide(): recognise the gateway and interpret the item (`gateways/`) → delivery guard (`delivery/`) → policy
 * (`policy/`) → Decision. Pure apart from the optional store (workflow static data) and the clock, both passed in.
 */
import {
	carriesBillingState,
	dedupeKeys,
	deviceKey,
	disputeStaleReason,
	isDisputeSignal,
	nextRecord,
	recordKey,
	staleReason,
} from './delivery/guard';
import { DeliveryStore } from './delivery/store';
import { deviceLookup, interpret } from './gateways';
import { type DeviceIds, resolveDeviceIds } from './policy/deviceId';
import { normaliseOptions } from './policy/options';
import { deviceVerdict, wantOf } from './policy/device';
import { policy, verdictClause } from './policy/verdict';
import { NO_ACTION, sentences } from './reason';
import type { Action, BillingStatus, Decision, DecisionItem, Interpretation, MapperOptions, OutputName } from './types';
import { DEFAULT_OPTIONS, ItemError } from './types';
import { isObj, maxOf, type Obj, toIso } from './values';


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
 * The gateway's own answer, read by `confirmWithGateway` (`delivery/confirm.ts`): decisions are made from it
 * instead of from the event.
 */
export interface Confirmed {
	/** the event's subscription or dispute as the gateway says it is now */
	current: Interpretation | null;
	/** subscriptions that name the same device (the current one included), as they are now */
	deviceSubscriptions: Interpretation[];
	/** true: `deviceSubscriptions` is every subscription naming the device (Stripe's list of the customer's) */
	complete: boolean;
	/** disputes on the subscription's latest payment, as they are now */
	disputes: Interpretation[];
	/** the device, when the gateway read found it (a dispute names only its charge) */
	ids: DeviceIds | null;
	/** plain words: what was read */
	read: string;
}

export interface DecideContext {
	/** workflow static data of the node (or any object); omitted: no dedupe / stale guard possible */
	staticData?: Obj | null;
	/** clock, ms since epoch */
	now?: number;
	/** the gateway's answer (confirmWithGateway) */
	confirmed?: Confirmed | null;
}

/** The device ids of the item (or of the gateway's answer), and the error if they are malformed. */
function readDevice(interp: Interpretation, json: Obj, o: MapperOptions, confirmed: Confirmed | null) {
	let ids: DeviceIds | null = null;
	let error: ItemError | null = null;
	try {
		ids = resolveDeviceIds(interp, json, o);
	} catch (e) {
		error = e instanceof ItemError ? e : new ItemError(`the device id could not be read: ${String(e)}`, 'deviceId');
	}
	if (!ids && !error && confirmed?.ids) ids = confirmed.ids;
	return { ids, error };
}

/** The key a subscription (or the custom gateway's status, which has none) has in the device's record. */
function subscriptionKey(interp: Interpretation): string | null {
	return interp.subscriptionId ?? (interp.gateway === 'custom' ? 'status' : null);
}

const DISPUTE_STATE = { dispute_opened: 'open', dispute_won: 'won', dispute_lost: 'lost' } as const;

/**
 * One item → one Decision. Throws ItemError for an unrecognisable item, an impossible time, or a missing /
 * malformed device id (with `onMissingDeviceId: "error"`); an item error leaves the store untouched.
 */
export function decide(json: unknown, partialOptions?: Partial<Record<keyof MapperOptions, unknown>> | MapperOptions, ctx: DecideContext = {}): Decision {
	const o = normaliseOptions(partialOptions as Partial<Record<keyof MapperOptions, unknown>>);
	return decideInterpreted(json as Obj, interpret(json, o), o, ctx);
}

/** Whether dedupe will drop this event: then Confirm With Gateway need not read the gateway for it. */
export function alreadyProcessed(interp: Interpretation, o: MapperOptions, staticData: Obj | null | undefined): boolean {
	if (!o.dedupe || !isObj(staticData)) return false;
	const keys = dedupeKeys(interp);
	return keys.length > 0 && DeliveryStore.for(staticData).seen(keys) !== null;
}

export function decideInterpreted(json: Obj, interp: Interpretation, o: MapperOptions, ctx: DecideContext = {}): Decision {
	const now = typeof ctx.now === 'number' ? ctx.now : Date.now();
	const confirmed = ctx.confirmed ?? null;
	const { ids, error: deviceError } = readDevice(interp, json, o, confirmed);
	const deviceId = ids ? (ids.iccid ?? ids.imei) : null;

	const useStore = (o.dedupe || o.staleGuard) && isObj(ctx.staticData);
	const store = useStore ? DeliveryStore.for(ctx.staticData as Obj) : null;
	const dKeys = dedupeKeys(interp);
	const rKey = recordKey(interp, deviceId);
	const devKey = deviceKey(interp, deviceId);
	const rec = store && rKey ? store.get(rKey) : null;
	const device = store && devKey ? store.getDevice(devKey) : { subs: {}, disputes: {} };

	// 1. delivery guard (with the gateway's answer, order does not matter: only exact repeats are dropped)
	if (store && o.dedupe && dKeys.length > 0) {
		const dup = store.seen(dKeys);
		if (dup) {
			const which = dup === dKeys[0] ? 'this event' : 'the same change to this object';
			return {
				item: build(interp, ids, 'none', 'ignored', sentences(`duplicate delivery: ${which} was already processed`, NO_ACTION)),
				output: 'none',
				dropped: true,
			};
		}
	}
	if (store && o.staleGuard && !confirmed) {
		const stale = staleReason(interp, rec) ?? disputeStaleReason(interp, device);
		if (stale) {
			store.markSeen(dKeys, now);
			return { item: build(interp, ids, 'none', 'ignored', stale), output: 'none', dropped: true };
		}
	}

	// 2. policy: what this event (or the gateway's current object) says
	const subject = confirmed?.current ?? interp;
	const verdict = policy(subject, o, now, o.staleGuard && !confirmed ? rec : null);
	let action = verdict.action;
	let billingStatus = verdict.billingStatus;
	// what the gateway said (and says now), then the decision
	const said = [interp.detail, confirmed && `the gateway says now: ${confirmed.read}`];
	let reason = sentences(...said, verdict.why, verdict.act);
	const wouldHaveBeen = `otherwise the decision would have been: ${verdictClause(verdict)}`;
	const ignored = 'ignored ("On Missing Device ID" is ignore)';

	// 3. device id
	if (deviceError) {
		if (o.onMissingDeviceId === 'ignore') {
			reason = sentences(...said, `the device id is not valid: ${deviceError.message}`, ignored, wouldHaveBeen);
			action = 'none';
			billingStatus = 'ignored';
		} else {
			throw new ItemError(deviceError.message, deviceError.field);
		}
	} else if (!ids && action !== 'none') {
		if (interp.deviceIdOptional) {
			reason = sentences(...said, `there is no device id (looked at ${deviceLookup(interp, o)}), so it is not a device payment`, NO_ACTION);
		} else if (interp.deviceNotInPayload) {
			reason = sentences(...said, interp.deviceNotInPayload, NO_ACTION, wouldHaveBeen);
		} else if (o.onMissingDeviceId === 'ignore') {
			reason = sentences(...said, `no device id found (looked at ${deviceLookup(interp, o)})`, ignored, wouldHaveBeen);
		} else {
			throw new ItemError(`no device id found: looked at ${deviceLookup(interp, o)} (${interp.eventType ?? 'item'})`, 'deviceId');
		}
		action = 'none';
		billingStatus = 'ignored';
	}

	// 4. per device: the subscriptions and disputes that name it decide together
	const subKey = subscriptionKey(subject);
	const disputeId = subject.disputeId ?? interp.disputeId ?? null;
	const isDispute = isDisputeSignal(subject.signal) && disputeId !== null;
	const isBilling = carriesBillingState(subject.signal) && subKey !== null;
	if (ids && (isBilling || isDispute || confirmed)) {
		const before = disputeId ? device.disputes[disputeId] : undefined;
		if (confirmed) {
			// the gateway's list, when it is the whole truth about the device's subscriptions, replaces the store's
			if (confirmed.complete) device.subs = {};
			for (const s of confirmed.deviceSubscriptions) {
				const v = policy(s, o, now, null);
				const key = subscriptionKey(s);
				if (key) device.subs[key] = { w: wantOf(v.action, v.billingStatus), t: s.occurredAtMs };
			}
		} else if (isBilling && subKey) {
			const prev = device.subs[subKey];
			delete device.subs[subKey];
			device.subs[subKey] = { w: wantOf(verdict.action, verdict.billingStatus), t: maxOf(prev?.t, subject.occurredAtMs) };
		}
		for (const d of confirmed?.disputes ?? []) {
			const state = DISPUTE_STATE[d.signal as keyof typeof DISPUTE_STATE];
			if (d.disputeId && state) device.disputes[d.disputeId] = { s: state, t: d.occurredAtMs };
		}
		if (isDispute && disputeId) {
			delete device.disputes[disputeId];
			const s = DISPUTE_STATE[subject.signal as keyof typeof DISPUTE_STATE];
			device.disputes[disputeId] = { s, t: confirmed ? subject.occurredAtMs : maxOf(before?.t, subject.occurredAtMs) };
		}
		const agg = deviceVerdict(device, o);
		if (agg.action && agg.action !== action) {
			// the device's other subscriptions or disputes overrule this one's decision: the reason says which
			reason = sentences(...said, verdict.why, `but ${agg.why}`, agg.act);
			action = agg.action;
			billingStatus = action === 'activate' ? 'active' : verdict.billingStatus === 'ended' ? 'ended' : 'suspended';
		} else if (!agg.action && subject.signal === 'dispute_won' && action === 'activate' && !(before && before.s !== 'won')) {
			action = 'none';
			billingStatus = 'ignored';
			reason = sentences(...said, 'there is no record that this dispute suspended the SIM', `${NO_ACTION} (the subscription events decide)`);
		}
		if (store && devKey) store.putDevice(devKey, device);
	}

	// 5. remember
	if (store) {
		if (o.dedupe) store.markSeen(dKeys, now);
		if (o.staleGuard && rKey && !confirmed) store.put(rKey, nextRecord(rec, interp));
	}

	return { item: build(interp, ids, action, billingStatus, reason), output: OUTPUT[action], dropped: false };
}

export { DEFAULT_OPTIONS, interpret, normaliseOptions };
