// An honest client, through n8n's engine against the simulator: an action whose answer is lost (dropped after the
// API applied it, 5xx, a garbled body) or refused with 409 is settled by reading the SIM; the token endpoint is
// retried like any call; a credential the API keeps refusing fails the list once; no token ever reaches an output.
const { runWorkflow } = require('../helpers/engine');
const { startSimulator, credentialsFor, terminalWorkflow } = require('../helpers/terminal');

const setState = (state, options = {}) => ({ resource: 'sim', operation: 'setState', state, options });

describe('1oT Terminal › an honest client', () => {
	let sim;
	beforeEach(async () => {
		sim = await startSimulator({ fleet: { count: 80, seed: 41 }, pendingDelayMs: 2000 });
		for (const id of sim.iccids()) sim.setStatus(id, 'ON', 'LIVE');
	});
	afterEach(async () => sim.close());

	const items = (n) => sim.iccids().slice(0, n).map((iccid) => ({ iccid }));
	const run = (parameters, input, credentials = credentialsFor(sim)) =>
		runWorkflow(terminalWorkflow(parameters, input, { continueOnFail: true }), { credentials });
	const puts = (path) => sim.requests().filter((r) => r.path === path);

	test.each([
		['a connection dropped after the API applied the call', { kind: 'drop', after: true }],
		['a 502 after the API applied the call', { kind: 'status', status: 502, after: true }],
		['a garbled 2xx body after the API applied the call', { kind: 'malformed', after: true }],
	])('%s: the SIMs are read, not sent again, and every item says what the SIM shows', async (_, fault) => {
		sim.injectFaults({ ...fault, path: '/v1/suspend' });
		sim.resetRequests();
		const result = await run(setState('suspended'), items(60));
		expect(result.status).toBe('success');
		const out = result.output('1oT Terminal');
		expect(out.filter((o) => o.error)).toEqual([]);
		// What the SIM shows when it is read again: still PENDING, or already settled on a slow machine.
		for (const o of out) {
			expect(o).toMatchObject({ action: 'suspend', changed: true, status: { primary: expect.stringMatching(/^(PENDING|ON)$/), secondary: 'SUSPENDED' } });
		}
		expect(puts('/v1/suspend')).toHaveLength(1);
		expect(sim.counts().byPath['/v1/get_sims']).toBe(2);
	});

	test('a garbled answer when the call was not applied: the SIMs are read, then sent again', async () => {
		sim.injectFaults({ kind: 'malformed', path: '/v1/deactivate' });
		sim.resetRequests();
		const result = await run(setState('off'), items(30));
		expect(result.output('1oT Terminal').filter((o) => o.error)).toEqual([]);
		expect(puts('/v1/deactivate').map((r) => r.status)).toEqual([200, 202]);
		sim.settleAll();
		for (const { iccid } of items(30)) expect(sim.states()[iccid]).toEqual({ primary: 'OFF', secondary: 'OFF' });
	});

	test('409 for a SIM that went PENDING under us: it is read and waited for; the rest of the list goes on at once', async () => {
		const [first, second] = sim.iccids();
		sim.setPendingDelay(0);
		// The API names the SIM it refuses; as the list is read before, that SIM is not PENDING any more when read.
		sim.injectFaults({
			kind: 'status',
			status: 409,
			path: '/v1/deactivate',
			body: { error_code: 'E201', error_description: `SIM ${second} is transitioning to the SUSPENDED state; try again when it has settled` },
		});
		sim.resetRequests();
		const result = await run(setState('off'), items(40));
		const out = result.output('1oT Terminal');
		expect(out.filter((o) => o.error)).toEqual([]);
		expect(puts('/v1/deactivate').map((r) => [r.status, r.iccids])).toEqual([
			[409, 40],
			[202, 39],
			[202, 1],
		]);
		sim.settleAll();
		expect(sim.states()[second]).toEqual({ primary: 'OFF', secondary: 'OFF' });
		expect(sim.states()[first]).toEqual({ primary: 'OFF', secondary: 'OFF' });
	});

	test('the Activate operation, its answer lost after it was applied: one call, the item reports the SIM', async () => {
		const ids = sim.iccids().slice(0, 5);
		ids.forEach((id) => sim.setStatus(id, 'OFF'));
		sim.injectFaults({ kind: 'status', status: 504, after: true, path: '/v1/activate' });
		sim.resetRequests();
		const result = await run({ resource: 'sim', operation: 'activate' }, ids.map((iccid) => ({ iccid })));
		const out = result.output('1oT Terminal');
		expect(out.filter((o) => o.error)).toEqual([]);
		for (const o of out) {
			expect(o).toMatchObject({ operation: 'activate', changed: true, status: { primary: expect.stringMatching(/^(PENDING|ON)$/), secondary: 'LIVE' } });
		}
		expect(puts('/v1/activate')).toHaveLength(1);
	});

	test('sendSms whose answer is lost is not sent twice: the item says it may have been sent', async () => {
		sim.injectFaults({ kind: 'drop', after: true, path: '/v1/sendSms' });
		const [one] = items(1);
		const result = await run({ resource: 'sim', operation: 'sendSms', message: 'hello' }, [one]);
		expect(result.output('1oT Terminal')[0].error).toMatch(/may or may not have been applied/);
		expect(sim.sentSms()).toHaveLength(1);
	});

	test('the token endpoint is retried like any call: a 503 and a dropped connection during a renewal fail nothing', async () => {
		const warm = await run({ resource: 'sim', operation: 'get' }, items(1));
		sim.expireTokens();
		sim.injectFaults([
			{ kind: 'status', status: 503, path: '/v1/oauth/token' },
			{ kind: 'drop', path: '/v1/oauth/token' },
		]);
		sim.resetRequests();
		const result = await run(setState('suspended'), items(50), warm.credentials);
		expect(result.output('1oT Terminal').filter((o) => o.error)).toEqual([]);
		expect(sim.counts().byPath['/v1/oauth/token']).toBe(3);
		sim.settleAll();
		for (const { iccid } of items(50)) expect(sim.states()[iccid].secondary).toBe('SUSPENDED');
	});

	test('a credential the API keeps refusing fails the list once, with one clear message and no storm of calls', async () => {
		const warm = await run({ resource: 'sim', operation: 'get' }, items(1));
		sim.injectFaults({ kind: 'status', status: 401, times: 100000, body: { error: 'invalid_token', error_description: 'Access denied' } });
		sim.resetRequests();
		const result = await run(setState('off'), items(60), warm.credentials);
		const out = result.output('1oT Terminal');
		expect(out).toHaveLength(60);
		const messages = new Set(out.map((o) => o.error.replace(/^Item \d+: /, '')));
		expect(messages.size).toBe(1);
		expect([...messages][0]).toMatch(/refuses the credential "1oT Terminal API".*Check its username, password and base URL/);
		const counts = sim.counts();
		// Three times a new token, each refused (a 401 to a fresh token may be a fluke once or twice), then nothing.
		expect(counts.byPath['/v1/oauth/token']).toBe(3);
		expect(counts.total - counts.byPath['/v1/oauth/token']).toBeLessThanOrEqual(9);
		expect(counts.byPath['/v1/get_sim'] ?? 0).toBe(0);
	});

	test('a server that echoes the token, or the password, into its errors: neither reaches any output or error', async () => {
		const first = await run({ resource: 'sim', operation: 'get' }, items(1));
		const token = first.credentials.oneOtTerminalApi.accessToken;
		expect(token).toEqual(expect.any(String));
		sim.injectFaults([
			{ kind: 'status', status: 400, echoToken: true, path: '/v1/get_sims', times: 1 },
			{ kind: 'status', status: 401, echoToken: true, path: '/v1/get_sim', times: 100 },
		]);
		const bad = await run(setState('off', { maxRetries: 0 }), items(20), first.credentials);
		// The token endpoint echoes the password into its error too.
		sim.expireTokens();
		sim.injectFaults({ kind: 'status', status: 500, echoToken: true, path: '/v1/oauth/token', times: 100 });
		const noToken = await runWorkflow(terminalWorkflow(setState('off', { maxRetries: 1 }), items(3)), { credentials: bad.credentials });
		for (const result of [bad, noToken]) {
			const text = JSON.stringify({ runData: result.runData, error: result.error, errorProps: result.error && { ...result.error } });
			expect(text).not.toContain(token);
			expect(text).not.toContain(sim.credentials.password);
		}
		expect(JSON.stringify(bad.runData)).toMatch(/Access token \*\*\* refused/);
		expect(noToken.status).toBe('error');
		expect(noToken.error.message).toMatch(/Could not get a token/);
	});
});
