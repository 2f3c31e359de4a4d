const { runWorkflow, manualWorkflow, chainWorkflow, loadPackage } = require('../helpers/engine');
const { NodeTypesRegistry } = require('../helpers/node-types');
const { fixturePackage } = require('./fixtures');
const { startServer } = require('./fixtures/server');

let server;
let pkg;
let credentials;

beforeAll(async () => {
	server = await startServer({ username: 'user', password: 'secret' });
	pkg = fixturePackage();
});
afterAll(async () => server.close());
beforeEach(() => {
	credentials = { fixtureTokenApi: { baseUrl: server.url, username: 'user', password: 'secret' } };
});

describe('loadPackage', () => {
	test('names package nodes as an install does and adds the built-in helpers', () => {
		const { nodeTypes, credentialTypes, packageName } = loadPackage();
		expect(packageName).toBe('n8n-nodes-1ot');
		expect(nodeTypes.has('n8n-nodes-base.manualTrigger')).toBe(true);
		expect(nodeTypes.has('n8n-nodes-base.noOp')).toBe(true);
		expect(credentialTypes.recognizes('oneOtTerminalApi')).toBe(true);
		for (const name of Object.keys(nodeTypes.getKnownTypes())) {
			expect(name).toMatch(/^(n8n-nodes-1ot|n8n-nodes-base)\.[a-zA-Z]+$/);
		}
	});

	test('a missing node type is a clear error that names the files not loaded', async () => {
		const wf = manualWorkflow([{ name: 'Nope', type: 'n8n-nodes-1ot.doesNotExist' }]);
		await expect(runWorkflow(wf)).rejects.toThrow(/Unknown node type "n8n-nodes-1ot\.doesNotExist"/);
	});

	test('the unknown-type error lists package files that are missing or broken', () => {
		const registry = new NodeTypesRegistry([
			{ path: 'dist/nodes/Foo/Foo.node.js', kind: 'node', reason: 'file does not exist (not built yet?)' },
		]);
		expect(() => registry.getByNameAndVersion('n8n-nodes-1ot.foo', 1)).toThrow(
			/Unknown node type "n8n-nodes-1ot\.foo".*dist\/nodes\/Foo\/Foo\.node\.js \(file does not exist/,
		);
	});
});

describe('runWorkflow', () => {
	test('the manual trigger without pinData emits one empty item', async () => {
		const wf = manualWorkflow([{ name: 'Pass', type: 'n8n-nodes-base.noOp' }]);
		const r = await runWorkflow(wf);
		expect(r.status).toBe('success');
		expect(r.error).toBeNull();
		expect(r.output('Manual Trigger')).toEqual([{}]);
		expect(r.output('Pass')).toEqual([{}]);
	});

	test('pinData on the trigger is the input, and pairedItem is kept', async () => {
		const wf = manualWorkflow([{ name: 'Pass', type: 'n8n-nodes-base.noOp' }], {
			pinItems: [{ a: 1 }, { a: 2 }],
		});
		const r = await runWorkflow(wf);
		expect(r.output('Pass')).toEqual([{ a: 1 }, { a: 2 }]);
		expect(r.items('Pass').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(r.ran('Pass')).toBe(true);
	});

	test('pinData given as [{ json }] in hand-written workflow JSON works too', async () => {
		const wf = chainWorkflow(
			[
				{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
				{ name: 'Pass', type: 'n8n-nodes-base.noOp' },
			],
			{ pinData: { Start: [{ json: { x: 'y' } }] } },
		);
		const r = await runWorkflow(wf);
		expect(r.output('Pass')).toEqual([{ x: 'y' }]);
	});

	test('an authenticated call fetches a token first (preAuthentication) and stores it', async () => {
		const wf = manualWorkflow([{ name: 'API', type: 'fixtureApi' }], { pinItems: [{ a: 1 }, { a: 2 }], package: pkg });
		const before = server.state.tokenRequests.length;
		const r = await runWorkflow(wf, { credentials, package: pkg });
		expect(r.status).toBe('success');
		const out = r.output('API');
		expect(out).toHaveLength(2);
		// Generic authenticate resolved both the header and the query expression (region from the type's default).
		expect(out[0].response).toMatchObject({ ok: true, region: 'eu' });
		expect(out[1].response.token).toBe(out[0].response.token);
		// One token for both items: the second call read the token back from the store.
		expect(server.state.tokenRequests.length - before).toBe(1);
		expect(r.preAuthentications('fixtureTokenApi')).toBe(1);
		expect(r.credentials.fixtureTokenApi.token).toBe(out[0].response.token);
		// As in n8n, preAuthentication's `this` offers only helpers.httpRequest.
		expect(server.state.tokenRequests.at(-1).helperNames).toBe('httpRequest');
		// The test's own object is not touched.
		expect(credentials.fixtureTokenApi.token).toBeUndefined();
	});

	test('a 401 mid-run makes n8n-core call preAuthentication again and retry', async () => {
		const wf = manualWorkflow([{ name: 'API', type: 'fixtureApi' }], { pinItems: [{ a: 1 }], package: pkg });
		const first = await runWorkflow(wf, { credentials, package: pkg });
		const oldToken = first.credentials.fixtureTokenApi.token;

		// A stored token is reused: no preAuthentication.
		const reuse = await runWorkflow(wf, { credentials: first.credentials, package: pkg });
		expect(reuse.preAuthentications()).toBe(0);
		expect(reuse.output('API')[0].response.token).toBe(oldToken);

		server.expireTokens();
		const r = await runWorkflow(wf, { credentials: first.credentials, package: pkg });
		expect(r.status).toBe('success');
		const newToken = r.output('API')[0].response.token;
		expect(newToken).not.toBe(oldToken);
		expect(r.credentialLog.filter((e) => e.event === 'preAuthentication')).toEqual([
			{ event: 'preAuthentication', type: 'fixtureTokenApi', node: 'API', expired: true },
		]);
		expect(r.credentials.fixtureTokenApi.token).toBe(newToken);
	});

	test('a failing token request surfaces as the node error', async () => {
		const wf = manualWorkflow([{ name: 'API', type: 'fixtureApi' }], { pinItems: [{ a: 1 }], package: pkg });
		credentials.fixtureTokenApi.password = 'wrong';
		const r = await runWorkflow(wf, { credentials, package: pkg });
		expect(r.status).toBe('error');
		expect(r.error.node.name).toBe('API');
	});

	test('static data persists between runs when passed on', async () => {
		const wf = manualWorkflow([{ name: 'Count', type: 'fixtureCounter', parameters: { step: 2 } }], {
			package: pkg,
		});
		const r1 = await runWorkflow(wf, { package: pkg });
		expect(r1.output('Count')[0].count).toBe(2);
		expect(r1.staticData).toEqual({ global: { count: 2 } });
		const r2 = await runWorkflow(wf, { package: pkg, staticData: r1.staticData });
		expect(r2.output('Count')[0].count).toBe(4);
		expect(r2.staticData).toEqual({ global: { count: 4 } });
		expect(r1.staticData).toEqual({ global: { count: 2 } });
	});

	test('typeVersion defaults to the latest; an older one can be asked for', async () => {
		const wf = manualWorkflow(
			[
				{ name: 'Latest', type: 'fixtureCounter' },
				{ name: 'Old', type: 'fixtureCounter', typeVersion: 1 },
			],
			{ package: pkg },
		);
		const r = await runWorkflow(wf, { package: pkg });
		expect(r.output('Latest')[0].version).toBe(2);
		expect(r.output('Old')[0].version).toBe(1);
	});

	test('an error in a node is status "error" with the node and its message', async () => {
		const wf = manualWorkflow([{ name: 'API', type: 'fixtureApi' }, { name: 'After', type: 'n8n-nodes-base.noOp' }], {
			pinItems: [{ a: 1 }, { boom: true }],
			package: pkg,
		});
		const r = await runWorkflow(wf, { credentials, package: pkg });
		expect(r.status).toBe('error');
		expect(r.error.message).toBe('Item 1 asked to fail');
		expect(r.error.node.name).toBe('API');
		expect(r.nodeError('API').message).toBe('Item 1 asked to fail');
		expect(r.ran('After')).toBe(false);
		expect(r.output('After')).toEqual([]);
	});

	test('continueOnFail: the failed item carries its error and the others go on', async () => {
		const wf = manualWorkflow(
			[
				{ name: 'API', type: 'fixtureApi', onError: 'continueRegularOutput' },
				{ name: 'After', type: 'n8n-nodes-base.noOp' },
			],
			{ pinItems: [{ a: 1 }, { boom: true }, { a: 3 }], package: pkg },
		);
		const r = await runWorkflow(wf, { credentials, package: pkg });
		expect(r.status).toBe('success');
		const items = r.items('After');
		expect(items.map((i) => i.json.error ?? 'ok')).toEqual(['ok', 'Item 1 asked to fail', 'ok']);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('credentials can be keyed by the id a node names', async () => {
		const wf = manualWorkflow(
			[
				{
					name: 'API',
					type: 'fixtureApi',
					credentials: { fixtureTokenApi: { id: 'second', name: 'Second account' } },
				},
			],
			{ pinItems: [{ a: 1 }], package: pkg },
		);
		const r = await runWorkflow(wf, {
			package: pkg,
			credentials: {
				fixtureTokenApi: { baseUrl: 'http://127.0.0.1:1', username: 'x', password: 'x' },
				second: { baseUrl: server.url, username: 'user', password: 'secret', region: 'us' },
			},
		});
		expect(r.status).toBe('success');
		expect(r.output('API')[0].response.region).toBe('us');
		expect(r.credentials.second.token).toBeTruthy();
		expect(r.credentials.fixtureTokenApi.token).toBeUndefined();
	});

	test('a node without the credentials it requires fails as in n8n', async () => {
		const wf = manualWorkflow([{ name: 'API', type: 'fixtureApi' }], { pinItems: [{ a: 1 }], package: pkg });
		const r = await runWorkflow(wf, { package: pkg });
		expect(r.status).toBe('error');
		expect(r.error.message).toMatch(/credentials/i);
	});

	test('branches: `from` wires a node to any earlier node; executionOrder follows the engine (v1 order)', async () => {
		const wf = manualWorkflow(
			[
				{ name: 'A', type: 'n8n-nodes-base.noOp' },
				{ name: 'A2', type: 'n8n-nodes-base.noOp' },
				{ name: 'B', type: 'n8n-nodes-base.noOp', from: 'Manual Trigger' },
			],
			{ pinItems: [{ n: 1 }] },
		);
		expect(wf.connections['Manual Trigger'].main[0].map((c) => c.node)).toEqual(['A', 'B']);
		const r = await runWorkflow(wf);
		expect(r.executionOrder).toEqual(['Manual Trigger', 'A', 'A2', 'B']);
		expect(r.output('B')).toEqual([{ n: 1 }]);
	});
});
