#!/usr/bin/env node
'use strict';
/*
 * The Payment Webhook Trigger in a REAL n8n: the packed package installed like a community package, one published
 * workflow per provider (Payment Webhook Trigger → No Operation) with a `paymentWebhookApi` credential, started
 * with scripts/e2e/stack.js. For each provider a delivery signed as the gateway signs it (checked first against the
 * gateway's SDK verifier where it has one: Paddle, GoCardless, Chargebee) is posted to the production URL and must
 * start exactly one successful execution whose trigger output carries provider, eventId and eventType; a tampered
 * body, a wrong secret, a stale timestamp (Paddle, generic HMAC) and a missing header must each be refused (401/403)
 * and start nothing (public API). The bodies are pretty-printed JSON with non-ASCII text, so only the exact bytes
 * received verify: this proves n8n hands the trigger its raw body in every version. Then the any-gateway template
 * (workflows/any-gateway-to-sim.json, no fixed webhook id) is published with a Paddle credential: a forged delivery
 * changes nothing, a signed subscription.activated makes the simulator's SIM LIVE.
 *
 *   node test/e2e/paymentWebhook.e2e.js [version ...]   (default N8N_E2E_VERSIONS or every installed version)
 *
 * Expects dist/ to be built. One line per check, then per-version results and `N passed, N failed`.
 */
const path = require('node:path');
const crypto = require('node:crypto');
const assert = require('node:assert/strict');

const { Paddle } = require('@paddle/paddle-node-sdk');
const gocardless = require('gocardless-nodejs/webhooks');
const { basicAuthValidator } = require('chargebee');
const e2e = require('../../scripts/e2e/n8n');
const fs = require('node:fs');
const { startStack, CREDENTIALS } = require('../../scripts/e2e/stack');
const { runSuite, runChecks, secs } = require('../../scripts/e2e/suite');
const { SECRETS, paddleSignature, gocardlessSignature, lemonSqueezySignature, chargebeeAuthorization, genericSignature } = require('../paymentWebhook/signers');
const paddleFx = require('../mapper/fixtures/paddle');
const chargebeeFx = require('../mapper/fixtures/chargebee');
const gcFx = require('../mapper/fixtures/gocardless');
const { subscriptionEvent } = require('../paymentWebhook/lemonSqueezy');

