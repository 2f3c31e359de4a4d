'use strict';
// The simulator's two dialects (1oT's documentation, reference §0b), its documented error codes from per-SIM
// flags, and the faults that spoil an answer after the call did its work.
const { startSimulator, demoFleet } = require('../../simulator');
const { parseArgs } = require('../../simulator/cli');
const { client, expectErrorBody, demoPerTest } = require('./client');

const BIKE1 = '8988303000000000010'; // ON/LIVE
const BIKE2 = '8988303000000000028'; // ON/LIVE
const BIKE3 = '8988303000000000036'; // ON/LIVE
const BIKE4 = '8988303000000000044'; // ON/SUSPENDED (legacy), OFF (current)

describe('dialects', () => {
	test('legacy: no state field; ON/SUSPENDED exists; suspend/resume toggle it', async () => {
		const sim = await startSimulator({ fleet: demoFleet() });
		try {
			const c = client(sim);
			const one = (await c.get('get_sim', { iccid: BIKE4 })).body;
			expect(one.state).toBeUndefined();
			expect(one.status).toEqual({ primary: 'ON', secondary: 'SUSPENDED' });
			expect((await c.put('suspend', { iccid: BIKE1 })).status).toBe(202);
			expect((await c.get('get_sim', { iccid: BIKE1 })).body.status).toEqual({ primary: 'ON', secondary: 'SUSPENDED' });
		} finally {
			await sim.close();
		}
	});

	test('current: state beside status, ON/SUSPENDED is OFF (OFFLINE), suspend goes OFF and resume comes back LIVE', async () => {
		const sim = await startSimulator({ fleet: demoFleet(), dialect: 'current', pendingDelayMs: 60_000 });
		try {
			const c = client(sim);
			expect((await c.get('get_sim', { iccid: BIKE4 })).body).toMatchObject({
				status: { primary: 'OFF', secondary: 'OFF' },
				state: 'OFFLINE',
			});
			expect((await c.get('get_sim', { iccid: BIKE1 })).body).toMatchObject({ status: { primary: 'ON', secondary: 'LIVE' }, state: 'LIVE' });

			expect((await c.put('suspend', { iccid: BIKE1 })).status).toBe(202);
			// While it moves, the status says PENDING and the state shows where it is going, as the Terminal shows it.
			expect((await c.get('get_sim', { iccid: BIKE1 })).body).toMatchObject({
				status: { primary: 'PENDING', secondary: 'OFF' },
				state: 'OFFLINE',
			});
			sim.settleAll();
			expect(sim.states()[BIKE1]).toEqual({ primary: 'OFF', secondary: 'OFF' });
			expect((await c.put('resume', { iccid: BIKE1 })).status).toBe(202);
			sim.settleAll();
			expect(sim.states()[BIKE1]).toEqual({ primary: 'ON', secondary: 'LIVE' });
			expect(() => sim.setStatus(BIKE2, 'ON', 'SUSPENDED')).not.toThrow();
			expect(sim.states()[BIKE2]).toEqual({ primary: 'OFF', secondary: 'OFF' });
		} finally {
			await sim.close();
		}
	});

	test('current: new SIMs wait in ON/ACTIVE_READY; activate takes them LIVE through PENDING/LIVE', async () => {
		const sim = await startSimulator({ fleet: { count: 200, seed: 4 }, dialect: 'current', pendingDelayMs: 60_000 });
		try {
			const c = client(sim);
			const mix = Object.values(sim.states()).map((s) => `${s.primary}/${s.secondary}`);
			expect(mix).toContain('ON/ACTIVE_READY');
			expect(mix).not.toContain('ON/SUSPENDED');
			sim.terminal.addSim({ iccid: '8988309999999999990' });
			const fresh = (await c.get('get_sim', { iccid: '8988309999999999990' })).body;
			expect(fresh).toMatchObject({ status: { primary: 'ON', secondary: 'ACTIVE_READY' }, state: 'ACTIVE_READY' });
			expect((await c.put('activate', { iccid: fresh.iccid })).status).toBe(202);
			expect(sim.states()[fresh.iccid]).toEqual({ primary: 'PENDING', secondary: 'LIVE' });
			sim.settleAll();
			expect((await c.get('get_sim', { iccid: fresh.iccid })).body).toMatchObject({ status: { primary: 'ON', secondary: 'LIVE' }, state: 'LIVE' });
		} finally {
			await sim.close();
		}
	});

	test('the dialect can be switched while running, over HTTP too', async () => {
		const sim = await startSimulator({ fleet: demoFleet() });
		try {
			const res = await fetch(`${sim.url}/__sim/dialect`, { method: 'POST', body: JSON.stringify({ dialect: 'current' }) });
			expect(res.status).toBe(200);
			expect(sim.dialect()).toBe('current');
			expect(sim.getSim(BIKE4)).toMatchObject({ status: { primary: 'OFF', secondary: 'OFF' }, state: 'OFFLINE' });
			const bad = await fetch(`${sim.url}/__sim/dialect`, { method: 'POST', body: JSON.stringify({ dialect: 'v3' }) });
			expect(bad.status).toBe(400);
		} finally {
			await sim.close();
		}
	});
});

