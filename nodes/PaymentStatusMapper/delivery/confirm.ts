/**
 * Confirm With Gateway: before deciding, read what the gateway says now, so that order, duplicates, the store's
 * bound and concurrent workers cannot make a decision wrong (one read per event, more for a dispute).
 *
 * Stripe (API as documented for 2025-03-31 and later, older shapes read too):
 *  - the subscription: `GET /v1/subscriptions/{id}`;
 *  - the customer's other subscriptions for the same device: `GET /v1/subscriptions?customer=…&status=all`;
 *  - a dispute names only its charge: `GET /v1/disputes/{id}` (its state now), then its PaymentIntent (on the
 *    dispute, or `GET /v1/charges/{id}`), the invoice it paid (`GET /v1/invoice_payments?payment[type]=
 *    payment_intent&payment[payment_intent]=…`; before 2025-03-31 `charge.invoice`), `GET /v1/invoices/{id}` and so
 *    the subscription and its device.
 * Braintree: the subscription, `GET /merchants/{merchantId}/subscriptions/{id}` (XML, as the braintree SDK's
 * `subscription.find` calls it).
 *
 * Nothing is guessed: a failed read is an item error naming what was read.
 */
import type { Confirmed } from '../decide';
import { interpretBraintree } from '../gateways/braintree';
import { interpretMollie } from '../gateways/mollie';
import { interpretStripe, invoiceSubscriptionId } from '../gateways/stripe';
import { type DeviceIds, resolveDeviceIds } from '../policy/deviceId';
import { type Interpretation, ItemError, type MapperOptions } from '../types';
import { idOf, isObj, type Obj, str } from '../values';

/** A read the node performs with the gateway's credential: JSON for Stripe, the parsed XML object for Braintree. */
export type GatewayName = 'stripe' | 'braintree' | 'mollie';
export type GatewayRead = (gateway: GatewayName, path: string, qs?: Record<string, string>) => Promise<unknown>;

/** A gateway answered with an error (or not at all): what it said, never the request's credentials. */
export class GatewayReadError extends Error {
	constructor(
		message: string,
		readonly status: number | null,
	) {
		super(message);
		this.name = 'GatewayReadError';
	}
}

/** Stripe's page size maximum, and how many pages of one customer's subscriptions are read at most. */
const PAGE = 100;
const MAX_PAGES = 10;

/** The item error for a failed read: what was read, and what the gateway said. */
const GATEWAY_WORDS: Record<GatewayName, string> = { stripe: 'Stripe', braintree: 'Braintree', mollie: 'Mollie' };

function readFailed(gateway: GatewayName, what: string, error: unknown): ItemError {
	const detail = error instanceof Error ? error.message : String(error);
	return new ItemError(`Confirm With Gateway: reading ${what} from ${GATEWAY_WORDS[gateway]} failed: ${detail}`, 'subscriptionId');
}

async function get(read: GatewayRead, gateway: GatewayName, what: string, path: string, qs?: Record<string, string>): Promise<Obj> {
	let body: unknown;
	try {
		body = await read(gateway, path, qs);
	} catch (error) {
		throw readFailed(gateway, what, error);
	}
	if (!isObj(body)) throw new ItemError(`Confirm With Gateway: ${GATEWAY_WORDS[gateway]} answered ${what} with something that is not an object`, 'subscriptionId');
	return body;
}

function sameDevice(a: DeviceIds, b: DeviceIds): boolean {
	return (a.iccid !== null && a.iccid === b.iccid) || (a.imei !== null && a.imei === b.imei);
}

function idsOf(interp: Interpretation, obj: Obj, o: MapperOptions): DeviceIds | null {
	try {
		return resolveDeviceIds(interp, obj, o);
	} catch {
		// another subscription of the customer with a malformed id names no device of ours: it is not counted
		return null;
	}
}

