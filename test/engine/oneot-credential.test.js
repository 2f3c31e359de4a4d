/**
 * The package's real credential (dist/credentials/OneOtTerminalApi.credentials.js) through the engine's
 * credentials helper and n8n-core's httpRequestWithAuthentication, against a local token server.
 */
const { Workflow } = require('n8n-workflow');
const { runWorkflow, manualWorkflow, TestCredentialsHelper } = require('../helpers/engine');
const { fixturePackage } = require('./fixtures');
const { startServer } = require('./fixtures/server');

let server;
let pkg;
let credentials;

beforeAll(async () => {
	server = await startServer({ username: 'API_USER_1', password: 'pa ss&word' });
	pkg = fixturePackage();
});
afterAll(async () => server.close());
beforeEach(() => {
	credentials = { oneOtTerminalApi: { username: 'API_USER_1', password: 'pa ss&word', baseUrl: `${server.url}/v1/` } };
});

const workflow = () => manualWorkflow([{ name: '1oT', type: 'fixtureOneOtCall' }], { package: pkg });

test('the credential type is loaded from dist with its hidden expirable token field', () => {
	const type = pkg.credentialTypes.getByName('oneOtTerminalApi');
	const expirable = type.properties.filter((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
	expect(expirable.map((p) => p.name)).toEqual(['accessToken']);
	expect(typeof type.preAuthentication).toBe('function');
});

test('preAuthentication gets a token with the password grant in the query string, then calls send Bearer', async () => {
	const before = server.state.requests.length;
	const r = await runWorkflow(workflow(), { credentials, package: pkg });
	expect(r.status).toBe('success');
	expect(r.output('1oT')).toEqual([{ groups: [{ id: 1, name: 'Default' }] }]);

	const requests = server.state.requests.slice(before);
	expect(requests.map((q) => `${q.method} ${q.path}`)).toEqual(['POST /v1/oauth/token', 'GET /v1/get_account_groups']);
	expect(requests[0].query).toEqual({
		grant_type: 'password',
		client_id: 'API_USER_1',
		username: 'API_USER_1',
		password: 'pa ss&word',
	});
	expect(requests[0].body).toBeUndefined();
	const token = r.credentials.oneOtTerminalApi.accessToken;
	expect(token).toMatch(/^oneot-/);
	expect(requests[1].headers.authorization).toBe(`Bearer ${token}`);
	expect(r.preAuthentications('oneOtTerminalApi')).toBe(1);
});

test('a stored token is reused; after a 401 n8n-core re-runs preAuthentication and retries', async () => {
	const first = await runWorkflow(workflow(), { credentials, package: pkg });
	const reused = await runWorkflow(workflow(), { credentials: first.credentials, package: pkg });
	expect(reused.preAuthentications()).toBe(0);
	expect(reused.credentials.oneOtTerminalApi.accessToken).toBe(first.credentials.oneOtTerminalApi.accessToken);

	server.expireTokens();
	const before = server.state.requests.length;
	const r = await runWorkflow(workflow(), { credentials: first.credentials, package: pkg });
	expect(r.status).toBe('success');
	expect(server.state.requests.slice(before).map((q) => `${q.method} ${q.path}`)).toEqual([
		'GET /v1/get_account_groups', // 401
		'POST /v1/oauth/token',
		'GET /v1/get_account_groups',
	]);
	expect(r.credentialLog.filter((e) => e.event === 'preAuthentication')).toEqual([
		{ event: 'preAuthentication', type: 'oneOtTerminalApi', node: '1oT', expired: true },
	]);
	expect(r.credentials.oneOtTerminalApi.accessToken).not.toBe(first.credentials.oneOtTerminalApi.accessToken);
});

test('a refused login is a node error that names the credential', async () => {
	credentials.oneOtTerminalApi.password = 'wrong';
	const r = await runWorkflow(workflow(), { credentials, package: pkg });
	expect(r.status).toBe('error');
	expect(r.error.node.name).toBe('1oT');
	expect(`${r.error.message} ${r.error.description ?? ''}`).toMatch(/refused the username or password/);
});

test('the helper on its own: preAuthentication runs only when the token is empty or expired', async () => {
	const store = { oneOtTerminalApi: { ...credentials.oneOtTerminalApi } };
	const helper = new TestCredentialsHelper(pkg.credentialTypes, store);
	const calls = [];
	const helpers = {
		helpers: {
			httpRequest: async (options) => {
				calls.push(options);
				return { access_token: `t${calls.length}` };
			},
		},
	};
	const node = { name: 'N', credentials: { oneOtTerminalApi: { id: 'x', name: 'x' } }, parameters: {} };

	const decrypted = await helper.getDecrypted({}, node.credentials.oneOtTerminalApi, 'oneOtTerminalApi', 'manual');
	expect(decrypted.accessToken).toBe(''); // the type's default
	expect(await helper.preAuthentication(helpers, decrypted, 'oneOtTerminalApi', node, false)).toMatchObject({
		accessToken: 't1',
	});
	expect(calls[0]).toMatchObject({ method: 'POST', url: `${server.url}/v1/oauth/token` });
	expect(store.oneOtTerminalApi.accessToken).toBe('t1');

	const again = await helper.getDecrypted({}, node.credentials.oneOtTerminalApi, 'oneOtTerminalApi', 'manual');
	expect(await helper.preAuthentication(helpers, again, 'oneOtTerminalApi', node, false)).toBeUndefined();
	expect(calls).toHaveLength(1);
	await helper.preAuthentication(helpers, again, 'oneOtTerminalApi', node, true);
	expect(store.oneOtTerminalApi.accessToken).toBe('t2');

	// authenticate: the generic Bearer header resolved by n8n-workflow's expression resolver.
	const wf = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: pkg.nodeTypes });
	const options = await helper.authenticate(again, 'oneOtTerminalApi', { url: 'x' }, wf, node);
	expect(options.headers).toEqual({ Authorization: 'Bearer t2' });
});

