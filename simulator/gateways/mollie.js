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
const http = require('node:http');
const https = require('node:https');

const DOCS = 'https://docs.mollie.com/overview/handling-errors';

function error(status, title, detail) {
	return { status, body: { status, title, detail, _links: { documentation: { href: DOCS, type: 'text/html' } } } };
}

function startMollieStandIn({ port = 0, apiKey, latencyMs = 0, payments = [], subscriptions = [], tls } = {}) {
	let paymentsById = new Map(payments.map((p) => [p.id, p]));
	let subs = subscriptions.slice();
	const log = [];
	let failures = [];

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

	const handler = (req, res) => {
		const url = new URL(req.url, `${tls ? 'https' : 'http'}://${req.headers.host}`);
		log.push({ method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: req.headers.authorization ?? null });
		const send = () => {
			const i = failures.findIndex((f) => f.count > 0 && (!f.path || f.path.test(url.pathname)));
			const out = i >= 0 ? error(failures[i].status, 'Service Unavailable', 'The stand-in was told to fail') : answer(req.method, url, req.headers);
			if (i >= 0) failures[i].count -= 1;
			const text = JSON.stringify(out.body);
			res.writeHead(out.status, { 'content-type': 'application/hal+json', 'content-length': Buffer.byteLength(text) });
			res.end(text);
		};
		req.resume();
		req.on('end', () => (latencyMs > 0 ? setTimeout(send, latencyMs) : send()));
	};
	const server = tls ? https.createServer(tls, handler) : http.createServer(handler);

	return new Promise((resolve) => {
		server.listen(port, '127.0.0.1', () => {
			const url = `${tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}`;
			resolve({
				url,
				apiEndpoint: `${url}/v2/`,
				setPayments(list) {
					paymentsById = new Map(list.map((p) => [p.id, p]));
				},
				setSubscriptions(list) {
					subs = list.slice();
				},
				failNext({ status = 503, count = 1, path } = {}) {
					failures.push({ status, count, path });
				},
				requests: () => log.slice(),
				resetRequests() {
					log.length = 0;
					failures = [];
				},
				close: () => new Promise((r) => server.close(() => r())),
			});
		});
	});
}

module.exports = { startMollieStandIn };
