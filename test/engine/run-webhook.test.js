const { runWebhook, chainWorkflow } = require('../helpers/engine');
const { fixturePackage } = require('./fixtures');

let pkg;
beforeAll(() => {
	pkg = fixturePackage();
});

function webhookWorkflow(parameters = {}) {
	return chainWorkflow(
		[
			{ name: 'Hook', type: 'fixtureWebhookTrigger', parameters: { secret: 's3cret', ...parameters } },
			{ name: 'Count', type: 'fixtureCounter' },
		],
		{ package: pkg },
	);
}

const deliver = (wf, body, extra = {}) =>
	runWebhook(wf, {
		nodeName: 'Hook',
		headers: { 'X-Secret': 's3cret', 'Content-Type': 'application/json' },
		body,
		package: pkg,
		...extra,
	});

describe('runWebhook', () => {
	test('a request the node refuses (403) starts no execution', async () => {
		const r = await deliver(webhookWorkflow(), { id: 'evt_1' }, { headers: { 'x-secret': 'wrong' } });
		expect(r.statusCode).toBe(403);
		expect(r.responseBody).toBe('Forbidden');
		expect(r.started).toBe(false);
		expect(r.run).toBeNull();
		expect(r.staticData).toEqual({});
	});

	test('an accepted request answers 200 at once and runs the rest of the workflow in webhook mode', async () => {
		const r = await deliver(webhookWorkflow(), { id: 'evt_1', amount: 5 });
		expect(r.statusCode).toBe(200);
		expect(r.responseBody).toEqual({ message: 'Workflow was started' });
		expect(r.responseHeaders['content-type']).toMatch(/application\/json/);
		expect(r.started).toBe(true);
		expect(r.run.status).toBe('success');
		expect(r.run.run.mode).toBe('webhook');
		// Headers are lowercased and rawBody is the Buffer of the body.
		const rawLength = Buffer.byteLength(JSON.stringify({ id: 'evt_1', amount: 5 }));
		expect(r.run.output('Hook')).toEqual([{ id: 'evt_1', amount: 5, rawLength }]);
		expect(r.run.output('Count')).toEqual([{ id: 'evt_1', amount: 5, rawLength, count: 1, version: 2 }]);
		expect(r.run.items('Count')[0].pairedItem).toEqual({ item: 0 });
	});

	test('static data from the webhook and from downstream nodes comes back and chains deliveries', async () => {
		const wf = webhookWorkflow();
		const first = await deliver(wf, { id: 'evt_1' });
		expect(first.staticData).toEqual({ 'node:Hook': { seen: ['evt_1'] }, global: { count: 1 } });

		const again = await deliver(wf, { id: 'evt_1' }, { staticData: first.staticData });
		expect(again.started).toBe(false);
		expect(again.responseBody).toEqual({ duplicate: true });
		expect(again.staticData).toEqual(first.staticData);

		const next = await deliver(wf, { id: 'evt_2' }, { staticData: again.staticData });
		expect(next.started).toBe(true);
		expect(next.run.output('Count')[0].count).toBe(2);
		expect(next.staticData).toEqual({ 'node:Hook': { seen: ['evt_1', 'evt_2'] }, global: { count: 2 } });
	});

	test('webhookResponse without workflowData is the answer (GET challenge on the same path)', async () => {
		const r = await deliver(webhookWorkflow(), undefined, { method: 'GET', query: { challenge: 'abc' } });
		expect(r.statusCode).toBe(200);
		expect(r.responseBody).toBe('setup:abc');
		expect(r.started).toBe(false);
	});

	test('the webhook is chosen by method as n8n routes it; webhookName narrows it', async () => {
		const get = { method: 'GET', query: { challenge: 'c' } };
		expect((await deliver(webhookWorkflow(), undefined, { ...get, webhookName: 'setup' })).responseBody).toBe('setup:c');
		const wrongName = await deliver(webhookWorkflow(), undefined, { ...get, webhookName: 'default' });
		expect(wrongName.statusCode).toBe(404);
		await expect(deliver(webhookWorkflow(), undefined, { ...get, webhookName: 'nope' })).rejects.toThrow(
			/no webhook named "nope"/,
		);
	});

	test('a method the node does not listen to is 404, as an unregistered webhook', async () => {
		const r = await deliver(webhookWorkflow(), {}, { method: 'PUT' });
		expect(r.statusCode).toBe(404);
		expect(r.started).toBe(false);
	});

	test('responseMode "lastNode" (an expression in the description) answers with the last node output', async () => {
		const r = await deliver(webhookWorkflow({ responseMode: 'lastNode' }), { id: 'evt_9' });
		expect(r.started).toBe(true);
		expect(r.statusCode).toBe(200);
		expect(r.responseBody).toMatchObject({ id: 'evt_9', count: 1 });
	});

	test('a webhook() that throws answers 500 and starts nothing', async () => {
		const r = await deliver(webhookWorkflow(), undefined, { rawBody: null, body: { id: 'x' } });
		expect(r.statusCode).toBe(500);
		expect(r.error.message).toBe('rawBody is not a Buffer');
		expect(r.started).toBe(false);
	});

	test('form bodies: body and rawBody can be given separately', async () => {
		const rawBody = 'id=evt_form&x=1';
		const r = await deliver(webhookWorkflow(), { id: 'evt_form', x: '1' }, {
			rawBody,
			headers: { 'x-secret': 's3cret', 'content-type': 'application/x-www-form-urlencoded' },
		});
		expect(r.run.output('Hook')).toEqual([{ id: 'evt_form', x: '1', rawLength: rawBody.length }]);
	});
});
