'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');
const { startSimulator, demoFleet } = require('../../simulator');
const { parseArgs } = require('../../simulator/cli');
const { client, control, expectErrorBody, demoPerTest } = require('./client');

const BIKE1 = '8988303000000000010';
const BIKE2 = '8988303000000000028';
const BIKE4 = '8988303000000000044';

describe('faults', () => {
	const ctx = demoPerTest();

	test('status fault on one path, a given number of times', async () => {
		ctx.sim.injectFaults([{ path: '/v1/get_sims', kind: 'status', status: 503, times: 2 }]);
		expect((await ctx.c.get('get_sim', { iccid: BIKE1 })).status).toBe(200); // other paths untouched
		const first = await ctx.c.get('get_sims', { iccid: BIKE1 });
		expect(first.status).toBe(503);
		expectErrorBody(first.body);
		expect(first.headers.get('retry-after')).toBeNull();
		expect((await ctx.c.get('get_sims', { iccid: BIKE1 })).status).toBe(503);
		expect((await ctx.c.get('get_sims', { iccid: BIKE1 })).status).toBe(200);
		expect(ctx.sim.pendingFaults()).toEqual([]);
	});

	test('Retry-After on injected faults: as given, else 1 for a 429 only', async () => {
		ctx.sim.injectFaults([
			{ path: 'get_sim', kind: 'status', status: 503, retryAfter: 2 },
			{ path: 'get_sim', kind: 'status', status: 429 },
		]);
		expect((await ctx.c.get('get_sim', { iccid: BIKE1 })).headers.get('retry-after')).toBe('2');
		const limited = await ctx.c.get('get_sim', { iccid: BIKE1 });
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('1');
	});

	test('a fault without a path hits the next API call but not the token endpoint', async () => {
		ctx.sim.injectFaults({ kind: 'status', status: 500 });
		await ctx.c.fetchToken();
		expect((await ctx.c.get('get_account_groups')).status).toBe(500);
		expect((await ctx.c.get('get_account_groups')).status).toBe(200);
	});

	test('the token endpoint can be faulted by naming it', async () => {
		ctx.sim.injectFaults({ path: '/v1/oauth/token', kind: 'status', status: 502 });
		await expect(ctx.c.fetchToken()).rejects.toThrow(/502/);
		await ctx.c.fetchToken();
	});

	test('a status fault with a failed SIM action changes nothing', async () => {
		ctx.sim.injectFaults({ path: 'suspend', kind: 'status', status: 500 });
		expect((await ctx.c.put('suspend', { iccid: BIKE1 })).status).toBe(500);
		expect(ctx.sim.getSim(BIKE1).status).toEqual({ primary: 'ON', secondary: 'LIVE' });
	});

	test('drop destroys the connection without an answer', async () => {
		ctx.sim.injectFaults([{ kind: 'drop', times: 1 }]);
		await expect(ctx.c.get('get_sim', { iccid: BIKE1 })).rejects.toThrow();
		expect((await ctx.c.get('get_sim', { iccid: BIKE1 })).status).toBe(200);
		expect(ctx.sim.requests().map((r) => r.status)).toEqual(expect.arrayContaining([0, 200]));
	});

	test('malformed answers 200 application/json with a truncated body', async () => {
		ctx.sim.injectFaults([{ path: '/v1/get_sims', kind: 'malformed', times: 1 }]);
		const res = await fetch(`${ctx.sim.baseUrl}/get_sims?iccid=${BIKE1}`, { headers: { Authorization: `Bearer ${ctx.c.token}` } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^application\/json/);
		const text = await res.text();
		expect(() => JSON.parse(text)).toThrow();
		expect((await ctx.c.get('get_sims', { iccid: BIKE1 })).status).toBe(200);
	});

	test('delay fault answers normally after a pause', async () => {
		ctx.sim.injectFaults({ kind: 'delay', ms: 20 });
		expect((await ctx.c.get('get_account_groups')).status).toBe(200);
		expect(ctx.sim.pendingFaults()).toEqual([]);
	});

	test('clearFaults removes what is left', async () => {
		ctx.sim.injectFaults({ kind: 'status', status: 503, times: 10 });
		ctx.sim.clearFaults();
		expect((await ctx.c.get('get_account_groups')).status).toBe(200);
	});

	test('unknown fault kinds are refused', () => {
		expect(() => ctx.sim.injectFaults({ kind: 'explode' })).toThrow(/fault kind/);
	});
});

describe('rate limit', () => {
	test('over the limit: 429 with Retry-After in whole seconds and the error body; the token endpoint is not counted', async () => {
		let now = 1_750_000_000_000;
		const sim = await startSimulator({ fleet: demoFleet(), clock: () => now, rateLimit: { requests: 3, perMs: 10_000 } });
		try {
			const c = client(sim);
			await c.fetchToken();
			for (let i = 0; i < 3; i++) expect((await c.get('get_account_groups')).status).toBe(200);
			await c.fetchToken(); // not counted, not limited
			const limited = await c.get('get_account_groups');
			expect(limited.status).toBe(429);
			expectErrorBody(limited.body);
			expect(limited.headers.get('retry-after')).toBe('10');
			now += 9_500;
			const later = await c.get('get_account_groups');
			expect(later.status).toBe(429);
			expect(later.headers.get('retry-after')).toBe('1');
			now += 500;
			expect((await c.get('get_account_groups')).status).toBe(200);
			expect(sim.counts().byStatus).toMatchObject({ 200: 6, 429: 2 });

			sim.setRateLimit(null);
			for (let i = 0; i < 5; i++) expect((await c.get('get_account_groups')).status).toBe(200);
		} finally {
			await sim.close();
		}
	});
});

describe('latency and real-time settling', () => {
	test('setLatency keeps answers correct', async () => {
		const sim = await startSimulator({ fleet: demoFleet(), latencyMs: 5 });
		try {
			const c = client(sim);
			expect((await c.get('get_sim', { iccid: BIKE1 })).status).toBe(200);
			sim.setLatency(0);
			expect((await c.get('get_sim', { iccid: BIKE1 })).status).toBe(200);
		} finally {
			await sim.close();
		}
	});

	test('a PENDING SIM settles by itself once pendingDelayMs has passed', async () => {
		const sim = await startSimulator({ fleet: demoFleet(), pendingDelayMs: 50 });
		try {
			const c = client(sim);
			expect((await c.put('suspend', { iccid: BIKE1 })).status).toBe(202);
			const seen = new Set();
			for (let i = 0; i < 200; i++) {
				const s = (await c.get('get_sim', { iccid: BIKE1 })).body.status;
				seen.add(`${s.primary}/${s.secondary}`);
				if (s.primary !== 'PENDING') break;
				await new Promise((r) => setTimeout(r, 10));
			}
			expect([...seen].pop()).toBe('ON/SUSPENDED');
			expect([...seen].every((s) => s === 'PENDING/SUSPENDED' || s === 'ON/SUSPENDED')).toBe(true);
		} finally {
			await sim.close();
		}
	});
});

describe('in-process control', () => {
	let sim;
	beforeEach(async () => {
		sim = await startSimulator({ fleet: demoFleet() });
	});
	afterEach(() => sim.close());

	test('states, getSim, setSim, setStatus', async () => {
		expect(Object.keys(sim.states())).toHaveLength(5);
		expect(sim.states()[BIKE4]).toEqual({ primary: 'ON', secondary: 'SUSPENDED' });
		expect(sim.getSim('8988300000000000000')).toBeNull();
		sim.setSim(BIKE1, { group: 'returned', imei: '359131080000094', name: 'spare' });
		expect(sim.getSim(BIKE1)).toMatchObject({ group: 'returned', imei: '359131080000094', name: 'spare' });
		sim.setStatus(BIKE1, 'OFF', 'OFF');
		expect(sim.states()[BIKE1]).toEqual({ primary: 'OFF', secondary: 'OFF' });
		sim.setStatus(BIKE1, 'PENDING', 'LIVE', { settleAfterMs: Infinity });
		expect(sim.states()[BIKE1]).toEqual({ primary: 'PENDING', secondary: 'LIVE' });
		const c = client(sim);
		expect((await c.put('activate', { iccid: BIKE1 })).status).toBe(409);
		sim.settleAll();
		expect(sim.states()[BIKE1]).toEqual({ primary: 'ON', secondary: 'LIVE' });
		expect(() => sim.setStatus(BIKE1, 'SIDEWAYS')).toThrow();
	});

	test('request log and counts, kept cheap: long values cut, password masked', async () => {
		const c = client(sim);
		await c.get('get_sims', { iccid: `${BIKE1},${BIKE2}` });
		await c.get('get_sim', { iccid: '1' });
		const log = sim.requests();
		expect(log.map((r) => [r.method, r.path, r.status])).toEqual([
			['POST', '/v1/oauth/token', 200],
			['GET', '/v1/get_sims', 200],
			['GET', '/v1/get_sim', 400],
		]);
		expect(log[0].query.password).toBe('***');
		expect(log[1]).toEqual({ method: 'GET', path: '/v1/get_sims', query: { iccid: `${BIKE1},${BIKE2}` }, status: 200, iccids: 2, at: expect.any(Number) });
		expect(sim.counts()).toEqual({
			total: 3,
			byPath: { '/v1/oauth/token': 1, '/v1/get_sims': 1, '/v1/get_sim': 1 },
			byStatus: { 200: 2, 400: 1 },
		});
		const many = Array.from({ length: 1000 }, (_, i) => `89883090000${String(i).padStart(8, '0')}`);
		expect((await c.get('get_sims', { iccid: many.join(',') })).body.found).toBe(0);
		const last = sim.requests().pop();
		expect(last.iccids).toBe(1000);
		expect(last.query.iccid.length).toBeLessThanOrEqual(4001);
		sim.resetRequests();
		expect(sim.requests()).toEqual([]);
		expect(sim.counts().total).toBe(0);
	});

	test('requestLogLimit keeps only the newest entries; counts stay exact', async () => {
		const small = await startSimulator({ fleet: demoFleet(), requestLogLimit: 3 });
		try {
			const c = client(small);
			for (let i = 0; i < 10; i++) await c.get('get_account_groups');
			expect(small.requests()).toHaveLength(3);
			expect(small.counts().total).toBe(11);
		} finally {
			await small.close();
		}
	});
});

describe('control over HTTP', () => {
	let sim;
	beforeEach(async () => {
		sim = await startSimulator({ fleet: demoFleet() });
	});
	afterEach(() => sim.close());

	test('state, sims, status, settle', async () => {
		const state = await control(sim, 'state');
		expect(state.body[BIKE1]).toEqual({ primary: 'ON', secondary: 'LIVE' });
		const one = await control(sim, `sims/${BIKE1}`);
		expect(one.body).toMatchObject({ iccid: BIKE1, name: 'bike-001' });
		expect((await control(sim, 'sims/8988300000000000000')).status).toBe(404);
		const set = await control(sim, 'status', { iccid: BIKE1, primary: 'ON', secondary: 'SUSPENDED' });
		expect(set.body.status).toEqual({ primary: 'ON', secondary: 'SUSPENDED' });
		await control(sim, 'status', { iccid: BIKE1, primary: 'PENDING', secondary: 'LIVE', settleAfterMs: -1 });
		expect(sim.states()[BIKE1].primary).toBe('PENDING');
		await control(sim, 'settle', {});
		expect(sim.states()[BIKE1]).toEqual({ primary: 'ON', secondary: 'LIVE' });
		const patched = await control(sim, `sims/${BIKE1}`, { data_limit: 42 });
		expect(patched.body.data_limit).toBe(42);
		expect((await control(sim, 'status', { iccid: 'nope', primary: 'ON' })).status).toBe(400);
	});

	test('requests, counts, reset-requests', async () => {
		const c = client(sim);
		await c.get('get_account_groups');
		expect((await control(sim, 'requests')).body.map((r) => r.path)).toEqual(['/v1/oauth/token', '/v1/get_account_groups']);
		expect((await control(sim, 'counts')).body.total).toBe(2);
		await control(sim, 'reset-requests', {});
		expect((await control(sim, 'counts')).body.total).toBe(0);
	});

	test('faults, clear-faults, expire-tokens, latency, rate-limit', async () => {
		const c = client(sim);
		await c.fetchToken();
		await control(sim, 'faults', [{ path: '/v1/get_sim', kind: 'status', status: 503, times: 1 }]);
		expect((await c.get('get_sim', { iccid: BIKE1 })).status).toBe(503);
		await control(sim, 'faults', [{ kind: 'status', status: 500, times: 5 }]);
		await control(sim, 'clear-faults', {});
		expect((await c.get('get_sim', { iccid: BIKE1 })).status).toBe(200);

		await control(sim, 'expire-tokens', {});
		expect((await c.get('get_sim', { iccid: BIKE1 })).status).toBe(401);
		await c.fetchToken();

		await control(sim, 'latency', { ms: 1 });
		expect((await c.get('get_sim', { iccid: BIKE1 })).status).toBe(200);
		await control(sim, 'latency', { ms: 0 });

		await control(sim, 'rate-limit', { requests: 1, perMs: 60000 });
		expect((await c.get('get_sim', { iccid: BIKE1 })).status).toBe(200);
		expect((await c.get('get_sim', { iccid: BIKE1 })).status).toBe(429);
		await control(sim, 'rate-limit', null);
		expect((await c.get('get_sim', { iccid: BIKE1 })).status).toBe(200);
		expect((await control(sim, 'faults', [{ kind: 'nope' }])).status).toBe(400);
	});

	test('alerts posted over HTTP show up in the API', async () => {
		const posted = await control(sim, 'alerts', { iccid: BIKE2, trigger: 'SIM left its home country' });
		expect(posted.body).toEqual({ id: expect.any(String), iccid: BIKE2, trigger: 'SIM left its home country', timestamp: expect.any(Number), is_read: false });
		const res = await client(sim).get('get_account_alerts', { only_unread: true });
		expect(res.body.alerts).toEqual([posted.body]);
	});

	test('operator API stand-in records calls', async () => {
		const res = await fetch(`${sim.url}/operator/notify/suspended`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'X-Api-Key': 'k' },
			body: JSON.stringify({ iccid: BIKE1, reason: 'overuse' }),
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ ok: true });
		const calls = sim.operatorCalls();
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({ path: '/operator/notify/suspended', body: { iccid: BIKE1, reason: 'overuse' } });
		expect(calls[0].headers['x-api-key']).toBe('k');
		expect((await control(sim, 'operator-calls')).body).toHaveLength(1);
	});

	test('unknown paths answer 404', async () => {
		expect((await fetch(`${sim.url}/elsewhere`)).status).toBe(404);
		expect((await control(sim, 'nothing-here')).status).toBe(404);
	});
});

