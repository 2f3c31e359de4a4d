// The Braintree Trigger node: description, credential, and webhook() with a hand-built IWebhookFunctions-like
// context (the real engine suite lives elsewhere).
const fs = require('fs');
const path = require('path');
const { braintree, KEYS, sdkGateway, signedPayload } = require('./helpers');
const { BraintreeTrigger } = require('../../dist/nodes/BraintreeTrigger/BraintreeTrigger.node');
const { BraintreeApi } = require('../../dist/credentials/BraintreeApi.credentials');

const gateway = sdkGateway();
const node = new BraintreeTrigger();

function makeContext({ webhookName = 'default', query = {}, body = {}, headers = {}, params = {}, credentials } = {}) {
	const calls = { status: [], send: [], end: 0, headers: {} };
	const res = {
		status: jest.fn((code) => {
			calls.status.push(code);
			return res;
		}),
		send: jest.fn((data) => {
			calls.send.push(data);
			return res;
		}),
		end: jest.fn(() => {
			calls.end++;
			return res;
		}),
		setHeader: jest.fn((name, value) => {
			calls.headers[name.toLowerCase()] = value;
		}),
	};
	const req = { query, body, headers, method: webhookName === 'setup' ? 'GET' : 'POST' };
	const parameters = { events: ['subscription_went_active', 'subscription_canceled'], options: {}, ...params };
	const context = {
		getRequestObject: () => req,
		getResponseObject: () => res,
		getBodyData: () => req.body,
		getQueryData: () => req.query,
		getHeaderData: () => req.headers,
		getWebhookName: () => webhookName,
		getNode: () => ({ name: 'Braintree Trigger', type: 'n8n-nodes-1ot.braintreeTrigger', typeVersion: 1, parameters: {} }),
		getNodeParameter: jest.fn((name, fallback) => (name in parameters ? parameters[name] : fallback)),
		getCredentials: jest.fn(async () => credentials ?? { environment: 'sandbox', ...KEYS }),
		helpers: { returnJsonArray: (items) => (Array.isArray(items) ? items : [items]).map((json) => ({ json })) },
	};
	return { context, res, calls };
}

function xmlAt(kind, timestamp = new Date().toISOString()) {
	return `<notification><timestamp type="datetime">${timestamp}</timestamp><kind>${kind}</kind><subject><subscription><id>iccid-8988303000000000001</id><status>Canceled</status><paid-through-date type="date">2026-10-31</paid-through-date><days-past-due type="integer">0</days-past-due><transactions type="array"/></subscription></subject></notification>`;
}

