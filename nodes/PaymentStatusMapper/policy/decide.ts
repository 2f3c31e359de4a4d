/**
 * decide(): auto-detect the gateway → interpret the event or object → delivery guard → policy options → Decision.
 * Pure apart from the optional store (workflow static data) and the clock, both passed in.
 */
import { interpretBraintree, isBraintreeNotification, isBraintreeSubscription, looksLikeRawBraintreeWebhook } from './braintree';
import { interpretCustom } from './custom';
import { DeliveryStore, dedupeKeys, deviceKey, nextRecord, recordKey, staleReason, type SubRecord } from './delivery';
import { type DeviceIds, lookedAt, resolveDeviceIds } from './deviceId';
import { findStripePayload, interpretStripe } from './stripe';
import type { Action, BillingStatus, Decision, DecisionItem, Interpretation, MapperOptions, OutputName } from './types';
import { DEFAULT_OPTIONS, ItemError } from './types';
import { day, isObj, type Obj, toIso } from './util';

const DAY_MS = 86_400_000;

export interface DecideContext {
	/** workflow static data of the node (or any object); omitted: no dedupe / stale guard possible */
	staticData?: Obj | null;
	/** clock, ms since epoch */
	now?: number;
}

/** Fills defaults and coerces option types (parameters may come from expressions). */
export function normaliseOptions(partial: Partial<Record<keyof MapperOptions, unknown>> | null | undefined): MapperOptions {
	const o: MapperOptions = { ...DEFAULT_OPTIONS };
	const p = isObj(partial) ? (partial as Obj) : {};
	const bool = (k: keyof MapperOptions) => {
		if (typeof p[k] === 'boolean') (o as unknown as Obj)[k] = p[k];
	};
	const text = (k: keyof MapperOptions) => {
		if (typeof p[k] === 'string') (o as unknown as Obj)[k] = p[k];
	};
	if (p.gateway === 'auto' || p.gateway === 'stripe' || p.gateway === 'braintree' || p.gateway === 'custom') o.gateway = p.gateway;
	if (p.pastDuePolicy === 'grace' || p.pastDuePolicy === 'suspend') o.pastDuePolicy = p.pastDuePolicy;
	if (p.onMissingDeviceId === 'error' || p.onMissingDeviceId === 'ignore') o.onMissingDeviceId = p.onMissingDeviceId;
	const g = typeof p.graceDays === 'string' && p.graceDays.trim() !== '' ? Number(p.graceDays) : p.graceDays;
	if (typeof g === 'number' && Number.isFinite(g) && g >= 0) o.graceDays = g;
	(['trialingIsActive', 'suspendOnDispute', 'honourPaidPeriodOnCancel', 'pauseCollectionSuspends', 'dedupe', 'staleGuard'] as const).forEach(bool);
	(['deviceIdKeys', 'deviceIdField', 'statusField', 'activeValues', 'suspendValues', 'eventIdField'] as const).forEach(text);
	return o;
}

/** Recognise the gateway and interpret the item. Throws ItemError for an unrecognisable input. */
export function interpret(json: unknown, options: MapperOptions): Interpretation {
	if (!isObj(json)) throw new ItemError('the item is not an object, so it is not a payment event');
	const gateway = options.gateway;
	if (gateway === 'custom') return interpretCustom(json, options);
	if (gateway === 'stripe' || gateway === 'auto') {
		const stripe = findStripePayload(json);
		if (stripe) return interpretStripe(stripe);
		if (gateway === 'stripe') {
			throw new ItemError('not a Stripe event or object: expected an Event (object "event", also inside "body") or a Subscription, Invoice, Checkout Session, PaymentIntent, Charge or Dispute object');
		}
	}
	const body = isObj(json.body) ? json.body : null;
	for (const candidate of [json, body]) {
		if (candidate && (isBraintreeNotification(candidate) || isBraintreeSubscription(candidate))) return interpretBraintree(candidate as Obj);
	}
	if (looksLikeRawBraintreeWebhook(json)) {
		throw new ItemError('this is a raw Braintree webhook (bt_signature, bt_payload): use the Braintree Trigger node, which verifies and parses it');
	}
	if (gateway === 'braintree') {
		throw new ItemError('not a Braintree notification (kind, timestamp, subscription/dispute) or subscription object (id, status, paidThroughDate)');
	}
	throw new ItemError(
		'not a recognised payment event: expected a Stripe event, subscription or invoice, or a Braintree notification or subscription; choose the gateway "Custom" to map any other payload',
	);
}

interface Verdict {
	action: Action;
	billingStatus: BillingStatus;
	text: string;
}