/** The subscription now, and every subscription of its customer that names the same device. */
async function stripeSubscription(read: GatewayRead, subscriptionId: string, o: MapperOptions): Promise<Confirmed> {
	const sub = await get(read, 'stripe', `subscription ${subscriptionId}`, `/v1/subscriptions/${encodeURIComponent(subscriptionId)}`);
	const current = interpretStripe(sub);
	const ids = idsOf(current, sub, o);
	const all: Interpretation[] = [current];
	const customer = idOf(sub.customer);
	if (ids && customer) {
		let after: string | null = null;
		for (let page = 0; page < MAX_PAGES; page++) {
			const qs: Record<string, string> = { customer, status: 'all', limit: String(PAGE) };
			if (after) qs.starting_after = after;
			const list = await get(read, 'stripe', `the subscriptions of customer ${customer} (for subscription ${subscriptionId})`, '/v1/subscriptions', qs);
			const data = Array.isArray(list.data) ? list.data.filter(isObj) : [];
			for (const other of data) {
				if (str(other.id) === subscriptionId || other.object !== 'subscription') continue;
				const interp = interpretStripe(other);
				const otherIds = idsOf(interp, other, o);
				if (otherIds && sameDevice(ids, otherIds)) all.push(interp);
			}
			after = data.length > 0 ? str(data[data.length - 1].id) : null;
			if (list.has_more !== true || !after) break;
		}
	}
	const disputes = o.suspendOnDispute ? await latestPaymentDisputes(read, sub, subscriptionId) : [];
	const others = all.length - 1;
	return {
		current,
		deviceSubscriptions: all,
		disputes,
		complete: ids !== null && customer !== null,
		ids,
		read: `subscription ${subscriptionId} is "${str(sub.status) ?? 'unknown'}"${others > 0 ? `, and ${others} other subscription${others > 1 ? 's' : ''} of the customer name${others > 1 ? '' : 's'} this device` : ''}`,
	};
}

/** How many payments of the latest invoice are checked for disputes (an invoice is usually paid once). */
const MAX_PAYMENTS = 3;

/**
 * The disputes on the payments of the subscription's latest invoice, as they are now: a chargeback holds the SIM
 * whichever worker sees which event. (Disputes on older invoices are known from their own events.)
 */
async function latestPaymentDisputes(read: GatewayRead, sub: Obj, subscriptionId: string): Promise<Interpretation[]> {
	const invoiceId = idOf(sub.latest_invoice);
	if (!invoiceId) return [];
	const payments = await get(read, 'stripe', `the payments of invoice ${invoiceId} (subscription ${subscriptionId})`, '/v1/invoice_payments', { invoice: invoiceId, limit: String(MAX_PAYMENTS) });
	const intents = (Array.isArray(payments.data) ? payments.data.filter(isObj) : [])
		.map((p) => (isObj(p.payment) ? idOf(p.payment.payment_intent) : null))
		.filter((pi): pi is string => pi !== null);
	const out: Interpretation[] = [];
	for (const pi of intents.slice(0, MAX_PAYMENTS)) {
		const list = await get(read, 'stripe', `the disputes of ${pi} (subscription ${subscriptionId})`, '/v1/disputes', { payment_intent: pi, limit: '10' });
		for (const dispute of Array.isArray(list.data) ? list.data.filter(isObj) : []) out.push(interpretStripe(dispute));
	}
	return out;
}

/** A dispute's charge → PaymentIntent → the invoice it paid → its subscription. Null: not a subscription payment. */
async function stripeDisputeSubscription(read: GatewayRead, dispute: Obj): Promise<string | null> {
	let paymentIntent = idOf(dispute.payment_intent);
	const chargeId = idOf(dispute.charge);
	if (chargeId && (!paymentIntent || isObj(dispute.charge))) {
		const charge = isObj(dispute.charge) ? dispute.charge : await get(read, 'stripe', `charge ${chargeId} of dispute ${str(dispute.id)}`, `/v1/charges/${encodeURIComponent(chargeId)}`);
		// before API 2025-03-31 the charge named its invoice
		const legacyInvoice = idOf(charge.invoice);
		if (legacyInvoice) return invoiceSubscription(read, legacyInvoice, dispute);
		paymentIntent = paymentIntent ?? idOf(charge.payment_intent);
	}
	if (!paymentIntent) return null;
	const payments = await get(read, 'stripe', `the invoice payments of ${paymentIntent} (dispute ${str(dispute.id)})`, '/v1/invoice_payments', {
		'payment[type]': 'payment_intent',
		'payment[payment_intent]': paymentIntent,
		limit: '1',
	});
	const first = Array.isArray(payments.data) ? payments.data.find(isObj) : undefined;
	const invoiceId = first ? idOf(first.invoice) : null;
	return invoiceId ? invoiceSubscription(read, invoiceId, dispute) : null;
}

async function invoiceSubscription(read: GatewayRead, invoiceId: string, dispute: Obj): Promise<string | null> {
	const invoice = await get(read, 'stripe', `invoice ${invoiceId} of dispute ${str(dispute.id)}`, `/v1/invoices/${encodeURIComponent(invoiceId)}`);
	return invoiceSubscriptionId(invoice);
}