describe('CLI', () => {
	test('parseArgs', () => {
		expect(parseArgs([])).toMatchObject({ port: 8765, fleet: { count: 100, seed: 1, demo: true } });
		expect(
			parseArgs(['--port', '0', '--count=20', '--seed', '4', '--latency', '10', '--pending-delay', '500', '--rate-limit', '100/1000']),
		).toMatchObject({ port: 0, fleet: { count: 20, seed: 4 }, latencyMs: 10, pendingDelayMs: 500, rateLimit: { requests: 100, perMs: 1000 } });
		expect(() => parseArgs(['--rate-limit', 'lots'])).toThrow();
		expect(() => parseArgs(['--what'])).toThrow();
	});

	test('starts, prints the base URL and credentials, serves, stops on SIGTERM', async () => {
		const child = spawn(process.execPath, [path.join(__dirname, '../../simulator/cli.js'), '--port', '0', '--count', '10'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
		try {
			const baseUrl = await new Promise((resolve, reject) => {
				child.stdout.on('data', (d) => {
					out += d;
					const m = /Base URL: (\S+)/.exec(out);
					if (m && /Password:/.test(out)) resolve(m[1]);
				});
				child.on('exit', () => reject(new Error(`cli exited: ${out}`)));
			});
			expect(out).toMatch(/Username: sim-user/);
			expect(out).toMatch(/Password: sim-password/);
			const tok = await fetch(`${baseUrl}/oauth/token?grant_type=password&username=sim-user&password=sim-password`, { method: 'POST' });
			const { access_token: token } = await tok.json();
			const sims = await (await fetch(`${baseUrl}/get_account_sims`, { headers: { Authorization: `Bearer ${token}` } })).json();
			expect(sims.total).toBe(10);
			expect(sims.sims[0].name).toBe('bike-001');
		} finally {
			child.kill('SIGTERM');
		}
		expect(await exited).toBe(0);
	});
});
