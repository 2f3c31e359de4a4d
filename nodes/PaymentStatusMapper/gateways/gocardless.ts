/**
 * GoCardless: one event as the Payment Webhook Trigger emits it (GoCardless batches events; the trigger makes one
 * item of each): `id`, `created_at`, `resource_type`, `action`, `links`, `details` (`cause`, `will_attempt_retry`),
 * `resource_metadata`. Shapes: gocardless-nodejs `Event`. GoCardless events carry no status, so the action decides:
 * a Direct Debit subscription is active from its creation (payments are collected days later, and a failure
 * arrives as `payments.failed`). Mandate events decide nothing: when a mandate ends, GoCardless cancels its
 * subscriptions and says so (`subscriptions.cancelled`, cause `mandate_cancelled`). The device id is in the
 * resource's metadata (`resource_metadata`).
 */
import type { Interpretation, Signal } from '../types';
import { type GatewayParser, payloadIn } from './parser';
import { dateToMs, getPath, isObj, type Obj, str } from '../values';

const RESOURCE_TYPES = new Set(['subscriptions', 'payments', 'mandates', 'refunds', 'payouts', 'customers', 'instalment_schedules', 'billing_requests', 'creditors']);

export function isGoCardlessEvent(v: unknown): v is Obj {
	return isObj(v) && typeof v.id === 'string' && /^EV/.test(v.id) && typeof v.resource_type === 'string' && RESOURCE_TYPES.has(v.resource_type) && typeof v.action === 'string' && isObj(v.links);
}

const SUBSCRIPTION_ACTIONS: Record<string, { signal: Signal; words: string }> = {
	created: { signal: 'active', words: 'the Direct Debit subscription was set up' },
	customer_approval_granted: { signal: 'active', words: 'the customer approved the subscription' },
	resumed: { signal: 'active', words: 'the subscription was resumed' },
	payment_created: { signal: 'info', words: 'a payment was scheduled' },
	amended: { signal: 'info', words: 'the amount or schedule changed' },
	scheduled_pause: { signal: 'info', words: 'a pause is scheduled' },
	scheduled_resume: { signal: 'info', words: 'a resume is scheduled' },
	pause_cancelled: { signal: 'info', words: 'a scheduled pause was cancelled' },
	resume_cancelled: { signal: 'info', words: 'a scheduled resume was cancelled' },
	paused: { signal: 'paused', words: 'the subscription is paused and collects nothing' },
	customer_approval_denied: { signal: 'canceled', words: 'the customer refused the subscription' },
	cancelled: { signal: 'canceled', words: 'the subscription was cancelled' },
	finished: { signal: 'expired', words: 'the subscription collected its last payment' },
};

function fromPayment(action: string, e: Obj): { signal: Signal; words: string } {
	switch (action) {
		case 'confirmed':
		case 'paid_out':
			return { signal: 'active', words: 'the payment was collected' };
		case 'failed':
		case 'late_failure_settled':
			return getPath(e, 'details.will_attempt_retry') === true
				? { signal: 'past_due', words: 'the payment failed and GoCardless will retry it' }
				: { signal: 'unpaid', words: 'the payment failed and GoCardless will not retry it' };
		case 'resubmission_requested':
			return { signal: 'past_due', words: 'the failed payment is being retried' };
		case 'charged_back':
			return { signal: 'dispute_opened', words: 'the customer charged the payment back' };
		case 'chargeback_cancelled':
			return { signal: 'dispute_won', words: 'the chargeback was cancelled' };
		case 'chargeback_settled':
			return { signal: 'dispute_lost', words: 'the chargeback was settled' };
		default:
			return { signal: 'info', words: `GoCardless sends this payment event (${action.replace(/_/g, ' ')}) as a notice only` };
	}
}

export function interpretGoCardless(e: Obj): Interpretation {
	const resourceType = e.resource_type as string;
	const action = e.action as string;
	const type = `${resourceType}.${action}`;
	let part: { signal: Signal; words: string };
	if (resourceType === 'subscriptions') part = SUBSCRIPTION_ACTIONS[action] ?? { signal: 'info', words: `GoCardless sends this subscription event (${action.replace(/_/g, ' ')}) as a notice only` };
	else if (resourceType === 'payments') part = fromPayment(action, e);
	else if (resourceType === 'mandates') part = { signal: 'info', words: "a mandate changed. The subscription's own events decide" };
	else part = { signal: 'info', words: `this GoCardless ${resourceType.replace(/_/g, ' ')} event is not used for SIM decisions` };
	const cause = str(getPath(e, 'details.cause'));
	const at = dateToMs(e.created_at);
	const failure = part.signal === 'past_due' || part.signal === 'unpaid';
	return {
		gateway: 'gocardless',
		eventId: e.id as string,
		eventType: type,
		subscriptionId: str(getPath(e, 'links.subscription')),
		customerId: str(getPath(e, 'links.customer')),
		// a chargeback is the payment's: remembered and ordered per payment
		disputeId: part.signal.startsWith('dispute_') ? str(getPath(e, 'links.payment')) : null,
		secondaryKey: null,
		signal: part.signal,
		detail: `${part.words}${cause && cause !== action ? ` (${cause.replace(/_/g, ' ')})` : ''}`,
		occurredAtMs: at,
		paidThroughMs: failure ? at : null,
		failedPeriodStartMs: null,
		livemode: null,
		deviceSources: [
			{ where: 'resource_metadata', metadata: e.resource_metadata },
			{ where: 'metadata', metadata: e.metadata },
		],
		bareObject: false,
	};
}

export const gocardless: GatewayParser = {
	name: 'gocardless',
	displayName: 'GoCardless',
	description: 'GoCardless event (Payment Webhook Trigger: one item per event)',
	recognise: (json) => payloadIn(json, isGoCardlessEvent),
	interpret: (payload) => interpretGoCardless(payload),
	notRecognised: 'not a GoCardless event (EV…, resource_type, action, links); a whole webhook body ({ events: [...] }) must be split first: the Payment Webhook Trigger does it',
	misdelivered: (json) => {
		const body = isObj(json.body) ? json.body : json;
		return Array.isArray(body.events) && body.events.some(isGoCardlessEvent)
			? 'this is a whole GoCardless webhook (several events): use the Payment Webhook Trigger, which verifies it and makes one item per event'
			: null;
	},
	deviceLookup: (_interp, options) => `the resource's metadata (resource_metadata), keys ${options.deviceIdKeys}`,
};
