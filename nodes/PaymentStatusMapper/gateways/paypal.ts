/**
 * PayPal Subscriptions: a webhook event as n8n's PayPal Trigger emits it (`id` WH-…, `event_type`
 * BILLING.SUBSCRIPTION.* / PAYMENT.SALE.*, `create_time`, `resource`) or a bare subscription
 * (`GET /v1/billing/subscriptions/{id}`). Shapes and statuses: @paypal/paypal-server-sdk's `Subscription` model
 * (`APPROVAL_PENDING | APPROVED | ACTIVE | SUSPENDED | CANCELLED | EXPIRED`, `billing_info`, `custom_id`). The device
 * id is the subscription's `custom_id` (`iccid-<digits>`, `imei-<digits>` or digits); a sale's is read from its
 * `custom` (or `custom_id`) field.
 */
import type { DeviceIdSource, Interpretation } from '../types';
import { type GatewayParser, payloadIn, type Reading } from './parser';
import { dateToMs, day, getPath, isObj, type Obj, str } from '../values';

const STATUSES = new Set(['APPROVAL_PENDING', 'APPROVED', 'ACTIVE', 'SUSPENDED', 'CANCELLED', 'EXPIRED']);

export function isPayPalEvent(v: unknown): v is Obj {
	return isObj(v) && typeof v.id === 'string' && typeof v.event_type === 'string' && /^[A-Z]+(\.[A-Z_-]+)+$/.test(v.event_type) && isObj(v.resource);
}

export function isPayPalSubscription(v: unknown): v is Obj {
	return isObj(v) && typeof v.id === 'string' && v.id.startsWith('I-') && typeof v.status === 'string' && STATUSES.has(v.status) && typeof v.plan_id === 'string';
}


function fromSubscription(sub: Obj): Reading {
	const status = str(sub.status) ?? 'unknown';
	const next = dateToMs(getPath(sub, 'billing_info.next_billing_time'));
	switch (status) {
		case 'ACTIVE': {
			const failed = Number(getPath(sub, 'billing_info.failed_payments_count') ?? 0);
			if (failed > 0) {
				const at = dateToMs(getPath(sub, 'billing_info.last_failed_payment.time')) ?? next;
				return { signal: 'past_due', detail: `the subscription is ACTIVE with ${failed} failed payment${failed === 1 ? '' : 's'} and PayPal is retrying`, paidThroughMs: at, failedPeriodStartMs: at };
			}
			return { signal: 'active', detail: `the subscription is ACTIVE, next billing on ${day(next)}`, paidThroughMs: next, failedPeriodStartMs: null };
		}
		case 'APPROVAL_PENDING':
		case 'APPROVED':
			return { signal: 'pending', detail: `the subscription is ${status} and not paid yet`, paidThroughMs: null, failedPeriodStartMs: null };
		case 'SUSPENDED':
			// PayPal suspends when the merchant does or when failed payments reach the plan's threshold: no billing.
			return { signal: 'paused', detail: 'the subscription is SUSPENDED and PayPal no longer bills it', paidThroughMs: null, failedPeriodStartMs: null };
		case 'CANCELLED':
			return { signal: 'canceled', detail: 'the subscription is CANCELLED: it has ended', paidThroughMs: next, failedPeriodStartMs: null };
		case 'EXPIRED':
			return { signal: 'expired', detail: 'the subscription is EXPIRED: its billing cycles are over', paidThroughMs: null, failedPeriodStartMs: null };
		default:
			return { signal: 'info', detail: `the subscription status ${status} is not a known PayPal status`, paidThroughMs: null, failedPeriodStartMs: null };
	}
}

function fromEvent(type: string, resource: Obj): Reading {
	if (type === 'BILLING.SUBSCRIPTION.PAYMENT.FAILED') {
		const at = dateToMs(getPath(resource, 'billing_info.last_failed_payment.time')) ?? dateToMs(getPath(resource, 'billing_info.next_billing_time'));
		return { signal: 'past_due', detail: 'a renewal payment failed and PayPal is retrying', paidThroughMs: at, failedPeriodStartMs: at };
	}
	if (type.startsWith('BILLING.SUBSCRIPTION.')) return fromSubscription(resource);
	switch (type) {
		case 'PAYMENT.SALE.COMPLETED':
			return { signal: 'active', detail: 'a payment on the subscription was made', paidThroughMs: null, failedPeriodStartMs: null };
		case 'PAYMENT.SALE.REVERSED':
			return { signal: 'dispute_opened', detail: 'the payment was reversed (a chargeback)', paidThroughMs: null, failedPeriodStartMs: null };
		case 'PAYMENT.SALE.REFUNDED':
			return { signal: 'info', detail: 'a payment was refunded. A refund does not end the subscription', paidThroughMs: null, failedPeriodStartMs: null };
		default:
			return { signal: 'info', detail: 'this PayPal event is not used for SIM decisions', paidThroughMs: null, failedPeriodStartMs: null };
	}
}

export function interpretPayPal(payload: Obj): Interpretation {
	const isEvent = isPayPalEvent(payload);
	const resource = isEvent ? (payload.resource as Obj) : payload;
	const type = isEvent ? (payload.event_type as string) : 'subscription';
	const part = isEvent ? fromEvent(type, resource) : fromSubscription(resource);
	const isSale = type.startsWith('PAYMENT.SALE.');
	const at = isEvent ? 'resource.' : '';
	const sources: DeviceIdSource[] = isSale
		? [{ where: `${at}custom`, value: resource.custom ?? resource.custom_id, valueKind: 'tagged' }]
		: [{ where: `${at}custom_id`, value: resource.custom_id, valueKind: 'tagged' }];
	return {
		gateway: 'paypal',
		eventId: isEvent ? (payload.id as string) : null,
		eventType: type,
		subscriptionId: isSale ? str(resource.billing_agreement_id) : str(resource.id),
		customerId: str(getPath(resource, 'subscriber.payer_id')),
		// a reversal is the sale's: remembered and ordered per sale
		disputeId: part.signal.startsWith('dispute_') ? str(resource.id) : null,
		secondaryKey: null,
		signal: part.signal,
		detail: part.detail,
		occurredAtMs: isEvent ? dateToMs(payload.create_time) : (dateToMs(resource.status_update_time) ?? dateToMs(resource.update_time)),
		paidThroughMs: part.paidThroughMs,
		failedPeriodStartMs: part.failedPeriodStartMs,
		livemode: null,
		deviceSources: sources,
		bareObject: !isEvent,
	};
}

export const paypal: GatewayParser = {
	name: 'paypal',
	displayName: 'PayPal',
	description: 'PayPal subscription event (PayPal Trigger) or subscription',
	recognise: (json) => payloadIn(json, isPayPalEvent, isPayPalSubscription),
	interpret: (payload) => interpretPayPal(payload),
	notRecognised: 'not a PayPal webhook event (id, event_type, resource) or subscription (I-…, status, plan_id)',
	deviceLookup(_interp, options) {
		const field = options.deviceIdField.trim();
		return `the subscription's custom_id (iccid-<digits>, imei-<digits> or digits)${field ? ` and the field "${field}"` : ''}`;
	},
};
