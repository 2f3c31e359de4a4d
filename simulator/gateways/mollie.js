'use strict';
/*
 * A Mollie API stand-in for the reads the Payment Status Mapper's "Confirm With Gateway" makes for Mollie, whose
 * webhooks carry only an id (`id=tr_…` for a payment): in Mollie's own shapes (@mollie/api-client 4.6 `PaymentData`,
 * `SubscriptionData`; HAL JSON, `application/hal+json`).
 *
 *   GET /v2/payments/{id}                                     a Payment, or 404
 *   GET /v2/customers/{customerId}/subscriptions/{id}         a Subscription, or 404
 *   GET /v2/customers/{customerId}/subscriptions              the customer's subscriptions (`_embedded.subscriptions`)
 *
 * Errors in Mollie's shape: `{ status, title, detail, _links }` (`application/hal+json`). The official
 * @mollie/api-client pointed at it (`apiEndpoint`) reads every answer (test/simulator/mollie.test.js).
 *
 *   const { startMollieStandIn } = require('./simulator/gateways/mollie');
 *   const m = await startMollieStandIn({ apiKey: 'test_x' });
 *   m.setPayments([...]); m.setSubscriptions([...]); m.failNext({ status: 503, count: 1 });
 *   m.requests(); m.url; await m.close();
 *
 * Options: port (0: a free one), apiKey (when set, a request without `Authorization: Bearer <apiKey>` gets 401),
 * latencyMs, payments, subscriptions, tls ({ key, cert }: serve HTTPS, as Mollie does; the official client refuses
 * plain HTTP).
 */
const { serveStandIn } = require('./standIn');

const DOCS = 'https://docs.mollie.com/overview/handling-errors';

function error(status, title, detail) {
	return { status, body: { status, title, detail, _links: { documentation: { href: DOCS, type: 'text/html' } } } };
}

function startMollieStandIn({ port = 0, apiKey, latencyMs = 0, payments = [], subscriptions = [], tls } = {}) {
	let paymentsById = new Map(payments.map((p) => [p.id, p]));
	let subs = subscriptions.slice();

	const answer = (method, url, headers) => {
		if (apiKey !== undefined && headers.authorization !== `Bearer ${apiKey}`) {
			return error(401, 'Unauthorized Request', 'Missing authentication, or failed to authenticate');
		}
		if (method !== 'GET') return error(405, 'Method Not Allowed', `The method ${method} is not supported here`);
		const path = url.pathname.replace(/\/+$/, '');
		let m = /^\/v2\/payments\/([^/]+)$/.exec(path);
		if (m) {
			const p = paymentsById.get(decodeURIComponent(m[1]));
			return p ? { status: 200, body: p } : error(404, 'Not Found', `No payment exists with token ${decodeURIComponent(m[1])}.`);
		}
		m = /^\/v2\/customers\/([^/]+)\/subscriptions\/([^/]+)$/.exec(path);
		if (m) {
			const [customerId, id] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
			const s = subs.find((x) => x.id === id && x.customerId === customerId);
			return s ? { status: 200, body: s } : error(404, 'Not Found', `The subscription ${id} does not exist for customer ${customerId}.`);
		}
		m = /^\/v2\/customers\/([^/]+)\/subscriptions$/.exec(path);
		if (m) {
			const customerId = decodeURIComponent(m[1]);
			const list = subs.filter((x) => x.customerId === customerId);
			return {
				status: 200,
				body: {
					count: list.length,
					_embedded: { subscriptions: list },
					_links: { self: { href: `${url.origin}${path}`, type: 'application/hal+json' }, previous: null, next: null, documentation: { href: 'https://docs.mollie.com/reference/list-subscriptions', type: 'text/html' } },
				},
			};
		}
		return error(404, 'Not Found', `The resource ${path} does not exist.`);
	};

	const hal = (out) => ({ status: out.status, type: 'application/hal+json', body: JSON.stringify(out.body) });
	return serveStandIn(
		{ port, latencyMs, tls },
		{
			respond: (req, url) => hal(answer(req.method, url, req.headers)),
			fault: (status) => hal(error(status, 'Service Unavailable', 'The stand-in was told to fail')),
		},
	).then((api) => ({
		...api,
		apiEndpoint: `${api.url}/v2/`,
		setPayments(list) {
			paymentsById = new Map(list.map((p) => [p.id, p]));
		},
		setSubscriptions(list) {
			subs = list.slice();
		},
		failNext: ({ status = 503, count = 1, path } = {}) => api.failNext({ status, count, path }),
	}));
}

module.exports = { startMollieStandIn };
