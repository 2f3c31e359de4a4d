// The template workflows/terminal-alerts-guard.json run through n8n's engine (webhook mode) against the
// simulator: a data-overuse or country-change push for a live SIM suspends it and calls the operator's API; an
// unrelated push changes nothing. If v2 and HTTP Request are the test stand-ins in ./fixtures.
const fs = require('fs');
const path = require('path');
const { runWebhook } = require('../helpers/engine');
const { startSimulator, credentialsFor } = require('../helpers/terminal');
const { packageWithBuiltIns } = require('./fixtures');

const TEMPLATE = path.join(__dirname, '../../workflows/terminal-alerts-guard.json');
const SECRET = 'a-long-random-secret-for-the-terminal';

describe('template terminal-alerts-guard.json', () => {
	const template = JSON.parse(fs.readFileSync(TEMPLATE, 'utf8'));
	const byName = Object.fromEntries(template.nodes.map((n) => [n.name, n]));

	test('importable: fixed node ids, no fixed webhookId, existing node versions; the trigger names its credential, no credential id and no secret', () => {
		const pkg = packageWithBuiltIns();
		for (const node of template.nodes) {
			expect(node.id).toMatch(/^[0-9a-f-]{36}$/);
			expect(node.webhookId).toBeUndefined();
			if (node.name !== '1oT Terminal Trigger') expect(node.credentials).toBeUndefined();
			if (node.type.startsWith('n8n-nodes-1ot.')) {
				expect(pkg.nodeTypes.getByNameAndVersion(node.type, node.typeVersion)).toBeTruthy();
			}
		}
		expect(new Set(template.nodes.map((n) => n.id)).size).toBe(template.nodes.length);
		// the guard suspends SIMs: its trigger asks for the webhook credential (by type; the user picks their own)
		expect(byName['1oT Terminal Trigger'].credentials).toEqual({ oneOtTerminalWebhookApi: { id: '', name: '1oT Terminal Webhook API account' } });
		expect(byName['Data overuse or abroad?']).toMatchObject({ type: 'n8n-nodes-base.if', typeVersion: 2 });
		expect(byName['Notify operator API']).toMatchObject({ type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2 });
		expect(byName['Notify operator API'].parameters.url).toBe('https://api.example.com/sim-events');
		expect(byName['Suspend SIM'].parameters).toMatchObject({ resource: 'sim', operation: 'setState', identifyBy: 'iccid', state: 'suspended' });
		const notes = template.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => n.parameters.content).join('\n');
		expect(notes).toMatch(/Production URL/);
		expect(notes).toMatch(/X-Webhook-Secret/);
		expect(notes).toMatch(/deployment country/);
		expect(JSON.stringify(template)).not.toMatch(/password"\s*:|headerValue|sk_live|Bearer /);
	});

	describe('run against the simulator', () => {
		let sim;
		beforeEach(async () => {
			sim = await startSimulator({ fleet: { count: 10, seed: 9 } });
		});
		afterEach(async () => sim.close());

		/** The template as a user sets it up: the operator URL pointed at the simulator's operator stand-in. */
		const workflow = () => {
			const wf = JSON.parse(JSON.stringify(template));
			wf.nodes.find((n) => n.name === 'Notify operator API').parameters.url = `${sim.url}/operator/sim-events`;
			return wf;
		};
		const push = (body, headers = { 'X-Webhook-Secret': SECRET }) =>
			runWebhook(workflow(), {
				body,
				headers,
				package: packageWithBuiltIns(),
				credentials: {
					...credentialsFor(sim),
					oneOtTerminalWebhookApi: { authType: 'headerSecret', headerName: 'X-Webhook-Secret', headerValue: SECRET },
				},
			});
		const liveSim = () => {
			const iccid = sim.iccids()[3];
			sim.setStatus(iccid, 'ON', 'LIVE');
			return iccid;
		};
		const others = (except) =>
			Object.fromEntries(Object.entries(sim.states()).filter(([iccid]) => iccid !== except));

		test('data overuse for a live SIM: suspended, operator told', async () => {
			const iccid = liveSim();
			const before = others(iccid);
			const r = await push({ trigger: 'Data limit exceeded (500 MB)', iccid, timestamp: 1772359200000 });
			expect(r.statusCode).toBe(200);
			expect(r.run.status).toBe('success');
			expect(sim.states()[iccid]).toEqual({ primary: 'ON', secondary: 'SUSPENDED' });
			expect(others(iccid)).toEqual(before);
			const calls = sim.operatorCalls();
			expect(calls).toHaveLength(1);
			expect(calls[0]).toMatchObject({ method: 'POST', path: '/operator/sim-events' });
			expect(calls[0].body).toEqual({
				source: '1oT Terminal',
				event: 'dataUsage',
				trigger: 'Data limit exceeded (500 MB)',
				iccid,
				imei: null,
				country: null,
				happenedAt: '2026-03-01T10:00:00.000Z',
				receivedAt: expect.any(String),
				action: 'suspend',
				changed: true,
				previousStatus: { primary: 'ON', secondary: 'LIVE' },
				status: expect.objectContaining({ secondary: 'SUSPENDED' }),
			});
		});

		test('device outside its deployment country (form body): suspended, operator told', async () => {
			const iccid = liveSim();
			const r = await runWebhook(workflow(), {
				body: { event: 'Device outside deployment country', ICCID: iccid, countryCode: 'USA' },
				rawBody: `event=Device+outside+deployment+country&ICCID=${iccid}&countryCode=USA`,
				headers: { 'X-Webhook-Secret': SECRET, 'content-type': 'application/x-www-form-urlencoded' },
				package: packageWithBuiltIns(),
				credentials: {
					...credentialsFor(sim),
					oneOtTerminalWebhookApi: { authType: 'headerSecret', headerName: 'X-Webhook-Secret', headerValue: SECRET },
				},
			});
			expect(r.run.status).toBe('success');
			expect(sim.states()[iccid].secondary).toBe('SUSPENDED');
			expect(sim.operatorCalls().map((c) => [c.body.event, c.body.iccid, c.body.country, c.body.action])).toEqual([
				['countryChange', iccid, 'USA', 'suspend'],
			]);
		});

		test('the same push again: the SIM stays suspended, no second suspend call, operator told it changed nothing', async () => {
			const iccid = liveSim();
			await push({ trigger: 'Roaming outside the EU', iccid });
			sim.resetRequests();
			const r = await push({ trigger: 'Roaming outside the EU', iccid });
			expect(r.run.status).toBe('success');
			expect(sim.requests().filter((q) => q.method === 'PUT')).toEqual([]);
			expect(sim.operatorCalls().map((c) => [c.body.action, c.body.changed])).toEqual([
				['suspend', true],
				[null, false],
			]);
		});

		test.each([
			['an IMEI change', { trigger: 'IMEI changed', iccid: 'X' }],
			['a status change', { trigger: 'SIM activated', iccid: 'X' }],
			['an unknown push', { hello: 'world', iccid: 'X' }],
			['data overuse without an ICCID', { trigger: 'Data limit exceeded' }],
		])('%s changes nothing', async (_label, body) => {
			const iccid = liveSim();
			const before = sim.states();
			sim.resetRequests();
			const r = await push(JSON.parse(JSON.stringify(body).replace('"X"', JSON.stringify(iccid))));
			expect(r.statusCode).toBe(200);
			expect(r.run.status).toBe('success');
			expect(r.run.ran('Suspend SIM')).toBe(false);
			expect(sim.states()).toEqual(before);
			expect(sim.requests()).toEqual([]);
			expect(sim.operatorCalls()).toEqual([]);
		});

		test('a push without the secret: 401, nothing runs, nothing changes', async () => {
			const iccid = liveSim();
			const r = await push({ trigger: 'Data limit exceeded', iccid }, {});
			expect(r.statusCode).toBe(401);
			expect(r.started).toBe(false);
			expect(sim.states()[iccid].secondary).toBe('LIVE');
			expect(sim.operatorCalls()).toEqual([]);
		});
	});
});
