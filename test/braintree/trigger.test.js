// The Braintree Trigger node: description, credential, and its webhooks through n8n's webhook machinery
// (n8n-core's WebhookContext, test/helpers/engine.js), with notifications signed by the braintree SDK or by an
// independent signer.
const fs = require('fs');
const path = require('path');
const { braintree, KEYS, sdkGateway, signedPayload } = require('./helpers');
const { runWebhook, chainWorkflow } = require('../helpers/engine');
const { BraintreeTrigger } = require('../../dist/nodes/BraintreeTrigger/BraintreeTrigger.node');
const { BraintreeApi } = require('../../dist/credentials/BraintreeApi.credentials');

const gateway = sdkGateway();
const node = new BraintreeTrigger();
const TRIGGER = 'Braintree Trigger';

const workflow = (parameters = {}) =>
	chainWorkflow([
		{ name: TRIGGER, type: 'braintreeTrigger', parameters: { events: ['subscription_went_active', 'subscription_canceled'], options: {}, ...parameters } },
		{ name: 'After', type: 'n8n-nodes-base.noOp' },
	]);

/** GET with `query`: Braintree's URL check. */
const check = (query) => runWebhook(workflow(), { nodeName: TRIGGER, method: 'GET', query, credentials: { braintreeApi: { environment: 'sandbox', ...KEYS } } });

/** POST of the form fields as Braintree sends them (urlencoded; n8n has parsed them into `body` unless `parsed` is false). */
function deliver(fields, { parameters, credentials = { environment: 'sandbox', ...KEYS }, parsed = true } = {}) {
	return runWebhook(workflow(parameters), {
		nodeName: TRIGGER,
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: parsed ? fields : {},
		rawBody: Buffer.from(new URLSearchParams(fields).toString()),
		credentials: { braintreeApi: credentials },
	});
}

/** The items the trigger emitted (as the next node received them). */
const emitted = (r) => r.run.output(TRIGGER);

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

	test('respond: when received by default, or when the last node finishes (no data sent back)', () => {
		const { Workflow } = require('n8n-workflow');
		const { loadPackage } = require('../helpers/engine');
		const param = d.properties.find((p) => p.name === 'responseMode');
		expect(param.default).toBe('onReceived');
		expect(param.options.map((o) => o.value)).toEqual(['onReceived', 'lastNode']);
		const byMethod = Object.fromEntries(d.webhooks.map((w) => [w.httpMethod, w]));
		expect(byMethod.GET.responseMode).toBe('onReceived'); // Braintree's URL check is answered at once
		expect(byMethod.POST.responseData).toBe('noData');
		// as n8n's webhook helpers read it: the POST webhook's mode is the parameter's value
		const modeFor = (parameters) => {
			const wf = chainWorkflow([{ name: TRIGGER, type: 'braintreeTrigger', parameters: { events: ['*'], ...parameters } }]);
			const workflow = new Workflow({ ...wf, active: false, nodeTypes: loadPackage().nodeTypes });
			const n = workflow.getNode(TRIGGER);
			return workflow.expression.getSimpleParameterValue(n, byMethod.POST.responseMode, 'webhook', {}, undefined, 'onReceived');
		};
		expect(modeFor({})).toBe('onReceived');
		expect(modeFor({ responseMode: 'lastNode' })).toBe('lastNode');
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

describe('webhooks in the engine', () => {
	test('GET answers bt_challenge with the SDK verify() text', async () => {
		const challenge = 'a1b2c3d4e5f60718293a4b5c';
		const r = await check({ bt_challenge: challenge });
		expect(r.statusCode).toBe(200);
		expect(String(r.responseBody)).toBe(gateway.webhookNotification.verify(challenge));
		expect(r.responseHeaders['content-type']).toMatch(/^text\/plain/);
		expect(r.started).toBe(false);
	});

	test.each([
		['missing', {}],
		['not hex', { bt_challenge: 'not-a-challenge-value' }],
	])('GET with a %s challenge → 403, no execution', async (_label, query) => {
		const r = await check(query);
		expect(r.statusCode).toBe(403);
		expect(r.started).toBe(false);
	});

	test('a valid notification starts the workflow with the parsed notification', async () => {
		const r = await deliver(signedPayload(xmlAt('subscription_canceled')));
		expect(r.statusCode).toBe(200);
		expect(r.started).toBe(true);
		expect(r.run.status).toBe('success');
		const items = emitted(r);
		expect(items).toHaveLength(1);
		const [item] = items;
		expect(item).toMatchObject({
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
		expect(item.payloadHash).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.parse(JSON.stringify(item))).toEqual(item);
		expect(r.run.output('After')).toEqual(items);
	});

	test('an SDK sample notification with "*" selected', async () => {
		const body = await gateway.webhookTesting.sampleNotification('dispute_opened', 'dp_1');
		const r = await deliver(body, { parameters: { events: ['*'] } });
		expect(emitted(r)[0].dispute.transaction.id).toBe('dp_1');
	});

	test('a production credential is reflected in the item', async () => {
		const r = await deliver(signedPayload(xmlAt('subscription_went_active')), { credentials: { environment: 'production', ...KEYS } });
		expect(emitted(r)[0].environment).toBe('production');
	});

	test('the form fields are read from the raw body when n8n did not parse it', async () => {
		const r = await deliver(signedPayload(xmlAt('subscription_went_active')), { parsed: false });
		expect(emitted(r)[0].kind).toBe('subscription_went_active');
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
		const r = await deliver(forged[label]());
		expect(r.statusCode).toBe(403);
		expect(r.started).toBe(false);
		expect(r.run).toBeNull();
	});

	test('maxAgeHours is read from the options', async () => {
		const body = signedPayload(xmlAt('subscription_canceled', new Date(Date.now() - 3 * 3600e3).toISOString()));
		const strict = await deliver(body, { parameters: { options: { maxAgeHours: 2 } } });
		expect(strict.statusCode).toBe(403);
		expect(strict.started).toBe(false);
		const lenient = await deliver(body, { parameters: { options: { maxAgeHours: 4 } } });
		expect(lenient.started).toBe(true);
		expect(emitted(lenient)).toHaveLength(1);
	});

	test('a valid notification of a kind not selected → 200 (n8n default) and no execution', async () => {
		const r = await deliver(signedPayload(xmlAt('check')));
		expect(r.statusCode).toBe(200);
		expect(r.started).toBe(false);
	});

	test('a credential without keys is a configuration error, not a silent 403', async () => {
		const r = await deliver(signedPayload(xmlAt('check')), { credentials: { environment: 'sandbox', publicKey: '', privateKey: '' } });
		expect(r.statusCode).toBe(500);
		expect(r.started).toBe(false);
		expect(r.error.message).toMatch(/public key and a private key/);
	});
});
