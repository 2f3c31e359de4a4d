/**
 * The decision: what a gateway's signal means for the SIM under the node's options. Pure: the interpretation, the
 * options, the clock and what the store remembers go in; an action, a billing status and the words for the reason
 * come out.
 */
import type { SubRecord } from '../delivery/store';
import type { Action, BillingStatus, Interpretation, MapperOptions } from '../types';
import { ACTIVATE_SIM, NO_ACTION, SUSPEND_SIM } from '../reason';
import { day } from '../values';

const DAY_MS = 86_400_000;

export interface Verdict {
	action: Action;
	billingStatus: BillingStatus;
	/** why, when the gateway's words alone do not say it (an option, a date), as a clause; null: they do */
	why: string | null;
	/** the decision, as a clause ("activate the SIM") */
	act: string;
}

const verdict = (action: Action, billingStatus: BillingStatus, act: string, why: string | null = null): Verdict => ({ action, billingStatus, why, act });

/** The verdict as one clause ("why, so act"), for a reason that says what the decision would have been. */
export function verdictClause(v: Verdict): string {
	return v.why ? `${v.why}, so ${v.act}` : v.act;
}

/** What this one event or object says for the SIM, before the device's other subscriptions and disputes are weighed. */
export function policy(interp: Interpretation, o: MapperOptions, now: number, sub: SubRecord | null): Verdict {
	switch (interp.signal) {
		case 'active':
			return verdict('activate', 'active', ACTIVATE_SIM);
		case 'trialing':
			return o.trialingIsActive
				? verdict('activate', 'active', ACTIVATE_SIM, 'a trial counts as active ("Trialing Is Active" is on)')
				: verdict('none', 'pending', 'no action until the first payment', 'a trial does not count as active ("Trialing Is Active" is off)');
		case 'collection_paused':
			return o.pauseCollectionSuspends
				? verdict('suspend', 'suspended', SUSPEND_SIM, '"Pause Collection Suspends" is on')
				: verdict('activate', 'active', ACTIVATE_SIM, 'the subscription counts as active while collection is paused ("Pause Collection Suspends" is off)');
		case 'past_due': {
			if (o.pastDuePolicy === 'suspend') {
				return verdict('suspend', 'suspended', 'suspend the SIM at the first failed renewal', '"Past Due Policy" is suspend');
			}
			if (o.graceDays <= 0) return verdict('suspend', 'suspended', SUSPEND_SIM, '"Grace Days" is 0');
			const pt = interp.paidThroughMs ?? sub?.pt ?? null;
			if (pt !== null) {
				const end = pt + o.graceDays * DAY_MS;
				if (end < now) {
					return verdict('suspend', 'suspended', SUSPEND_SIM, `the ${o.graceDays}-day grace after the paid period (${day(pt)}) ended on ${day(end)}`);
				}
				return verdict('activate', 'grace', `in grace until ${day(end)} (paid through ${day(pt)} + ${o.graceDays} days), so the SIM stays live`);
			}
			return verdict('activate', 'grace', 'in grace, so the SIM stays live until the gateway gives up (unpaid, canceled or paused)');
		}
		case 'action_required':
			return verdict('none', 'grace', NO_ACTION, 'that alone is not a reason to suspend');
		case 'unpaid':
		case 'paused':
			return verdict('suspend', 'suspended', SUSPEND_SIM);
		case 'canceled':
		case 'expired': {
			const pt = interp.paidThroughMs;
			if (o.honourPaidPeriodOnCancel && pt !== null && pt > now) {
				return verdict(
					'none',
					'ended',
					'no action until then (run the reconcile workflow or check again after that date to suspend the SIM)',
					`the paid period runs until ${day(pt)} ("Honour Paid Period On Cancel" is on)`,
				);
			}
			return verdict('suspend', 'ended', SUSPEND_SIM);
		}
		case 'expired_unpaid':
			return verdict('suspend', 'ended', SUSPEND_SIM);
		case 'pending':
			return verdict('none', 'pending', 'no action until it is paid');
		case 'dispute_opened':
			return o.suspendOnDispute
				? verdict('suspend', 'suspended', SUSPEND_SIM, '"Suspend On Dispute" is on')
				: verdict('none', 'ignored', NO_ACTION, '"Suspend On Dispute" is off');
		case 'dispute_won':
			return verdict('activate', 'active', ACTIVATE_SIM, 'the dispute no longer holds the SIM');
		case 'dispute_lost':
			return o.suspendOnDispute
				? verdict('suspend', 'suspended', 'suspend the SIM until a later payment', 'a lost dispute holds the SIM ("Suspend On Dispute" is on)')
				: verdict('none', 'ignored', NO_ACTION, '"Suspend On Dispute" is off');
		case 'info':
		default:
			return verdict('none', 'ignored', NO_ACTION);
	}
}
