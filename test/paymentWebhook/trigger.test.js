// The Payment Webhook Trigger through n8n's webhook machinery (n8n-core's WebhookContext, test/helpers/engine.js):
// deliveries signed as each gateway signs them pass and start the workflow; forged, tampered, stale and unsigned
// ones get 401/403 and start nothing.
const fs = require('fs');
const path = require('path');
const { runWebhook, chainWorkflow } = require('../helpers/engine');
const { PaymentWebhookTrigger } = require('../../dist/nodes/PaymentWebhookTrigger/PaymentWebhookTrigger.node');
const { PaymentWebhookApi } = require('../../dist/credentials/PaymentWebhookApi.credentials');
const { SECRETS, paddleSignature, gocardlessSignature, lemonSqueezySignature, chargebeeAuthorization, genericSignature } = require('./signers');
const paddle = require('../mapper/fixtures/paddle');
const chargebee = require('../mapper/fixtures/chargebee');
const gc = require('../mapper/fixtures/gocardless');
const { subscriptionEvent } = require('./lemonSqueezy');

const node = new PaymentWebhookTrigger();
const TRIGGER = 'Payment Webhook Trigger';

const CREDENTIALS = {
	paddle: { provider: 'paddle', secret: SECRETS.paddle, toleranceSeconds: 300 },
	gocardless: { provider: 'gocardless', secret: SECRETS.gocardless },
	chargebee: { provider: 'chargebee', ...SECRETS.chargebee },
	lemonSqueezy: { provider: 'lemonSqueezy', secret: SECRETS.lemonSqueezy },
	genericHmac: { provider: 'genericHmac', secret: SECRETS.genericHmac, signatureHeader: 'X-Billing-Signature', algorithm: 'sha512', encoding: 'base64', signaturePrefix: 'sha512=', timestampHeader: 'X-Billing-Timestamp', signedContent: '{timestamp}.{body}', toleranceSeconds: 300 },
};

const workflow = (parameters = {}) =>
	chainWorkflow([
		{ name: TRIGGER, type: 'paymentWebhookTrigger', parameters: { events: '*', options: {}, ...parameters } },
		{ name: 'After', type: 'n8n-nodes-base.noOp' },
	]);

/** POST the exact bytes `raw` with headers, as the gateway would (n8n parses JSON into body beside rawBody). */
function post(provider, raw, headers, { parameters, credential = CREDENTIALS[provider] } = {}) {
	let body = {};
	try {
		body = JSON.parse(raw);
	} catch {
		// not JSON: n8n would leave body empty
	}
	return runWebhook(workflow(parameters), {
		nodeName: TRIGGER,
		headers: { 'content-type': 'application/json', ...headers },
		body,
		rawBody: Buffer.from(raw),
		credentials: { paymentWebhookApi: credential },
	});
}

const emitted = (r) => r.run.output(TRIGGER);

/** One genuine delivery per provider: [raw body, headers, expected {eventId, eventType}]. */
function genuine(provider, { ts = Math.floor(Date.now() / 1000) } = {}) {
	switch (provider) {
		case 'paddle': {
			const evt = paddle.event('subscription.activated', paddle.subscription(), { eventId: 'evt_01hv8x2acma2zd2ycst7xd5p4w' });
			const raw = JSON.stringify(evt);
			return [raw, { 'paddle-signature': paddleSignature(raw, { ts }) }, { eventId: 'evt_01hv8x2acma2zd2ycst7xd5p4w', eventType: 'subscription.activated' }];
		}
		case 'gocardless': {
			const raw = JSON.stringify(gc.webhook([gc.event('subscriptions', 'created', { id: 'EV000000000A01', links: { subscription: 'SB01' } })]));
			return [raw, { 'webhook-signature': gocardlessSignature(raw) }, { eventId: 'EV000000000A01', eventType: 'subscriptions.created' }];
		}
		case 'chargebee': {
			const raw = JSON.stringify(chargebee.event('subscription_activated', { subscription: chargebee.subscription() }, { id: 'ev_16BHbhF4s42tO2lKA01' }));
			return [raw, { authorization: chargebeeAuthorization() }, { eventId: 'ev_16BHbhF4s42tO2lKA01', eventType: 'subscription_activated' }];
		}
		case 'lemonSqueezy': {
			const raw = JSON.stringify(subscriptionEvent('subscription_created'));
			const hash = require('crypto').createHash('sha256').update(raw).digest('hex');
			return [raw, { 'x-signature': lemonSqueezySignature(raw), 'x-event-name': 'subscription_created' }, { eventId: hash, eventType: 'subscription_created' }];
		}
		case 'genericHmac': {
			const raw = JSON.stringify({ id: 'bill_evt_42', type: 'subscription.paid', subscription: { id: 'S-42', status: 'paid', device: { imei: '356938035643809' } } });
			const sig = genericSignature([`${ts}.`, raw], { algorithm: 'sha512', encoding: 'base64' });
			return [raw, { 'x-billing-signature': `sha512=${sig}`, 'x-billing-timestamp': String(ts) }, { eventId: 'bill_evt_42', eventType: 'subscription.paid' }];
		}
	}
	throw new Error(provider);
}

