'use strict';
/*
 * A Stripe API stand-in for the reads the Payment Status Mapper's "Confirm With Gateway" makes, and the listing the
 * nightly reconcile makes, in Stripe's own object shapes (stripe@23 types, API 2025-03-31 and later):
 *
 *   GET /v1/subscriptions/{id}                      a Subscription, or 404 resource_missing
 *   GET /v1/subscriptions?customer=&status=&limit=&starting_after=   a list (status: all, or one status; default:
 *                                                   every status but canceled), paginated with has_more
 *   GET /v1/disputes/{id}  GET /v1/disputes?payment_intent=&charge=  GET /v1/invoices/{id}  GET /v1/charges/{id}
 *   GET /v1/invoice_payments?invoice=&payment[type]=payment_intent&payment[payment_intent]=
 *
 * The official `stripe` SDK pointed at it (host/port/protocol) reads every answer (test/simulator/gateways.test.js).
 *
 *   const { startStripeStandIn } = require('./simulator/gateways/stripe');
 *   const s = await startStripeStandIn({ secretKey: 'sk_test_x', latencyMs: 20 });
 *   s.setSubscriptions([...]); s.setDisputes([...]); s.setInvoices([...]);
 *   s.setInvoicePayments([{ invoice: 'in_1', paymentIntent: 'pi_1', charge: 'ch_1' }]);
 *   s.failNext({ status: 500, count: 2, path: /^\/v1\/subscriptions\// });
 *   s.requests(); await s.close();
 *
 * Options: port (0: a free one), pageSize (the largest page it serves, default 100, as Stripe), secretKey (when
 * set, a request without `Authorization: Bearer <secretKey>` gets 401 as from Stripe), latencyMs (before each
 * answer), subscriptions, disputes, invoices, charges, invoicePayments.
 */
const crypto = require('node:crypto');
const { serveStandIn } = require('./standIn');

const DOC = 'https://stripe.com/docs/error-codes/resource-missing';

function stripeError(status, type, message, extra = {}) {
	return { status, body: { error: { type, message, ...extra } } };
}

function missing(kind, id, param = 'id') {
	return stripeError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', doc_url: DOC, param });
}

function byId(list) {
	return new Map(list.map((o) => [o.id, o]));
}

/** Stripe's InvoicePayment object for one payment of an invoice. */
function invoicePaymentObject(p, invoices) {
	const inv = invoices.get(p.invoice);
	const amount = inv ? (inv.amount_paid ?? inv.amount_due ?? 0) : 0;
	const paidAt = inv?.status_transitions?.paid_at ?? inv?.created ?? null;
	return {
		id: p.id ?? `inpay_${crypto.createHash('sha1').update(`${p.invoice}|${p.paymentIntent}`).digest('hex').slice(0, 24)}`,
		object: 'invoice_payment',
		amount_paid: amount,
		amount_requested: amount,
		created: inv?.created ?? 1790812800,
		currency: inv?.currency ?? 'eur',
		invoice: p.invoice,
		is_default: true,
		livemode: false,
		payment: { type: 'payment_intent', payment_intent: p.paymentIntent },
		status: 'paid',
		status_transitions: { canceled_at: null, paid_at: paidAt },
	};
}

/** A Charge as Stripe answers it (API 2025-03-31 and later: no `invoice` field). */
function chargeObject(id, p, invoices) {
	const inv = p ? invoices.get(p.invoice) : null;
	return {
		id,
		object: 'charge',
		amount: inv?.amount_paid ?? 900,
		amount_captured: inv?.amount_paid ?? 900,
		amount_refunded: 0,
		captured: true,
		created: inv?.created ?? 1790812800,
		currency: inv?.currency ?? 'eur',
		customer: inv?.customer ?? null,
		disputed: false,
		livemode: false,
		metadata: {},
		paid: true,
		payment_intent: p?.paymentIntent ?? null,
		refunded: false,
		status: 'succeeded',
	};
}

function listOf(url, data, limit, after) {
	let start = 0;
	if (after) {
		const i = data.findIndex((o) => o.id === after);
		if (i < 0) return null;
		start = i + 1;
	}
	const page = data.slice(start, start + limit);
	return { object: 'list', data: page, has_more: start + limit < data.length, url };
}