describe('documented error codes from per-SIM flags', () => {
	const ctx = demoPerTest({ forbiddenGroups: ['1oT-admins'] });

	const expectCode = (res, status, code, iccid) => {
		expect(res.status).toBe(status);
		expectErrorBody(res.body);
		expect(res.body.error_code).toBe(code);
		if (iccid) expect(res.body.error_description).toContain(iccid);
	};

	test.each([
		['locked', { locked: true }, 'suspend', {}, 403, 'E202'],
		['stateChangeForbidden', { stateChangeForbidden: true }, 'deactivate', {}, 400, 'E201'],
		['imeiLockFails', { imeiLockFails: true }, 'resume', {}, 400, 'E203'],
		['dataLimitReached', { dataLimitReached: true }, 'resume', {}, 400, 'E211'],
		['smsNotAllowed', { smsNotAllowed: true }, 'sendSms', { message: 'hi' }, 400, 'E240'],
	])('%s: the whole list is refused with the code, naming the SIM, and nothing changes', async (_, flags, action, extra, status, code) => {
		ctx.sim.setStatus(BIKE2, 'ON', 'SUSPENDED');
		ctx.sim.setStatus(BIKE3, 'ON', 'SUSPENDED');
		ctx.sim.setFlags(BIKE2, flags);
		const before = ctx.sim.states();
		const res = await ctx.c.put(action, { iccid: `${BIKE3},${BIKE2}`, ...extra });
		expectCode(res, status, code, BIKE2);
		expect(res.body.error_description).not.toContain(BIKE3);
		ctx.sim.settleAll();
		expect(ctx.sim.states()).toEqual(before);
		expect(ctx.sim.sentSms()).toEqual([]);
		// Without the flagged SIM the same call goes through.
		expect((await ctx.c.put(action, { iccid: BIKE3, ...extra })).status).toBeLessThan(300);
	});

	test('E211 until the data limit is raised above the data used; E210 for a limit below it', async () => {
		ctx.sim.setStatus(BIKE2, 'OFF');
		expect(ctx.sim.setFlags(BIKE2, { dataUsedMb: 600 })[BIKE2]).toMatchObject({ dataLimitReached: true, dataUsedMb: 600 });
		expectCode(await ctx.c.put('activate', { iccid: BIKE2 }), 400, 'E211', BIKE2);
		expectCode(await ctx.c.put('set_data_limit', { iccid: BIKE2, limit: 550 }), 400, 'E210', BIKE2);
		expect((await ctx.c.put('set_data_limit', { iccid: BIKE2, limit: 1000 })).status).toBe(200);
		expect((await ctx.c.put('activate', { iccid: BIKE2 })).status).toBe(202);
		ctx.sim.settleAll();
		expect(ctx.sim.states()[BIKE2]).toEqual({ primary: 'ON', secondary: 'LIVE' });
	});

	test('E220 for a forbidden group name, E002 for an unknown SIM, E230 above 1000 SIMs', async () => {
		expectCode(await ctx.c.put('set_group', { iccid: BIKE1, group: '1oT-admins' }), 400, 'E220');
		expectCode(await ctx.c.put('activate', { iccid: `${BIKE1},8988309999999999999` }), 404, 'E002', '8988309999999999999');
		const many = Array.from({ length: 1001 }, (_, i) => `89883090000${String(i).padStart(8, '0')}`);
		expectCode(await ctx.c.put('activate', { iccid: many.join(',') }), 400, 'E230');
	});

	test('a PENDING SIM answers 409 E201; flags are hidden from the SIM object', async () => {
		ctx.sim.setStatus(BIKE1, 'PENDING', 'SUSPENDED', { settleAfterMs: Infinity });
		expectCode(await ctx.c.put('activate', { iccid: BIKE1 }), 409, 'E201', BIKE1);
		ctx.sim.setFlags(BIKE2, { locked: true });
		expect(JSON.stringify((await ctx.c.get('get_sim', { iccid: BIKE2 })).body)).not.toMatch(/locked/);
	});

	test('flags over the control API, for one SIM or a list; unknown flags refused', async () => {
		const res = await fetch(`${ctx.sim.url}/__sim/flags`, { method: 'POST', body: JSON.stringify({ iccids: [BIKE1, BIKE2], locked: true }) });
		expect(res.status).toBe(200);
		expect((await res.json())[BIKE2]).toMatchObject({ locked: true, dataLimitReached: false });
		expect(await (await fetch(`${ctx.sim.url}/__sim/flags/${BIKE1}`)).json()).toMatchObject({ locked: true });
		expectCode(await ctx.c.put('suspend', { iccid: BIKE1 }), 403, 'E202', BIKE1);
		const bad = await fetch(`${ctx.sim.url}/__sim/flags`, { method: 'POST', body: JSON.stringify({ iccid: BIKE1, frozen: true }) });
		expect(bad.status).toBe(400);
	});

	test('npm run simulator options: dialect, forbidden groups and per-SIM flags', () => {
		const options = parseArgs(['--dialect', 'current', '--locked', `${BIKE1},${BIKE2}`, '--data-limit-reached', BIKE2, '--forbidden-groups', 'a,b']);
		expect(options.dialect).toBe('current');
		expect(options.forbiddenGroups).toEqual(['a', 'b']);
		expect(options.flags).toEqual({ [BIKE1]: { locked: true }, [BIKE2]: { locked: true, dataLimitReached: true } });
		expect(() => parseArgs(['--dialect', 'v3'])).toThrow(/legacy or current/);
	});
});