describe('description', () => {
	const d = node.description;

	test('names, credential, inputs and outputs', () => {
		expect(d.name).toBe('braintreeTrigger');
		expect(d.displayName).toBe('Braintree Trigger');
		expect(d.group).toEqual(['trigger']);
		expect(d.inputs).toEqual([]);
		expect(d.outputs).toEqual(['main']);
		expect(d.credentials).toEqual([{ name: 'braintreeApi', required: true }]);
		expect(d.usableAsTool).toBeUndefined();
		expect(d.icon).toEqual({ light: 'file:braintree.svg', dark: 'file:braintree.dark.svg' });
	});

	test('GET and POST webhooks on the same path, lifecycle methods present', async () => {
		expect(d.webhooks).toHaveLength(2);
		const byMethod = Object.fromEntries(d.webhooks.map((w) => [w.httpMethod, w]));
		expect(byMethod.GET.path).toBe(byMethod.POST.path);
		expect(byMethod.POST.name).toBe('default');
		for (const w of d.webhooks) {
			for (const method of ['checkExists', 'create', 'delete']) {
				expect(typeof node.webhookMethods[w.name][method]).toBe('function');
				await expect(node.webhookMethods[w.name][method].call({})).resolves.toBe(true);
			}
		}
	});

	test('events list every SDK kind, default to the subscription kinds, and offer *', () => {
		const events = d.properties.find((p) => p.name === 'events');
		expect(events.type).toBe('multiOptions');
		const values = events.options.map((o) => o.value);
		expect(values[0]).toBe('*');
		expect(values.slice(1).sort()).toEqual(Object.values(braintree.WebhookNotification.Kind).sort());
		expect([...events.default].sort()).toEqual(
			Object.values(braintree.WebhookNotification.Kind).filter((k) => k.startsWith('subscription_')).sort(),
		);
		expect(events.options.find((o) => o.value === 'oauth_access_revoked').name).toBe('OAuth Access Revoked');
	});

	test('maxAgeHours option defaults to 48; a notice explains manual registration', () => {
		const options = d.properties.find((p) => p.name === 'options');
		expect(options.options.find((o) => o.name === 'maxAgeHours').default).toBe(48);
		const notice = d.properties.find((p) => p.type === 'notice');
		expect(notice.displayName).toMatch(/Control Panel/);
		expect(notice.displayName).toMatch(/Production URL/);
	});

	test('icons and codex file ship next to the node', () => {
		const dir = path.join(__dirname, '../../nodes/BraintreeTrigger');
		for (const file of ['braintree.svg', 'braintree.dark.svg']) {
			expect(fs.readFileSync(path.join(dir, file), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
		}
		expect(fs.readFileSync(path.join(dir, 'braintree.svg'), 'utf8')).not.toBe(fs.readFileSync(path.join(dir, 'braintree.dark.svg'), 'utf8'));
		const codex = JSON.parse(fs.readFileSync(path.join(dir, 'BraintreeTrigger.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-1ot.braintreeTrigger');
		expect(codex.categories).toEqual(['Finance & Accounting']);
	});
});

describe('credential braintreeApi', () => {
	const c = new BraintreeApi();

	test('fields', () => {
		expect(c.name).toBe('braintreeApi');
		expect(c.displayName).toBe('Braintree API');
		expect(c.properties.map((p) => p.name)).toEqual(['environment', 'merchantId', 'publicKey', 'privateKey']);
		expect(c.properties[0].options.map((o) => o.value)).toEqual(['sandbox', 'production']);
		expect(c.properties[3].typeOptions).toEqual({ password: true });
		expect(c.documentationUrl).toMatch(/^https:\/\//);
		expect(c.icon.light).toMatch(/^file:.*braintree\.svg$/);
		expect(fs.existsSync(path.join(__dirname, '../../credentials', c.icon.light.slice(5)))).toBe(true);
		expect(fs.existsSync(path.join(__dirname, '../../credentials', c.icon.dark.slice(5)))).toBe(true);
	});

	test('authenticate: Basic public:private and a Braintree-Version header', () => {
		expect(c.authenticate.type).toBe('generic');
		expect(c.authenticate.properties.auth).toEqual({ username: '={{$credentials.publicKey}}', password: '={{$credentials.privateKey}}' });
		expect(c.authenticate.properties.headers['Braintree-Version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	});

	test('test: the GraphQL ping of the chosen environment', () => {
		const r = c.test.request;
		expect(r.method).toBe('POST');
		expect(r.url).toBe('/graphql');
		expect(r.body).toEqual({ query: 'query { ping }' });
		// evaluate the baseURL expression the way n8n would for both environments
		const expr = r.baseURL.replace(/^=\{\{|\}\}$/g, '');
		const evaluate = ($credentials) => new Function('$credentials', `return (${expr});`)($credentials);
		expect(evaluate({ environment: 'sandbox' })).toBe('https://payments.sandbox.braintree-api.com');
		expect(evaluate({ environment: 'production' })).toBe('https://payments.braintree-api.com');
	});
});

describe('webhook()', () => {
	test('GET answers bt_challenge with the SDK verify() text', async () => {
		const challenge = 'a1b2c3d4e5f60718293a4b5c';
		const { context, calls } = makeContext({ webhookName: 'setup', query: { bt_challenge: challenge } });
		const result = await node.webhook.call(context);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(calls.status).toEqual([200]);
		expect(calls.send).toEqual([gateway.webhookNotification.verify(challenge)]);
		expect(calls.end).toBe(1);
		expect(calls.headers['content-type']).toMatch(/^text\/plain/);
	});

	test.each([
		['missing', {}],
		['not hex', { bt_challenge: 'not-a-challenge-value' }],
	])('GET with a %s challenge → 403, no execution', async (_label, query) => {
		const { context, calls } = makeContext({ webhookName: 'setup', query });
		const result = await node.webhook.call(context);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(result.workflowData).toBeUndefined();
		expect(calls.status).toEqual([403]);
	});

	test('a valid notification starts the workflow with the parsed notification', async () => {
		const body = signedPayload(xmlAt('subscription_canceled'));
		const { context, calls } = makeContext({ body });
		const result = await node.webhook.call(context);
		expect(calls.status).toEqual([]);
		expect(result.workflowData).toHaveLength(1);
		const [[item]] = result.workflowData;
		expect(item.json).toMatchObject({
			kind: 'subscription_canceled',
			environment: 'sandbox',
			subject: { subscription: { id: 'iccid-8988303000000000001' } },
			subscription: {
				id: 'iccid-8988303000000000001',
				status: 'Canceled',
				paidThroughDate: '2026-10-31',
				daysPastDue: 0,
				transactions: [],
			},
		});
		expect(item.json.payloadHash).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.parse(JSON.stringify(item.json))).toEqual(item.json);
	});

	test('an SDK sample notification with "*" selected', async () => {
		const body = await gateway.webhookTesting.sampleNotification('dispute_opened', 'dp_1');
		const { context } = makeContext({ body, params: { events: ['*'] } });
		const result = await node.webhook.call(context);
		expect(result.workflowData[0][0].json.dispute.transaction.id).toBe('dp_1');
	});

	test('a production credential is reflected in the item', async () => {
		const body = signedPayload(xmlAt('subscription_went_active'));
		const { context } = makeContext({ body, credentials: { environment: 'production', ...KEYS } });
		const result = await node.webhook.call(context);
		expect(result.workflowData[0][0].json.environment).toBe('production');
	});

	test('the form fields are read from the raw body when n8n did not parse it', async () => {
		const signed = signedPayload(xmlAt('subscription_went_active'));
		const { context } = makeContext({ body: {} });
		context.getRequestObject().rawBody = Buffer.from(new URLSearchParams(signed).toString());
		const result = await node.webhook.call(context);
		expect(result.workflowData[0][0].json.kind).toBe('subscription_went_active');
	});

	const forged = {
		'no fields': () => ({}),
		'signature missing': () => ({ bt_payload: signedPayload(xmlAt('subscription_canceled')).bt_payload }),
		'wrong private key': () => signedPayload(xmlAt('subscription_canceled'), { privateKey: 'fake_attacker_key' }),
		'someone else\'s public key': () => signedPayload(xmlAt('subscription_canceled'), { publicKey: 'fake_attacker' }),
		'tampered payload': () => {
			const good = signedPayload(xmlAt('subscription_canceled'));
			const other = signedPayload(xmlAt('subscription_went_active'));
			return { bt_signature: good.bt_signature, bt_payload: other.bt_payload };
		},
		'too old': () => signedPayload(xmlAt('subscription_canceled', new Date(Date.now() - 49 * 3600e3).toISOString())),
		'signed garbage': () => signedPayload('not xml'),
	};
	test.each(Object.keys(forged))('%s → 403 and no execution', async (label) => {
		const { context, calls } = makeContext({ body: forged[label]() });
		const result = await node.webhook.call(context);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(calls.status).toEqual([403]);
		expect(calls.end).toBe(1);
	});

	test('maxAgeHours is read from the options', async () => {
		const body = signedPayload(xmlAt('subscription_canceled', new Date(Date.now() - 3 * 3600e3).toISOString()));
		const strict = makeContext({ body, params: { options: { maxAgeHours: 2 } } });
		expect(await node.webhook.call(strict.context)).toEqual({ noWebhookResponse: true });
		expect(strict.calls.status).toEqual([403]);
		const lenient = makeContext({ body, params: { options: { maxAgeHours: 4 } } });
		expect((await node.webhook.call(lenient.context)).workflowData).toHaveLength(1);
	});

	test('a valid notification of a kind not selected → 200 (n8n default) and no execution', async () => {
		const body = signedPayload(xmlAt('check'));
		const { context, calls } = makeContext({ body });
		const result = await node.webhook.call(context);
		expect(result).toEqual({});
		expect(calls.status).toEqual([]);
	});

	test('a credential without keys is a configuration error, not a silent 403', async () => {
		const { context } = makeContext({ body: signedPayload(xmlAt('check')), credentials: { environment: 'sandbox', publicKey: '', privateKey: '' } });
		await expect(node.webhook.call(context)).rejects.toThrow(/public key and a private key/);
	});
});