function startStripeStandIn(options = {}) {
	const { port = 0, pageSize = 100, secretKey = null, latencyMs = 0 } = options;
	const state = {
		subscriptions: byId(options.subscriptions ?? []),
		disputes: byId(options.disputes ?? []),
		invoices: byId(options.invoices ?? []),
		charges: byId(options.charges ?? []),
		invoicePayments: (options.invoicePayments ?? []).slice(),
	};
	function route(method, url) {
		if (method !== 'GET') return stripeError(405, 'invalid_request_error', `Unrecognized request URL (${method}: ${url.pathname}).`);
		const q = url.searchParams;
		const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
		if (parts[0] !== 'v1') return stripeError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${url.pathname}).`);
		const [, resource, id, extra] = parts;
		if (extra !== undefined) return stripeError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${url.pathname}).`);
		const limit = Math.min(pageSize, Math.max(1, Number(q.get('limit')) || 10));
		switch (resource) {
			case 'subscriptions': {
				if (id) return state.subscriptions.has(id) ? { status: 200, body: state.subscriptions.get(id) } : missing('subscription', id);
				const status = q.get('status');
				const customer = q.get('customer');
				const data = [...state.subscriptions.values()].filter(
					(s) => (!customer || s.customer === customer) && (status === 'all' ? true : status ? s.status === status : s.status !== 'canceled'),
				);
				const list = listOf('/v1/subscriptions', data, limit, q.get('starting_after'));
				return list ? { status: 200, body: list } : missing('subscription', q.get('starting_after'), 'starting_after');
			}
			case 'disputes':
				if (!id) {
					const pi = q.get('payment_intent');
					const charge = q.get('charge');
					const data = [...state.disputes.values()].filter((d) => (!pi || d.payment_intent === pi) && (!charge || d.charge === charge));
					return { status: 200, body: listOf('/v1/disputes', data, limit, null) };
				}
				return state.disputes.has(id) ? { status: 200, body: state.disputes.get(id) } : missing('dispute', id);
			case 'invoices':
				if (!id) return stripeError(400, 'invalid_request_error', 'This stand-in lists no invoices.');
				return state.invoices.has(id) ? { status: 200, body: state.invoices.get(id) } : missing('invoice', id);
			case 'charges': {
				if (!id) return stripeError(400, 'invalid_request_error', 'This stand-in lists no charges.');
				if (state.charges.has(id)) return { status: 200, body: state.charges.get(id) };
				const p = state.invoicePayments.find((x) => x.charge === id);
				return p ? { status: 200, body: chargeObject(id, p, state.invoices) } : missing('charge', id);
			}
			case 'invoice_payments': {
				if (id) {
					const found = state.invoicePayments.map((p) => invoicePaymentObject(p, state.invoices)).find((p) => p.id === id);
					return found ? { status: 200, body: found } : missing('invoice payment', id);
				}
				const type = q.get('payment[type]');
				const pi = q.get('payment[payment_intent]');
				if (pi && type !== 'payment_intent') {
					return stripeError(400, 'invalid_request_error', 'Missing required param: payment[type].', { param: 'payment[type]' });
				}
				const invoice = q.get('invoice');
				const data = state.invoicePayments
					.filter((p) => (!invoice || p.invoice === invoice) && (!pi || p.paymentIntent === pi))
					.map((p) => invoicePaymentObject(p, state.invoices));
				return { status: 200, body: listOf('/v1/invoice_payments', data, limit, q.get('starting_after')) ?? listOf('/v1/invoice_payments', data, limit, null) };
			}
			default:
				return stripeError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${url.pathname}).`);
		}
	}

	const json = (out) => ({
		status: out.status,
		type: 'application/json',
		headers: { 'request-id': `req_${crypto.randomBytes(7).toString('hex')}` },
		body: JSON.stringify(out.body),
	});
	return serveStandIn(
		{ port, latencyMs },
		{
			respond(req, url) {
				const auth = req.headers.authorization ?? '';
				if (secretKey && auth !== `Bearer ${secretKey}`) {
					return json(stripeError(401, 'invalid_request_error', auth ? 'Invalid API Key provided.' : 'You did not provide an API key.'));
				}
				return json(route(req.method, url));
			},
			fault: (status, message) =>
				json(stripeError(status, status >= 500 ? 'api_error' : 'invalid_request_error', message ?? 'An injected failure.')),
		},
	).then((api) => ({
		...api,
		subscriptionsUrl: `${api.url}/v1/subscriptions`,
		setSubscriptions: (list) => (state.subscriptions = byId(list)),
		putSubscription: (sub) => state.subscriptions.set(sub.id, sub),
		subscriptions: () => [...state.subscriptions.values()],
		setDisputes: (list) => (state.disputes = byId(list)),
		setInvoices: (list) => (state.invoices = byId(list)),
		setCharges: (list) => (state.charges = byId(list)),
		setInvoicePayments: (list) => (state.invoicePayments = list.slice()),
	}));
}

module.exports = { startStripeStandIn };