describe('faults after the call did its work', () => {
	const ctx = demoPerTest();

	test('drop after: the SIM changed, the answer is lost', async () => {
		ctx.sim.injectFaults({ kind: 'drop', after: true, path: 'suspend' });
		await expect(ctx.c.put('suspend', { iccid: BIKE1 })).rejects.toThrow();
		ctx.sim.settleAll();
		expect(ctx.sim.states()[BIKE1]).toEqual({ primary: 'ON', secondary: 'SUSPENDED' });
	});

	test('5xx after and garbled after: the SIM changed all the same', async () => {
		ctx.sim.injectFaults([
			{ kind: 'status', status: 502, after: true, path: 'suspend' },
			{ kind: 'malformed', after: true, path: 'deactivate' },
		]);
		expect((await ctx.c.put('suspend', { iccid: BIKE1 })).status).toBe(502);
		expect((await ctx.c.put('deactivate', { iccid: BIKE2 })).status).toBe(200);
		ctx.sim.settleAll();
		expect(ctx.sim.states()[BIKE1]).toEqual({ primary: 'ON', secondary: 'SUSPENDED' });
		expect(ctx.sim.states()[BIKE2]).toEqual({ primary: 'OFF', secondary: 'OFF' });
	});

	test('a fault before (the default) changes nothing', async () => {
		ctx.sim.injectFaults({ kind: 'status', status: 502, path: 'suspend' });
		expect((await ctx.c.put('suspend', { iccid: BIKE1 })).status).toBe(502);
		ctx.sim.settleAll();
		expect(ctx.sim.states()[BIKE1]).toEqual({ primary: 'ON', secondary: 'LIVE' });
	});

	test('echoToken: the error description carries the bearer token, as some OAuth servers do', async () => {
		ctx.sim.injectFaults({ kind: 'status', status: 401, echoToken: true, path: 'get_sim' });
		const res = await ctx.c.get('get_sim', { iccid: BIKE1 });
		expect(res.status).toBe(401);
		expect(res.body.error_description).toContain(ctx.c.token);
	});
});
