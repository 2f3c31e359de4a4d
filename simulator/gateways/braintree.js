'use strict';
/*
 * A Braintree gateway stand-in for the subscription read of the Payment Status Mapper's "Confirm With Gateway":
 * `GET /merchants/{merchantId}/subscriptions/{id}` answers the subscription in Braintree's XML (kebab-case
 * elements, `type` attributes, `nil="true"`), as the braintree SDK's `subscription.find` reads it; an unknown id is
 * 404 with an empty body, a wrong key 401. The SDK pointed at it (a custom `braintree.Environment`) parses every
 * answer (test/simulator/gateways.test.js).
 *
 *   const { startBraintreeStandIn } = require('./simulator/gateways/braintree');
 *   const b = await startBraintreeStandIn({ merchantId, publicKey, privateKey });
 *   b.putSubscription({ id: 'iccid-8988…', status: 'Active', paidThroughDate: '2026-12-01', ... });
 *
 * Subscriptions are given in the SDK's own camelCase shape; dates as `YYYY-MM-DD` (…Date fields) or ISO strings
 * (…At fields).
 */
const { serveStandIn } = require('./standIn');

const ARRAY_CHILD = { statusHistory: 'status-event', transactions: 'transaction', addOns: 'add-on', discounts: 'discount', descriptor: null };

function kebab(name) {
	return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function escape(text) {
	return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One value as Braintree's XML: typed attributes where the SDK converts types back. */
function element(key, value, indent) {
	const tag = kebab(key);
	const pad = '  '.repeat(indent);
	if (value === null || value === undefined) return `${pad}<${tag} nil="true"/>`;
	if (Array.isArray(value)) {
		const child = ARRAY_CHILD[key] ?? 'item';
		if (value.length === 0) return `${pad}<${tag} type="array"/>`;
		return `${pad}<${tag} type="array">\n${value.map((v) => element(child.replace(/-([a-z])/g, (_, c) => c.toUpperCase()), v, indent + 1)).join('\n')}\n${pad}</${tag}>`;
	}
	if (typeof value === 'object') {
		return `${pad}<${tag}>\n${Object.entries(value).map(([k, v]) => element(k, v, indent + 1)).join('\n')}\n${pad}</${tag}>`;
	}
	if (typeof value === 'boolean') return `${pad}<${tag} type="boolean">${value}</${tag}>`;
	if (typeof value === 'number' && Number.isInteger(value)) return `${pad}<${tag} type="integer">${value}</${tag}>`;
	if (/Date$/.test(key) && /^\d{4}-\d{2}-\d{2}$/.test(String(value))) return `${pad}<${tag} type="date">${value}</${tag}>`;
	if (/At$|timestamp/i.test(key)) return `${pad}<${tag} type="datetime">${escape(value)}</${tag}>`;
	return `${pad}<${tag}>${escape(value)}</${tag}>`;
}

function subscriptionXml(sub) {
	return `<?xml version="1.0" encoding="UTF-8"?>\n${element('subscription', sub, 0)}\n`;
}

function startBraintreeStandIn(options = {}) {
	const { port = 0, merchantId = 'merchant_standin', publicKey = null, privateKey = null, latencyMs = 0 } = options;
	const subscriptions = new Map((options.subscriptions ?? []).map((s) => [s.id, s]));
	const expectedAuth = publicKey && privateKey ? `Basic ${Buffer.from(`${publicKey}:${privateKey}`).toString('base64')}` : null;
	const xml = (status, body = ' ') => ({ status, type: 'application/xml; charset=utf-8', body });

	return serveStandIn(
		{ port, latencyMs },
		{
			respond(req, url) {
				if (expectedAuth && req.headers.authorization !== expectedAuth) return xml(401);
				const m = /^\/merchants\/([^/]+)\/subscriptions\/([^/]+)$/.exec(url.pathname);
				if (req.method !== 'GET' || !m || decodeURIComponent(m[1]) !== merchantId) return xml(404);
				const sub = subscriptions.get(decodeURIComponent(m[2]));
				return sub ? xml(200, subscriptionXml(sub)) : xml(404);
			},
			fault: (status) => xml(status),
		},
	).then((api) => ({
		...api,
		merchantId,
		putSubscription: (sub) => subscriptions.set(sub.id, sub),
		setSubscriptions: (list) => {
			subscriptions.clear();
			for (const s of list) subscriptions.set(s.id, s);
		},
	}));
}

module.exports = { startBraintreeStandIn, subscriptionXml };