function policy(interp: Interpretation, o: MapperOptions, now: number, sub: SubRecord | null, dev: SubRecord | null): Verdict {
	switch (interp.signal) {
		case 'active':
			return { action: 'activate', billingStatus: 'active', text: 'paid: activate' };
		case 'trialing':
			return o.trialingIsActive
				? { action: 'activate', billingStatus: 'active', text: 'a trial counts as active: activate' }
				: { action: 'none', billingStatus: 'pending', text: 'trials are not active ("Trialing Is Active" is off): no action until the first payment' };
		case 'collection_paused':
			return o.pauseCollectionSuspends
				? { action: 'suspend', billingStatus: 'suspended', text: 'payment collection is paused ("Pause Collection Suspends" is on): suspend' }
				: { action: 'activate', billingStatus: 'active', text: 'the status stays active while collection is paused ("Pause Collection Suspends" is off): activate' };
		case 'past_due': {
			if (o.pastDuePolicy === 'suspend') {
				return { action: 'suspend', billingStatus: 'suspended', text: '"Past Due Policy" is suspend: suspend at the first failed renewal' };
			}
			if (o.graceDays <= 0) return { action: 'suspend', billingStatus: 'suspended', text: '"Grace Days" is 0: suspend' };
			const pt = interp.paidThroughMs ?? sub?.pt ?? null;
			if (pt !== null) {
				const end = pt + o.graceDays * DAY_MS;
				if (end < now) {
					return { action: 'suspend', billingStatus: 'suspended', text: `the ${o.graceDays}-day grace after the paid period (${day(pt)}) ended on ${day(end)}: suspend` };
				}
				return { action: 'none', billingStatus: 'grace', text: `in grace until ${day(end)} (paid through ${day(pt)} + ${o.graceDays} days) while the gateway retries: no action` };
			}
			return { action: 'none', billingStatus: 'grace', text: 'grace while the gateway retries (the SIM is suspended when it gives up: unpaid, canceled or paused): no action' };
		}
		case 'action_required':
			return { action: 'none', billingStatus: 'grace', text: 'the customer is asked to confirm the payment; not a reason to suspend by itself: no action' };
		case 'unpaid':
			return { action: 'suspend', billingStatus: 'suspended', text: 'the gateway gave up collecting: suspend' };
		case 'paused':
			return { action: 'suspend', billingStatus: 'suspended', text: 'billing is paused: suspend' };
		case 'canceled':
		case 'expired': {
			const pt = interp.paidThroughMs;
			if (o.honourPaidPeriodOnCancel && pt !== null && pt > now) {
				return {
					action: 'none',
					billingStatus: 'ended',
					text: `the paid period runs until ${toIso(pt)} ("Honour Paid Period On Cancel" is on): no action now; suspend after that date (run the reconcile workflow or re-check then)`,
				};
			}
			return { action: 'suspend', billingStatus: 'ended', text: 'the subscription has ended: suspend' };
		}
		case 'expired_unpaid':
			return { action: 'none', billingStatus: 'ended', text: 'it was never paid, so the SIM was never activated: no action' };
		case 'pending':
			return { action: 'none', billingStatus: 'pending', text: 'not paid yet: no action' };
		case 'dispute_opened':
			return o.suspendOnDispute
				? { action: 'suspend', billingStatus: 'suspended', text: 'a payment is disputed ("Suspend On Dispute" is on): suspend' }
				: { action: 'none', billingStatus: 'ignored', text: '"Suspend On Dispute" is off: no action' };
		case 'dispute_won':
			if (dev?.dis && !dev.oth) return { action: 'activate', billingStatus: 'active', text: 'the SIM was suspended only because of this dispute: activate' };
			return {
				action: 'none',
				billingStatus: 'ignored',
				text: dev?.dis
					? 'the SIM is also suspended for another reason: no action'
					: 'no record that the SIM was suspended because of the dispute: no action (the subscription events decide)',
			};
		case 'dispute_lost':
			return o.suspendOnDispute
				? { action: 'none', billingStatus: 'suspended', text: 'the SIM stays suspended: no action' }
				: { action: 'none', billingStatus: 'ignored', text: 'no action' };
		case 'info':
		default:
			return { action: 'none', billingStatus: 'ignored', text: 'no action' };
	}
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
			reason = `${interp.detail}; no device id (looked at ${lookedAt(interp, o)}), so it is not a device payment: no action`;
		} else if (o.onMissingDeviceId === 'ignore') {
			reason = `${interp.detail}; no device id found (looked at ${lookedAt(interp, o)}); ignored ("On Missing Device ID" is ignore), would have been: ${verdict.text}`;
		} else {
			throw new ItemError(`no device id found: looked at ${lookedAt(interp, o)} (${interp.eventType ?? 'item'})`, 'deviceId');
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

export { DEFAULT_OPTIONS };