describe('a Base URL that does not answer: the cause and the host, never the password', () => {
	const net = require('node:net');
	const closedPort = () =>
		new Promise((resolve) => {
			const s = net.createServer().listen(0, '127.0.0.1', () => {
				const { port } = s.address();
				s.close(() => resolve(port));
			});
		});
	const failWith = async (baseUrl) => {
		credentials.oneOtTerminalApi.baseUrl = baseUrl;
		const r = await runWorkflow(workflow(), { credentials, package: pkg });
		expect(r.status).toBe('error');
		const text = `${r.error.message} ${r.error.description ?? ''}`;
		expect(text).not.toContain('pa ss&word');
		expect(text).not.toContain(encodeURIComponent('pa ss&word'));
		return text;
	};

	test('connection refused', async () => {
		const port = await closedPort();
		expect(await failWith(`http://127.0.0.1:${port}/v1`)).toMatch(
			new RegExp(`Could not get a token from the 1oT Terminal at http://127\\.0\\.0\\.1:${port}/v1: the connection was refused by 127\\.0\\.0\\.1:${port}`),
		);
	});

	test('a host name that does not resolve', async () => {
		expect(await failWith('http://no-such-host.invalid/v1')).toMatch(/the host name no-such-host\.invalid was not found \(DNS\)/);
	});

	test('a server that closes the connection without answering', async () => {
		const server = net.createServer((socket) => socket.destroy()).listen(0, '127.0.0.1');
		await new Promise((r) => server.once('listening', r));
		try {
			const { port } = server.address();
			expect(await failWith(`http://127.0.0.1:${port}/v1`)).toMatch(new RegExp(`127\\.0\\.0\\.1:${port} closed the connection before answering`));
		} finally {
			server.close();
		}
	});
});

describe('a stored token serves only the username, password and Base URL it was granted for', () => {
	test('the same values: the token is reused, no new grant', async () => {
		const first = await runWorkflow(workflow(), { credentials, package: pkg });
		expect(first.credentials.oneOtTerminalApi.grantedFor).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(first.credentials.oneOtTerminalApi.grantedFor)).not.toContain('pa ss&word');
		const again = await runWorkflow(workflow(), { credentials: first.credentials, package: pkg });
		expect(again.status).toBe('success');
		expect(again.preAuthentications()).toBe(0);
	});

	test('a password changed to a wrong one fails at once, although the old token would still work', async () => {
		const first = await runWorkflow(workflow(), { credentials, package: pkg });
		const changed = { oneOtTerminalApi: { ...first.credentials.oneOtTerminalApi, password: 'not the password' } };
		const before = server.state.requests.length;
		const r = await runWorkflow(workflow(), { credentials: changed, package: pkg });
		expect(r.status).toBe('error');
		expect(`${r.error.message} ${r.error.description ?? ''}`).toMatch(/refused the username or password/);
		// the old token was never sent: the call went without one, and the new grant was refused
		const sent = server.state.requests.slice(before);
		expect(sent.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /v1/get_account_groups', 'POST /v1/oauth/token']);
		expect(sent[0].headers.authorization).toBeUndefined();
	});

	test('a token from before (no record of what it was granted for) is renewed once, then reused', async () => {
		const first = await runWorkflow(workflow(), { credentials, package: pkg });
		const legacy = { oneOtTerminalApi: { ...first.credentials.oneOtTerminalApi, grantedFor: '' } };
		const r = await runWorkflow(workflow(), { credentials: legacy, package: pkg });
		expect(r.status).toBe('success');
		expect(r.preAuthentications()).toBe(1);
		const next = await runWorkflow(workflow(), { credentials: r.credentials, package: pkg });
		expect(next.preAuthentications()).toBe(0);
	});
});