const REPO = path.resolve(__dirname, '..', '..');
const log = (m) => process.stderr.write(`[payment-webhook] ${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pretty = (o) => JSON.stringify(o, null, 2);
const now = () => Math.floor(Date.now() / 1000);

const GENERIC = { signatureHeader: 'X-Billing-Signature', algorithm: 'sha256', encoding: 'hex', signaturePrefix: 'sha256=', timestampHeader: 'X-Billing-Timestamp', signedContent: '{timestamp}.{body}', toleranceSeconds: 300 };

/** Per provider: the credential, a genuine delivery, the SDK's own check of it, and the refused variants. */
const PROVIDERS = {
	paddle: {
		id: 'e2ePayHookPaddl1',
		data: { provider: 'paddle', secret: SECRETS.paddle, toleranceSeconds: 300 },
		body: () => pretty(paddleFx.event('subscription.activated', paddleFx.subscription({ customData: { iccid: '89490200001234567890', note: 'Fahrrad München, €9' } }))),
		sign: (raw, { ts = now(), secret = SECRETS.paddle } = {}) => ({ 'paddle-signature': paddleSignature(raw, { ts, secret }) }),
		sdkAccepts: (raw, h) => new Paddle('pdl_sdbx_apikey_offline_fixture').webhooks.isSignatureValid(raw, SECRETS.paddle, h['paddle-signature']),
		expected: (raw) => ({ eventId: JSON.parse(raw).event_id, eventType: 'subscription.activated' }),
		stale: true,
	},
	gocardless: {
		id: 'e2ePayHookGoCar1',
		data: { provider: 'gocardless', secret: SECRETS.gocardless },
		body: () => pretty(gcFx.webhook([gcFx.event('subscriptions', 'created', { id: 'EVE2E0000001', links: { subscription: 'SBE2E1' }, description: 'Abonnement créé' })])),
		sign: (raw, { secret = SECRETS.gocardless } = {}) => ({ 'webhook-signature': gocardlessSignature(raw, secret) }),
		sdkAccepts: (raw, h) => gocardless.parse(raw, SECRETS.gocardless, h['webhook-signature']).length === 1,
		expected: () => ({ eventId: 'EVE2E0000001', eventType: 'subscriptions.created' }),
	},
	chargebee: {
		id: 'e2ePayHookChrgb1',
		data: { provider: 'chargebee', ...SECRETS.chargebee },
		body: () => pretty(chargebeeFx.event('subscription_activated', { subscription: chargebeeFx.subscription() }, { id: 'ev_E2E0000000000001' })),
		sign: (raw, { secret } = {}) => ({ authorization: chargebeeAuthorization(secret ? { user: SECRETS.chargebee.user, password: secret } : SECRETS.chargebee) }),
		sdkAccepts: (raw, h) => basicAuthValidator((u, p) => u === SECRETS.chargebee.user && p === SECRETS.chargebee.password)(h).then(() => true),
		expected: () => ({ eventId: 'ev_E2E0000000000001', eventType: 'subscription_activated' }),
		basicAuth: true,
	},
	lemonSqueezy: {
		id: 'e2ePayHookLemon1',
		data: { provider: 'lemonSqueezy', secret: SECRETS.lemonSqueezy },
		body: () => pretty(subscriptionEvent('subscription_created', { customData: { iccid: '89490200001234567890', city: 'Tallinn – Kesklinn' } })),
		sign: (raw, { secret = SECRETS.lemonSqueezy } = {}) => ({ 'x-signature': lemonSqueezySignature(raw, secret) }),
		sdkAccepts: null, // lemonsqueezy.js has no verifier: the documented algorithm is the oracle
		expected: (raw) => ({ eventId: crypto.createHash('sha256').update(raw).digest('hex'), eventType: 'subscription_created' }),
	},
	genericHmac: {
		id: 'e2ePayHookGener1',
		data: { provider: 'genericHmac', secret: SECRETS.genericHmac, ...GENERIC },
		body: () => pretty({ id: 'bill_e2e_1', type: 'subscription.paid', device: { imei: '356938035643809' }, note: 'Zürich' }),
		sign: (raw, { ts = now(), secret = SECRETS.genericHmac } = {}) => ({
			'x-billing-signature': `sha256=${genericSignature([`${ts}.`, raw], { secret })}`,
			'x-billing-timestamp': String(ts),
		}),
		sdkAccepts: null,
		expected: () => ({ eventId: 'bill_e2e_1', eventType: 'subscription.paid' }),
		stale: true,
	},
};

function workflowFor(provider) {
	const p = PROVIDERS[provider];
	return {
		id: p.id,
		name: `payment-webhook-${provider}`,
		active: false,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'Payment Webhook Trigger',
				type: 'n8n-nodes-1ot.paymentWebhookTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: crypto.randomUUID(),
				parameters: { events: '*', responseMode: 'onReceived', options: {} },
				credentials: { paymentWebhookApi: { id: `${p.id.slice(0, 12)}Cred`, name: `Payment webhook (${provider})` } },
			},
			{ id: crypto.randomUUID(), name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { 'Payment Webhook Trigger': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
		pinData: {},
	};
}

const credentialFor = (provider) => {
	const p = PROVIDERS[provider];
	return { id: `${p.id.slice(0, 12)}Cred`, name: `Payment webhook (${provider})`, type: 'paymentWebhookApi', data: p.data };
};

/** Waits until the trigger's production URL answers an unsigned POST with 401 (starts nothing). */
async function waitForWebhook(url, timeoutMs = 60000) {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const r = await e2e.request('POST', url, { body: '{}' }).catch((e) => ({ status: 0, text: e.message }));
		if (r.status === 401) return;
		if (Date.now() > until) throw new Error(`${url} never became ready (last: ${r.status} ${String(r.text).slice(0, 200)})`);
		await sleep(300);
	}
}

/** The any-gateway template as users import it, with the Paddle credential and the simulator's 1oT credential. */
const TEMPLATE_ID = 'e2eAnyGatewayTp1';
function templateWorkflow() {
	const wf = JSON.parse(fs.readFileSync(path.join(REPO, 'workflows', 'any-gateway-to-sim.json'), 'utf8'));
	wf.id = TEMPLATE_ID;
	wf.name = 'any-gateway-to-sim';
	wf.settings = { ...wf.settings, saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' };
	for (const node of wf.nodes) {
		if (node.type === 'n8n-nodes-1ot.paymentWebhookTrigger') {
			assert.equal(node.webhookId, undefined, 'the template carries a fixed webhook id');
			node.credentials = { paymentWebhookApi: { id: credentialFor('paddle').id, name: credentialFor('paddle').name } };
			// n8n's editor gives each imported or pasted copy a webhook id of its own; the CLI import does not.
			node.webhookId = crypto.randomUUID();
		}
		if (node.type === 'n8n-nodes-1ot.oneOtTerminal') node.credentials = { oneOtTerminalApi: { ...CREDENTIALS.oneOtTerminalApi } };
	}
	return wf;
}

/** The template, published: a Paddle delivery makes the SIM LIVE, a forged one changes nothing. */
function templateChecks(stack) {
	const BIKE = '8988303000000000051'; // bike-005 of the demo fleet: OFF
	let url;
	const state = () => `${stack.sim.states()[BIKE].primary}/${stack.sim.states()[BIKE].secondary}`;
	const deliver = (raw, headers) => e2e.request('POST', url, { body: raw, headers: { 'content-type': 'application/json', ...headers } });
	const body = () => pretty(paddleFx.event('subscription.activated', paddleFx.subscription({ customData: { iccid: BIKE }, periodStart: new Date(Date.now() - 86400e3).toISOString(), periodEnd: new Date(Date.now() + 29 * 86400e3).toISOString() })));
	return [
		['any-gateway template: imported (its copy\'s own webhook id, as the editor gives it), published; the production URL answers', async () => {
			const wf = await stack.n8n.api('GET', `/workflows/${TEMPLATE_ID}`);
			const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-1ot.paymentWebhookTrigger');
			url = `${stack.n8n.baseUrl}/webhook/${trigger.webhookId}/webhook`;
			await waitForWebhook(url);
			return url.replace(stack.n8n.baseUrl, '');
		}],
		['any-gateway template: a forged Paddle delivery → 403, no execution, the SIM untouched', async () => {
			const raw = body();
			const r = await deliver(raw, { 'paddle-signature': paddleSignature(raw, { secret: 'pdl_ntfset_forged' }) });
			assert.equal(r.status, 403);
			await sleep(1200);
			assert.equal((await stack.executions(TEMPLATE_ID)).length, 0);
			assert.equal(state(), 'OFF/OFF');
			return `403, no execution, SIM ${state()}`;
		}],
		['any-gateway template: a signed Paddle subscription.activated → the SIM goes LIVE (answered when the workflow finished)', async () => {
			const raw = body();
			const r = await deliver(raw, { 'paddle-signature': paddleSignature(raw) });
			assert.equal(r.status, 200, `answered ${r.status} ${r.text.slice(0, 200)}`);
			const [execution] = await stack.waitForExecutions(TEMPLATE_ID, 1);
			assert.equal(execution.status, 'success');
			stack.sim.settleAll();
			assert.match(state(), /^ON\/LIVE$|^PENDING\/LIVE$/);
			return `execution ${execution.id}; SIM ${state()}`;
		}],
	];
}

function checksFor(stack, provider) {
	const p = PROVIDERS[provider];
	const wf = stack.workflows[`payment-webhook-${provider}`];
	const url = `${stack.n8n.baseUrl}/webhook/${wf.nodes[0].webhookId}/webhook`;
	const id = wf.id;
	let expectedCount = 0;
	const post = (raw, headers) => e2e.request('POST', url, { body: raw, headers: { 'content-type': 'application/json', ...headers } });
	const refused = async (raw, headers, status) => {
		const r = await post(raw, headers);
		assert.equal(r.status, status, `answered ${r.status} ${r.text.slice(0, 120)}`);
		await sleep(1200);
		const list = await stack.executions(id);
		assert.equal(list.length, expectedCount, `${list.length} executions, expected ${expectedCount}: a refused request started one`);
		for (const s of Object.values(p.data)) if (typeof s === 'string' && s.length > 12) assert.ok(!r.text.includes(s), 'the answer contains a secret');
		return `${r.status} ${r.text.trim()}, no execution`;
	};
	const checks = [
		[`${provider}: a delivery signed as the gateway signs it starts one execution with provider, eventId, eventType`, async () => {
			await waitForWebhook(url);
			const raw = p.body();
			const headers = p.sign(raw);
			if (p.sdkAccepts) assert.equal(await p.sdkAccepts(raw, headers), true, 'the gateway SDK refuses our signed delivery');
			const r = await post(raw, headers);
			assert.equal(r.status, 200, `answered ${r.status} ${r.text.slice(0, 200)}`);
			expectedCount++;
			const list = await stack.waitForExecutions(id, expectedCount);
			assert.equal(list.length, expectedCount);
			const execution = list.reduce((a, b) => (Number(b.id) > Number(a.id) ? b : a));
			assert.equal(execution.status, 'success', `execution ${execution.id} is ${execution.status}`);
			const full = await stack.n8n.getExecution(execution.id);
			const out = full.data.resultData.runData['Payment Webhook Trigger'][0].data.main[0].map((i) => i.json);
			assert.equal(out.length, 1);
			assert.deepEqual({ provider: out[0].provider, eventId: out[0].eventId, eventType: out[0].eventType }, { provider, ...p.expected(raw) });
			assert.ok(Number.isFinite(Date.parse(out[0].receivedAt)), 'receivedAt');
			return `execution ${execution.id}: ${out[0].eventType} ${out[0].eventId.slice(0, 24)}${p.sdkAccepts ? '; the SDK accepts the same delivery' : ''}`;
		}],
		[`${provider}: wrong secret → refused, no execution`, async () => {
			const raw = p.body();
			return refused(raw, p.sign(raw, { secret: 'not-the-configured-secret' }), p.basicAuth ? 401 : 403);
		}],
		[`${provider}: missing header → 401, no execution`, async () => refused(p.body(), {}, 401)],
	];
	// Chargebee signs no body (HTTP Basic auth only): a tampered body is the gateway's own business there.
	if (!p.basicAuth) {
		checks.splice(1, 0, [`${provider}: tampered body → 403, no execution`, async () => {
			const raw = p.body();
			return refused(raw.replace(/"(id|event_id)": "/, '"$1": "X'), p.sign(raw), 403);
		}]);
	}
	if (p.stale) {
		checks.push([`${provider}: stale timestamp (1 h old) → 403, no execution`, async () => {
			const raw = p.body();
			return refused(raw, p.sign(raw, { ts: now() - 3600 }), 403);
		}]);
	}
	return checks;
}

async function runVersion(version, tarball, line) {
	const rt = e2e.runtime(version);
	const t0 = Date.now();
	const providers = Object.keys(PROVIDERS);
	let stack;
	try {
		stack = await startStack({
			version,
			tarball,
			templates: [],
			fleet: { count: 20, seed: 3, demo: true },
			extraCredentials: providers.map(credentialFor),
			extraWorkflows: [...providers.map(workflowFor), templateWorkflow()],
			log: (m) => log(`${version}: ${m}`),
		});
		line(true, `stack: package installed, ${providers.length} provider workflows and the any-gateway template imported and published`, `start ${secs(stack.timings.start)}, publish ${secs(stack.timings.publish)}`, Date.now() - t0);
	} catch (e) {
		line(false, 'stack starts', e.message);
		if (stack) await stack.stop();
		return { ok: false, node: rt.nodeVersion };
	}
	let failed = 0;
	try {
		for (const checks of [...providers.map((p) => checksFor(stack, p)), templateChecks(stack)]) failed += await runChecks(checks, line, { maxLines: 20 });
	} finally {
		await stack.stop();
	}
	return { ok: failed === 0, node: rt.nodeVersion };
}

runSuite({ log, runVersion });
