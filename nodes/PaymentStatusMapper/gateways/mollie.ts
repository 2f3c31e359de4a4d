/**
 * Mollie: a subscription or payment object as Mollie's API returns it (@mollie/api-client `SubscriptionData`,
 * `PaymentData`: `resource`, `id`, `status`, `metadata`, `customerId`, `subscriptionId`), and Mollie's webhook,
 * which carries only the payment's id (`id=tr_…`, a form post): that one says nothing until the object is read with
 * Confirm With Gateway. Subscription statuses `pending | active | canceled | suspended | completed`; payment statuses
 * `open | canceled | pending | authorized | expired | failed | paid`. The device id is in the subscription's (or
 * payment's) `metadata`.
 */
import { type DeviceIdSource, type Interpretation, ItemError, type Signal } from '../types';
import { type GatewayParser, payloadIn, type Reading } from './parser';
import { dateToMs, day, isObj, type Obj, str } from '../values';

export const isMollieSubscription = (v: unknown): boolean =>
	isObj(v) && v.resource === 'subscription' && typeof v.id === 'string' && v.id.startsWith('sub_') && typeof v.customerId === 'string';

export const isMolliePayment = (v: unknown): boolean => isObj(v) && v.resource === 'payment' && typeof v.id === 'string' && v.id.startsWith('tr_');

/** Mollie's webhook: only `id` (a payment's, `tr_…`), as a form post parsed by a Webhook node or as the item. */
export function isMollieWebhook(v: unknown): boolean {
	if (!isObj(v) || typeof v.id !== 'string' || !/^tr_[A-Za-z0-9]+$/.test(v.id)) return false;
	return Object.keys(v).every((k) => k === 'id' || k === 'testByMollie');
}


function fromSubscription(sub: Obj): Reading {
	const status = str(sub.status) ?? 'unknown';
	const next = dateToMs(sub.nextPaymentDate);
	switch (status) {
		case 'active':
			return { signal: 'active', detail: `the subscription is active, next payment on ${day(next)}`, paidThroughMs: next, failedPeriodStartMs: null };
		case 'pending':
			return { signal: 'pending', detail: 'the subscription is pending: its mandate is not valid yet', paidThroughMs: null, failedPeriodStartMs: null };
		case 'suspended':
			// Mollie suspends a subscription whose payments keep failing or whose mandate became invalid.
			return { signal: 'unpaid', detail: 'the subscription is suspended: Mollie stopped charging it', paidThroughMs: null, failedPeriodStartMs: null };
		case 'canceled':
			return { signal: 'canceled', detail: 'the subscription is canceled: it has ended', paidThroughMs: null, failedPeriodStartMs: null };
		case 'completed':
			return { signal: 'expired', detail: 'the subscription is completed: its payments are all made', paidThroughMs: null, failedPeriodStartMs: null };
		default:
			return { signal: 'info', detail: `the subscription status "${status}" is not a known Mollie status`, paidThroughMs: null, failedPeriodStartMs: null };
	}
}

function fromPayment(p: Obj): Reading {
	const status = str(p.status) ?? 'unknown';
	const recurring = str(p.subscriptionId) !== null;
	const what = `payment ${str(p.id)} is "${status}"`;
	switch (status) {
		case 'paid':
			return recurring
				? { signal: 'active', detail: `${what}: the subscription's payment was made`, paidThroughMs: null, failedPeriodStartMs: null }
				: { signal: 'active', detail: `${what}: a one-off payment was made`, paidThroughMs: null, failedPeriodStartMs: null, deviceIdOptional: true };
		case 'failed':
		case 'expired':
		case 'canceled': {
			const at = dateToMs(p.failedAt) ?? dateToMs(p.expiredAt) ?? dateToMs(p.canceledAt) ?? dateToMs(p.createdAt);
			return recurring
				? { signal: 'past_due', detail: `${what}: the subscription's payment did not go through`, paidThroughMs: at, failedPeriodStartMs: null }
				: { signal: 'info', detail: `${what}: a one-off payment did not go through`, paidThroughMs: null, failedPeriodStartMs: null };
		}
		default:
			return { signal: 'info', detail: `${what}: not settled yet`, paidThroughMs: null, failedPeriodStartMs: null };
	}
}

export function interpretMollie(o: Obj): Interpretation {
	const isSub = isMollieSubscription(o);
	const part = isMollieWebhook(o)
		? { signal: 'info' as Signal, detail: `Mollie's webhook names payment ${o.id as string} and nothing else`, paidThroughMs: null, failedPeriodStartMs: null }
		: isSub
			? fromSubscription(o)
			: fromPayment(o);
	const sources: DeviceIdSource[] = [{ where: 'metadata', metadata: o.metadata }];
	if (typeof o.metadata === 'string') sources.push({ where: 'metadata', value: o.metadata, valueKind: 'tagged' });
	return {
		gateway: 'mollie',
		eventId: null,
		eventType: isSub ? 'subscription' : 'payment',
		subscriptionId: isSub ? str(o.id) : str(o.subscriptionId),
		objectId: str(o.id),
		customerId: str(o.customerId),
		secondaryKey: null,
		signal: part.signal,
		detail: part.detail,
		occurredAtMs: dateToMs(o.canceledAt) ?? dateToMs(o.paidAt) ?? dateToMs(o.failedAt) ?? dateToMs(o.createdAt),
		paidThroughMs: part.paidThroughMs,
		failedPeriodStartMs: part.failedPeriodStartMs,
		livemode: o.mode === 'live' ? true : o.mode === 'test' ? false : null,
		deviceSources: sources,
		deviceIdOptional: part.deviceIdOptional,
		bareObject: true,
	};
}

export const mollie: GatewayParser = {
	name: 'mollie',
	displayName: 'Mollie',
	description: 'Mollie webhook (payment id; needs Confirm With Gateway), payment or subscription',
	recognise: (json) => payloadIn(json, isMollieSubscription, isMolliePayment, isMollieWebhook),
	interpret(payload, options) {
		if (isMollieWebhook(payload) && !options.confirmWithGateway) {
			throw new ItemError(
				`Mollie's webhook names only payment ${String(payload.id)}: turn on "Confirm With Gateway" (with a Mollie API credential) so that the mapper reads the payment and its subscription`,
				'id',
			);
		}
		return interpretMollie(payload);
	},
	notRecognised: 'not a Mollie webhook (id=tr_…), payment (resource "payment") or subscription (resource "subscription")',
	deviceLookup: (_interp, options) => `the subscription's metadata, keys ${options.deviceIdKeys}`,
};