/** The same delivery with its proof removed (401) or spoiled in the ways the world spoils it (403). */
function spoiled(provider) {
	const [raw, headers] = genuine(provider);
	const stale = genuine(provider, { ts: Math.floor(Date.now() / 1000) - 3600 });
	const wrongSecret = { ...CREDENTIALS[provider], secret: 'another-secret', password: 'another-password' };
	const cases = [
		['missing header', raw, {}, { status: 401 }],
		['tampered body', raw.replace(/"id":"/, '"id":"X'), headers, { status: provider === 'chargebee' ? null : 403 }],
		['wrong secret', raw, headers, { status: provider === 'chargebee' ? 401 : 403, credential: wrongSecret }],
	];
	if (provider === 'paddle' || provider === 'genericHmac') cases.push(['stale timestamp', stale[0], stale[1], { status: 403 }]);
	return cases.filter((c) => c[3].status !== null);
}

const PROVIDERS = Object.keys(CREDENTIALS);

describe('description', () => {
	const d = node.description;

	test('names, credential, one POST webhook whose response mode is the Respond parameter', () => {
		expect(d.name).toBe('paymentWebhookTrigger');
		expect(d.displayName).toBe('Payment Webhook Trigger');
		expect(d.group).toEqual(['trigger']);
		expect(d.inputs).toEqual([]);
		expect(d.outputs).toEqual(['main']);
		expect(d.credentials).toEqual([{ name: 'paymentWebhookApi', required: true, testedBy: 'paymentWebhookApiTest' }]);
		expect(d.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: '={{$parameter["responseMode"]}}', responseData: 'noData', path: 'webhook' }]);
		const respond = d.properties.find((p) => p.name === 'responseMode');
		expect(respond.default).toBe('onReceived');
		expect(respond.options.map((o) => o.value)).toEqual(['onReceived', 'lastNode']);
	});

	test('subtitle: "All events" for *, else the types as typed', () => {
		const { Workflow, NodeHelpers } = require('n8n-workflow');
		const { loadPackage } = require('../helpers/engine');
		const pkg = loadPackage();
		const shown = (events) => {
			const n = { id: '1', name: 'T', type: 'n8n-nodes-1ot.paymentWebhookTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
			n.parameters = NodeHelpers.getNodeParameters(d.properties, events === undefined ? {} : { events }, true, false, n, d);
			const wf = new Workflow({ nodes: [n], connections: {}, active: false, nodeTypes: pkg.nodeTypes });
			return wf.expression.getSimpleParameterValue(n, d.subtitle, 'internal', {});
		};
		expect(shown(undefined)).toBe('All events');
		expect(shown(' * ')).toBe('All events');
		expect(shown('subscription.activated, subscription.canceled')).toBe('Events: subscription.activated, subscription.canceled');
	});

	test('icons and codex ship next to the node; registered in package.json', () => {
		const dir = path.join(__dirname, '../../nodes/PaymentWebhookTrigger');
		for (const f of ['paymentWebhook.svg', 'paymentWebhook.dark.svg']) expect(fs.readFileSync(path.join(dir, f), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
		const codex = JSON.parse(fs.readFileSync(path.join(dir, 'PaymentWebhookTrigger.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-1ot.paymentWebhookTrigger');
		const pkg = require('../../package.json');
		expect(pkg.n8n.nodes).toContain('dist/nodes/PaymentWebhookTrigger/PaymentWebhookTrigger.node.js');
		expect(pkg.n8n.credentials).toContain('dist/credentials/PaymentWebhookApi.credentials.js');
	});

	test('credential: provider values, secrets are password fields, generic HMAC fields', () => {
		const c = new PaymentWebhookApi();
		expect(c.name).toBe('paymentWebhookApi');
		expect(c.displayName).toBe('Payment Webhook API');
		const byName = (n) => c.properties.find((p) => p.name === n);
		expect(byName('provider').options.map((o) => o.value).sort()).toEqual(['chargebee', 'genericHmac', 'gocardless', 'lemonSqueezy', 'paddle']);
		expect(byName('secret').typeOptions).toEqual({ password: true });
		expect(byName('password').typeOptions).toEqual({ password: true });
		expect(byName('algorithm').options.map((o) => o.value).sort()).toEqual(['sha1', 'sha256', 'sha512']);
		expect(byName('encoding').options.map((o) => o.value)).toEqual(['hex', 'base64']);
		for (const n of ['signatureHeader', 'signaturePrefix', 'timestampHeader', 'toleranceSeconds']) expect(byName(n)).toBeDefined();
		for (const icon of [c.icon.light, c.icon.dark]) expect(fs.existsSync(path.join(__dirname, '../../credentials', icon.slice(5)))).toBe(true);
	});

	test('credential test: usable or the list of problems', async () => {
		const t = node.methods.credentialTest.paymentWebhookApiTest;
		await expect(t.call({}, { data: CREDENTIALS.paddle })).resolves.toMatchObject({ status: 'OK' });
		const bad = await t.call({}, { data: { provider: 'genericHmac', secret: '' } });
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/secret is empty/);
	});
});

describe.each(PROVIDERS)('%s through n8n\'s webhook context', (provider) => {
	test('a genuine delivery starts the workflow with the body plus provider, eventId, eventType, receivedAt', async () => {
		const [raw, headers, expected] = genuine(provider);
		const before = Date.now();
		const r = await post(provider, raw, headers);
		expect(r.statusCode).toBe(200);
		expect(r.started).toBe(true);
		expect(r.run.status).toBe('success');
		const [item] = emitted(r);
		const body = JSON.parse(raw);
		expect(item).toMatchObject({ provider, ...expected });
		expect(Date.parse(item.receivedAt)).toBeGreaterThanOrEqual(before - 1);
		if (provider === 'gocardless') expect(item).toMatchObject({ ...body.events[0], meta: body.meta });
		else expect(item).toMatchObject(body);
		expect(r.run.output('After')).toHaveLength(1);
	});

	test.each(spoiled(provider))('%s → refused, no execution', async (_label, raw, headers, { status, credential }) => {
		const r = await post(provider, raw, headers, { credential });
		expect(r.statusCode).toBe(status);
		expect(r.started).toBe(false);
		expect(r.run).toBeNull();
		expect(r.responseBody).toBe(status === 401 ? 'Unauthorized' : 'Forbidden');
		const secretTexts = [SECRETS.paddle, SECRETS.gocardless, SECRETS.lemonSqueezy, SECRETS.genericHmac, SECRETS.chargebee.password];
		for (const s of secretTexts) expect(JSON.stringify(r.responseHeaders) + String(r.responseBody)).not.toContain(s);
	});
});

describe('behaviour', () => {
	test('GoCardless batches: one item per event, in order, each with its own id and type', async () => {
		const events = [
			gc.event('payments', 'confirmed', { id: 'EV01', links: { payment: 'PM01', subscription: 'SB01' } }),
			gc.event('subscriptions', 'cancelled', { id: 'EV02', links: { subscription: 'SB01' } }),
			gc.event('mandates', 'failed', { id: 'EV03', links: { mandate: 'MD01' } }),
		];
		const raw = JSON.stringify(gc.webhook(events, { webhookId: 'WB77' }));
		const r = await post('gocardless', raw, { 'webhook-signature': gocardlessSignature(raw) });
		expect(emitted(r).map((i) => [i.eventId, i.eventType, i.meta.webhook_id])).toEqual([
			['EV01', 'payments.confirmed', 'WB77'],
			['EV02', 'subscriptions.cancelled', 'WB77'],
			['EV03', 'mandates.failed', 'WB77'],
		]);
		const only = await post('gocardless', raw, { 'webhook-signature': gocardlessSignature(raw) }, { parameters: { events: 'subscriptions.cancelled, mandates.failed' } });
		expect(emitted(only).map((i) => i.eventId)).toEqual(['EV02', 'EV03']);
	});

	test('Events filter: an authentic event of another type gets 200 and starts nothing', async () => {
		const [raw, headers] = genuine('paddle');
		const r = await post('paddle', raw, headers, { parameters: { events: 'subscription.canceled' } });
		expect(r.statusCode).toBe(200);
		expect(r.started).toBe(false);
		const ok = await post('paddle', raw, headers, { parameters: { events: 'Subscription.Activated' } });
		expect(ok.started).toBe(true);
	});

	test('the raw bytes are what is verified: a re-serialised body (same JSON, other spacing) is refused', async () => {
		const [raw, headers] = genuine('lemonSqueezy');
		const respaced = JSON.stringify(JSON.parse(raw), null, 2);
		const r = await post('lemonSqueezy', respaced, headers);
		expect(r.statusCode).toBe(403);
		expect(r.started).toBe(false);
	});

	test('an authentic body that is not a JSON object → 400, no execution', async () => {
		const raw = 'not json';
		const r = await post('gocardless', raw, { 'webhook-signature': gocardlessSignature(raw) });
		expect(r.statusCode).toBe(400);
		expect(r.started).toBe(false);
	});

	test('generic HMAC: an authentic urlencoded form is read as fields', async () => {
		const credential = { provider: 'genericHmac', secret: 'form-secret', signatureHeader: 'X-Sig' };
		const raw = 'id=pay_1&type=payment.succeeded&iccid=89490200001234567890';
		const r = await post('genericHmac', raw, { 'content-type': 'application/x-www-form-urlencoded', 'x-sig': genericSignature([raw], { secret: 'form-secret' }) }, { credential });
		expect(emitted(r)[0]).toMatchObject({ id: 'pay_1', type: 'payment.succeeded', iccid: '89490200001234567890', eventId: 'pay_1', eventType: 'payment.succeeded' });
	});

	test('generic HMAC: event id and type from configured dot paths; without an id, the body\'s SHA-256', async () => {
		const credential = { provider: 'genericHmac', secret: 's', signatureHeader: 'X-Sig' };
		const raw = JSON.stringify({ data: { ref: 'R-9', kind: 'renewed' } });
		const headers = { 'x-sig': genericSignature([raw], { secret: 's' }) };
		const withPaths = await post('genericHmac', raw, headers, { credential, parameters: { options: { eventIdField: 'data.ref', eventTypeField: 'data.kind' } } });
		expect(emitted(withPaths)[0]).toMatchObject({ eventId: 'R-9', eventType: 'renewed' });
		const plain = await post('genericHmac', raw, headers, { credential });
		expect(emitted(plain)[0].eventId).toBe(require('crypto').createHash('sha256').update(raw).digest('hex'));
	});

	test('Respond "When Last Node Finishes": the answer waits for the workflow', async () => {
		const [raw, headers] = genuine('chargebee');
		const r = await post('chargebee', raw, headers, { parameters: { responseMode: 'lastNode' } });
		expect(r.started).toBe(true);
		expect(r.statusCode).toBe(200);
		expect(r.responseBody).not.toEqual({ message: 'Workflow was started' });
	});

	test('a credential that cannot verify anything fails the request (500) and starts nothing; the secret is not echoed', async () => {
		const [raw, headers] = genuine('paddle');
		const r = await post('paddle', raw, headers, { credential: { provider: 'paddle', secret: '' } });
		expect(r.statusCode).toBe(500);
		expect(r.started).toBe(false);
		expect(r.error.message).toMatch(/cannot verify requests: The secret is empty/);
	});
});
