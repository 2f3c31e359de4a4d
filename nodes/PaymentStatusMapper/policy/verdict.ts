/**
 * The decision: what a gateway's signal means for the SIM under the node's options. Pure: the interpretation, the
 * options, the clock and what the store remembers go in; an action, a billing status and the words for the reason
 * come out.
 */
import type { SubRecord } from '../delivery/store';
import type { Action, BillingStatus, Interpretation, MapperOptions } from '../types';
import { day } from '../values';

const DAY_MS = 86_400_000;

export interface Verdict {
	action: Action;
	billingStatus: BillingStatus;
	text: string;
}

/** What this one event or object says for the SIM, before the device's other subscriptions and disputes are weighed. */
export function policy(interp: Interpretation, o: MapperOptions, now: number, sub: SubRecord | null): Verdict {
	switch (interp.signal) {
		case 'active':
			return { action: 'activate', billingStatus: 'active', text: 'paid: activate the SIM' };
		case 'trialing':
			return o.trialingIsActive
				? { action: 'activate', billingStatus: 'active', text: 'a trial counts as active: activate the SIM' }
				: { action: 'none', billingStatus: 'pending', text: 'trials are not active ("Trialing Is Active" is off): no action until the first payment' };
		case 'collection_paused':
			return o.pauseCollectionSuspends
				? { action: 'suspend', billingStatus: 'suspended', text: 'payment collection is paused ("Pause Collection Suspends" is on): suspend the SIM' }
				: { action: 'activate', billingStatus: 'active', text: 'the status stays active while collection is paused ("Pause Collection Suspends" is off): activate the SIM' };
		case 'past_due': {
			if (o.pastDuePolicy === 'suspend') {
				return { action: 'suspend', billingStatus: 'suspended', text: '"Past Due Policy" is suspend: suspend the SIM at the first failed renewal' };
			}
			if (o.graceDays <= 0) return { action: 'suspend', billingStatus: 'suspended', text: '"Grace Days" is 0: suspend the SIM' };
			const pt = interp.paidThroughMs ?? sub?.pt ?? null;
			if (pt !== null) {
				const end = pt + o.graceDays * DAY_MS;
				if (end < now) {
					return { action: 'suspend', billingStatus: 'suspended', text: `the ${o.graceDays}-day grace after the paid period (${day(pt)}) ended on ${day(end)}: suspend the SIM` };
				}
				return { action: 'activate', billingStatus: 'grace', text: `in grace until ${day(end)} (paid through ${day(pt)} + ${o.graceDays} days) while the gateway retries: the SIM stays live` };
			}
			return { action: 'activate', billingStatus: 'grace', text: 'grace while the gateway retries (the SIM is suspended when it gives up: unpaid, canceled or paused): the SIM stays live' };
		}
		case 'action_required':
			return { action: 'none', billingStatus: 'grace', text: 'the customer is asked to confirm the payment; not a reason to suspend by itself: no action' };
		case 'unpaid':
			return { action: 'suspend', billingStatus: 'suspended', text: 'the gateway gave up collecting: suspend the SIM' };
		case 'paused':
			return { action: 'suspend', billingStatus: 'suspended', text: 'billing is paused: suspend the SIM' };
		case 'canceled':
		case 'expired': {
			const pt = interp.paidThroughMs;
			if (o.honourPaidPeriodOnCancel && pt !== null && pt > now) {
				return {
					action: 'none',
					billingStatus: 'ended',
					text: `the paid period runs until ${day(pt)} ("Honour Paid Period On Cancel" is on): no action now; suspend after that date (run the reconcile workflow or re-check then)`,
				};
			}
			return { action: 'suspend', billingStatus: 'ended', text: 'the subscription has ended: suspend the SIM' };
		}
		case 'expired_unpaid':
			return { action: 'suspend', billingStatus: 'ended', text: 'the first payment never succeeded and the subscription expired: suspend the SIM' };
		case 'pending':
			return { action: 'none', billingStatus: 'pending', text: 'not paid yet: no action' };
		case 'dispute_opened':
			return o.suspendOnDispute
				? { action: 'suspend', billingStatus: 'suspended', text: 'a payment is disputed ("Suspend On Dispute" is on): suspend the SIM' }
				: { action: 'none', billingStatus: 'ignored', text: '"Suspend On Dispute" is off: no action' };
		case 'dispute_won':
			return { action: 'activate', billingStatus: 'active', text: 'the dispute is resolved in the merchant\'s favour: it no longer holds the SIM' };
		case 'dispute_lost':
			return o.suspendOnDispute
				? { action: 'suspend', billingStatus: 'suspended', text: 'the dispute was lost: the SIM stays suspended until a later payment' }
				: { action: 'none', billingStatus: 'ignored', text: '"Suspend On Dispute" is off: no action' };
		case 'info':
		default:
			return { action: 'none', billingStatus: 'ignored', text: 'no action' };
	}
}
