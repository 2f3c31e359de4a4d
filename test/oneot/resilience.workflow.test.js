// What production throws at the node: tokens that expire, throttling, server errors, dropped
// connections, garbled answers, wrong passwords. Through n8n's engine against the simulator.
const { runWorkflow } = require('../helpers/engine');
const { startSimulator, credentialsFor, terminalWorkflow } = require('../helpers/terminal');

const setState = (state, options = {}) => ({ resource: 'sim', operation: 'setState', state, options });

describe('1oT Terminal › resilience', () => {
	let sim;
	beforeEach(async () => {
		sim = await startSimulator({ fleet: { count: 20, seed: 8 } });
		for (const id of sim.iccids()) sim.setStatus(id, 'ON', 'LIVE');
	});
	afterEach(async () => sim.close());

	const items = (n) => sim.iccids().slice(0, n).map((iccid) => ({ iccid }));

	test('a token that expires between two runs is renewed by n8n and the call repeated', async () => {
		const first = await runWorkflow(terminalWorkflow(setState('live'), items(2)), { credentials: credentialsFor(sim) });
		expect(first.status).toBe('success');
		expect(first.credentials.oneOtTerminalApi.accessToken).toEqual(expect.any(String));

		sim.expireTokens();
		sim.resetRequests();
		const second = await runWorkflow(terminalWorkflow(setState('suspended'), items(2)), { credentials: first.credentials });
		expect(second.status).toBe('success');
		expect(second.credentials.oneOtTerminalApi.accessToken).not.toBe(first.credentials.oneOtTerminalApi.accessToken);
		expect(sim.counts().byPath['/v1/oauth/token']).toBe(1);
		expect(sim.states()[sim.iccids()[0]].secondary).toBe('SUSPENDED');
	});

	test('a token refused mid-run (after the read, at the action) is renewed and the action repeated', async () => {
		const warm = await runWorkflow(terminalWorkflow({ resource: 'sim', operation: 'get' }, items(1)), {
			credentials: credentialsFor(sim),
		});
		// The API answers 401 to the action calls until a new token is fetched, as it does when a token
		// runs out between two calls (the node asks once more in the mode where n8n renews the token).
		sim.injectFaults({
			kind: 'status',
			status: 401,
			path: '/v1/suspend',
			times: 2,
			body: { error: 'invalid_token', error_description: 'Access token expired' },
		});
		sim.resetRequests();
		const result = await runWorkflow(terminalWorkflow(setState('suspended'), items(3)), { credentials: warm.credentials });
		expect(result.status).toBe('success');
		expect(sim.requests().map((r) => `${r.path} ${r.status}`)).toEqual([
			'/v1/get_sims 200',
			'/v1/suspend 401',
			'/v1/suspend 401',
			'/v1/oauth/token 200',
			'/v1/suspend 202',
		]);
		expect(result.credentials.oneOtTerminalApi.accessToken).not.toBe(warm.credentials.oneOtTerminalApi.accessToken);
		for (const { iccid } of items(3)) expect(sim.states()[iccid].secondary).toBe('SUSPENDED');
	});

	test('429 with Retry-After: every call waits, then succeeds', async () => {
		sim.injectFaults({ kind: 'status', status: 429, retryAfter: 1, path: '/v1/get_sims', times: 1 });
		const result = await runWorkflow(terminalWorkflow(setState('suspended'), items(3)), { credentials: credentialsFor(sim) });
		expect(result.status).toBe('success');
		expect(sim.counts().byStatus['429']).toBe(1);
		expect(sim.counts().byPath['/v1/get_sims']).toBe(2);
		const [a, b] = sim.requests().filter((r) => r.path === '/v1/get_sims');
		expect(b.at - a.at).toBeGreaterThanOrEqual(900); // Retry-After: 1 honoured (a floor, not a timing claim)
	});

	test('a rate limit on the whole API: the run still converges', async () => {
		sim.setRateLimit({ requests: 2, perMs: 1000 });
		const result = await runWorkflow(
			terminalWorkflow(setState('suspended', { batchSize: 5 }), items(20)),
			{ credentials: credentialsFor(sim) },
		);
		expect(result.status).toBe('success');
		expect(sim.counts().byStatus['429']).toBeGreaterThan(0);
		for (const { iccid } of items(20)) expect(sim.states()[iccid].secondary).toBe('SUSPENDED');
	});

	test('a rate limit met once is kept to: after the first 429 the node paces itself and is not refused again', async () => {
		const fleet = await startSimulator({ fleet: { count: 40, seed: 9 } });
		try {
			for (const id of fleet.iccids()) fleet.setStatus(id, 'ON', 'LIVE');
			fleet.setRateLimit({ requests: 8, perMs: 1000 });
			// 20 reads and 20 actions of two SIMs each: five windows' worth of calls at 8 a second
			const result = await runWorkflow(
				terminalWorkflow(setState('suspended', { batchSize: 2, readBatchSize: 2 }), fleet.iccids().map((iccid) => ({ iccid }))),
				{ credentials: credentialsFor(fleet) },
			);
			expect(result.status).toBe('success');
			const calls = fleet.requests();
			const refused = calls.filter((r) => r.status === 429);
			expect(refused.length).toBeGreaterThan(0);
			// the first window's overflow (the calls in flight) and then none while the learned pace holds (it is raised
			// after five spans without a 429); without the pace every window ends in 429s
			const first = refused[0].at;
			const paced = calls.filter((r) => r.at > first + 500 && r.at < first + 5000);
			expect(paced.length).toBeGreaterThan(20);
			expect(paced.filter((r) => r.status === 429)).toEqual([]);
			expect(refused.filter((r) => r.at <= first + 500).length).toBeLessThanOrEqual(4);
			for (const id of fleet.iccids()) expect(fleet.states()[id].secondary).toBe('SUSPENDED');
		} finally {
			await fleet.close();
		}
	});

	test('a dropped connection and a garbled answer are retried', async () => {
		sim.injectFaults([
			{ kind: 'drop', path: '/v1/get_sims', times: 1 },
			{ kind: 'malformed', path: '/v1/get_sims', times: 1 },
		]);
		const result = await runWorkflow(terminalWorkflow(setState('off'), items(2)), { credentials: credentialsFor(sim) });
		expect(result.status).toBe('success');
		expect(sim.counts().byPath['/v1/get_sims']).toBe(3);
		expect(result.output('1oT Terminal').map((o) => o.action)).toEqual(['deactivate', 'deactivate']);
	});

	test('5xx beyond the retry limit: a clear error that says what was tried', async () => {
		sim.injectFaults({ kind: 'status', status: 502, path: '/v1/suspend', times: 10 });
		const result = await runWorkflow(
			terminalWorkflow(setState('suspended', { maxRetries: 2 }), items(2)),
			{ credentials: credentialsFor(sim) },
		);
		expect(result.status).toBe('error');
		// The answer does not say whether the API applied the suspend: each time the SIM is read before it is sent
		// again, and the error says what the SIM's status is.
		expect(result.error.message).toMatch(
			/Item 0: SIM \d+: The 1oT Terminal's answer to PUT \/suspend was lost \(HTTP 502\).*after 3 attempts the SIM's status says ON\/LIVE/,
		);
		expect(sim.counts().byPath['/v1/suspend']).toBe(3);
		expect(sim.counts().byPath['/v1/get_sims']).toBe(4);
	});

	test('Continue On Fail: the failed items come out with their error, the others go on', async () => {
		sim.injectFaults({ kind: 'status', status: 500, path: '/v1/deactivate', times: 10 });
		const [a, b] = sim.iccids();
		sim.setStatus(b, 'ON', 'SUSPENDED');
		const result = await runWorkflow(
			terminalWorkflow(setState('={{ $json.state }}', { maxRetries: 0 }), [
				{ iccid: a, state: 'off' },
				{ iccid: b, state: 'live' },
			], { continueOnFail: true }),
			{ credentials: credentialsFor(sim) },
		);
		expect(result.status).toBe('success');
		const [failed, resumed] = result.output('1oT Terminal');
		expect(failed).toMatchObject({
			iccid: a,
			state: 'off',
			error: expect.stringMatching(/answer to PUT \/deactivate was lost \(HTTP 500\).*status says ON\/LIVE/),
			httpCode: '500',
		});
		expect(resumed).toMatchObject({ iccid: b, action: 'resume', changed: true });
	});

	test('a wrong password: a clear error, and no secret anywhere in the result', async () => {
		const credentials = credentialsFor(sim);
		credentials.oneOtTerminalApi.password = 'wrong-Secret-Passw0rd';
		const result = await runWorkflow(terminalWorkflow(setState('live'), items(1)), { credentials });
		expect(result.status).toBe('error');
		expect(result.error.message + ' ' + (result.error.description ?? '')).toMatch(/refused the username or password/);
		const everything = JSON.stringify({ error: result.error, errorProps: Object.assign({}, result.error), runData: result.runData });
		expect(everything).not.toContain('wrong-Secret-Passw0rd');
	});

	test('no token or password in any error item', async () => {
		const credentials = credentialsFor(sim);
		const ok = await runWorkflow(terminalWorkflow(setState('live'), items(1)), { credentials });
		const token = ok.credentials.oneOtTerminalApi.accessToken;
		sim.injectFaults({ kind: 'status', status: 503, times: 50 });
		const result = await runWorkflow(
			terminalWorkflow(setState('off', { maxRetries: 0 }), items(2), { continueOnFail: true }),
			{ credentials: ok.credentials },
		);
		const text = JSON.stringify(result.runData);
		expect(text).toContain('answered 503');
		expect(text).not.toContain(token);
		expect(text).not.toContain(sim.credentials.password);
	});
});