async function confirmStripe(interp: Interpretation, o: MapperOptions, read: GatewayRead): Promise<Confirmed | null> {
	if (interp.disputeId) {
		const dispute = await get(read, 'stripe', `dispute ${interp.disputeId}`, `/v1/disputes/${encodeURIComponent(interp.disputeId)}`);
		const current = interpretStripe(dispute);
		const subscriptionId = await stripeDisputeSubscription(read, dispute);
		if (!subscriptionId) {
			return { current, deviceSubscriptions: [], disputes: [], complete: false, ids: null, read: `dispute ${interp.disputeId} is "${str(dispute.status) ?? 'unknown'}" and its charge paid no subscription invoice` };
		}
		const sub = await stripeSubscription(read, subscriptionId, o);
		return { ...sub, current: { ...current, subscriptionId }, read: `dispute ${interp.disputeId} is "${str(dispute.status) ?? 'unknown'}" (on subscription ${subscriptionId}), and ${sub.read}` };
	}
	if (interp.subscriptionId) return stripeSubscription(read, interp.subscriptionId, o);
	return null;
}

async function confirmBraintree(interp: Interpretation, read: GatewayRead): Promise<Confirmed | null> {
	if (!interp.subscriptionId || interp.disputeId) return null;
	const id = interp.subscriptionId;
	const body = await get(read, 'braintree', `subscription ${id}`, `/subscriptions/${encodeURIComponent(id)}`);
	const sub = isObj(body.subscription) ? body.subscription : body;
	const current = interpretBraintree(sub);
	return { current, deviceSubscriptions: [current], disputes: [], complete: false, ids: null, read: `subscription ${id} is "${str(sub.status) ?? 'unknown'}"` };
}

/**
 * Mollie: its webhook names only a payment (`id=tr_…`). The payment (`GET /v2/payments/{id}`), then, for a
 * subscription's payment, the subscription (`GET /v2/customers/{customerId}/subscriptions/{id}`) and the customer's
 * other subscriptions naming the same device (`GET /v2/customers/{customerId}/subscriptions`): the subscription's
 * state decides, as for Stripe. A one-off payment decides by itself.
 */
async function confirmMollie(interp: Interpretation, o: MapperOptions, read: GatewayRead): Promise<Confirmed | null> {
	let subscriptionId = interp.eventType === 'subscription' ? interp.subscriptionId : null;
	let customerId = interp.customerId;
	let paymentWords = '';
	if (!subscriptionId) {
		const paymentId = interp.objectId;
		if (!paymentId) return null;
		const payment = await get(read, 'mollie', `payment ${paymentId}`, `/v2/payments/${encodeURIComponent(paymentId)}`);
		subscriptionId = str(payment.subscriptionId);
		customerId = str(payment.customerId);
		paymentWords = `payment ${paymentId} is "${str(payment.status) ?? 'unknown'}"`;
		if (!subscriptionId || !customerId) {
			const current = interpretMollie(payment);
			return { current, deviceSubscriptions: [], disputes: [], complete: false, ids: idsOf(current, payment, o), read: `${paymentWords} (a one-off payment)` };
		}
	}
	if (!customerId) return null;
	// The webhook named only its payment: the item is about the subscription the read found.
	interp.subscriptionId = subscriptionId;
	interp.customerId = customerId;
	const base = `/v2/customers/${encodeURIComponent(customerId)}/subscriptions`;
	const sub = await get(read, 'mollie', `subscription ${subscriptionId} of customer ${customerId}`, `${base}/${encodeURIComponent(subscriptionId)}`);
	const current = interpretMollie(sub);
	const ids = idsOf(current, sub, o);
	const all: Interpretation[] = [current];
	if (ids) {
		const list = await get(read, 'mollie', `the subscriptions of customer ${customerId}`, base, { limit: '250' });
		const embedded = isObj(list._embedded) && Array.isArray(list._embedded.subscriptions) ? list._embedded.subscriptions.filter(isObj) : [];
		for (const other of embedded) {
			if (str(other.id) === subscriptionId) continue;
			const interpOther = interpretMollie(other);
			const otherIds = idsOf(interpOther, other, o);
			if (otherIds && sameDevice(ids, otherIds)) all.push(interpOther);
		}
	}
	const others = all.length - 1;
	const subWords = `subscription ${subscriptionId} is "${str(sub.status) ?? 'unknown'}"${others > 0 ? `, and ${others} other subscription${others > 1 ? 's' : ''} of the customer name${others > 1 ? '' : 's'} this device` : ''}`;
	return { current, deviceSubscriptions: all, disputes: [], complete: ids !== null, ids, read: paymentWords ? `${paymentWords} and ${subWords}` : subWords };
}

/**
 * The gateway's answer for this event, or null when there is nothing to read (an event without a subscription or
 * dispute, a gateway that has no read here): then the event decides as without the option.
 */
export async function confirmWithGateway(interp: Interpretation, o: MapperOptions, read: GatewayRead): Promise<Confirmed | null> {
	if (interp.gateway === 'stripe') return confirmStripe(interp, o, read);
	if (interp.gateway === 'braintree') return confirmBraintree(interp, read);
	if (interp.gateway === 'mollie') return confirmMollie(interp, o, read);
	return null;
}
