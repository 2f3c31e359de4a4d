// Run as a child process by test/simulator/mollie.test.js, with NODE_TLS_REJECT_UNAUTHORIZED=0: the official
// @mollie/api-client pins Mozilla's CA bundle, so a local certificate cannot be trusted any other way (and jest's
// process.env is a copy that Node's TLS does not read). Reads the stand-in with the client and prints what it got.
const { createMollieClient } = require('@mollie/api-client');
const { startMollieStandIn } = require('../../../simulator/gateways/mollie');
const { selfSignedTls } = require('../../helpers/selfSignedTls');
const fx = require('../../mapper/fixtures/mollie');

const API_KEY = 'test_fakefakefakefakefakefakefake12';

async function attempt(fn) {
	try {
		return { ok: JSON.parse(JSON.stringify(await fn())) };
	} catch (e) {
		return { error: { message: e.message, statusCode: e.statusCode ?? null } };
	}
}

(async () => {
	const standIn = await startMollieStandIn({
		tls: selfSignedTls(),
		apiKey: API_KEY,
		payments: [fx.payment(), fx.payment({ id: 'tr_failed01', status: 'failed' })],
		subscriptions: [fx.subscription(), fx.subscription({ id: 'sub_old0001', status: 'canceled', canceledAt: '2026-09-01T00:00:00+00:00' })],
	});
	const client = createMollieClient({ apiKey: API_KEY, apiEndpoint: standIn.apiEndpoint });
	const other = createMollieClient({ apiKey: 'test_anotheranotheranotheranother12', apiEndpoint: standIn.apiEndpoint });
	const out = {};
	out.payment = await attempt(() => client.payments.get('tr_WDqYK6vllg'));
	out.failed = await attempt(() => client.payments.get('tr_failed01'));
	out.subscription = await attempt(() => client.customerSubscriptions.get('sub_rVKGtNd6s3', { customerId: 'cst_stTC2WHAuS' }));
	out.list = await attempt(async () => (await client.customerSubscriptions.page({ customerId: 'cst_stTC2WHAuS' })).map((s) => [s.id, s.status]));
	out.missing = await attempt(() => client.payments.get('tr_missing'));
	out.otherKey = await attempt(() => other.payments.get('tr_WDqYK6vllg'));
	standIn.failNext({ status: 503, count: 5, path: /^\/v2\/payments\// });
	out.unavailable = await attempt(() => client.payments.get('tr_WDqYK6vllg'));
	standIn.resetRequests();
	out.afterReset = await attempt(() => client.payments.get('tr_WDqYK6vllg'));
	out.requests = standIn.requests().map((r) => [r.method, r.path, r.authorization === `Bearer ${API_KEY}`]);
	await standIn.close();
	process.stdout.write(JSON.stringify(out));
})();
