'use strict';
const { startSimulator, createFleet, demoFleet } = require('../../simulator');
const { client, expectErrorBody } = require('./client');

const BIKE1 = '8988303000000000010'; // ON/LIVE
const BIKE2 = '8988303000000000028'; // ON/LIVE
const BIKE3 = '8988303000000000036'; // ON/LIVE
const BIKE4 = '8988303000000000044'; // ON/SUSPENDED
const BIKE5 = '8988303000000000051'; // OFF/OFF
const UNKNOWN = '8988309999999999999';

/** A fake clock the tests move by hand. */
function fakeClock(start = Date.UTC(2025, 5, 15, 12)) {
	let now = start;
	const clock = () => now;
	clock.advance = (ms) => {
		now += ms;
	};
	return clock;
}

describe('token flow', () => {
	let sim;
	let clock;
	beforeAll(async () => {
		clock = fakeClock();
		sim = await startSimulator({ fleet: demoFleet(), clock, tokenTtlSeconds: 3600 });
	});
	afterAll(() => sim.close());

	test('password grant in the query string, no body', async () => {
		expect(sim.baseUrl).toBe(`${sim.url}/v1`);
		expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const { username, password } = sim.credentials;
		const res = await fetch(
			`${sim.baseUrl}/oauth/token?grant_type=password&client_id=${username}&username=${username}&password=${password}`,
			{ method: 'POST' },
		);
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body).toEqual({
			access_token: expect.stringMatching(/^[0-9a-f-]{36}$/),
			refresh_token: expect.stringMatching(/^[0-9a-f-]{36}$/),
			expires_in: 3600,
			token_type: 'bearer',
			scope: 'read write trust',
		});
		const ok = await fetch(`${sim.baseUrl}/get_account_groups`, { headers: { Authorization: `Bearer ${body.access_token}` } });
		expect(ok.status).toBe(200);
		expect(await ok.json()).toEqual(['e-bikes-eu']);
	});

	test('wrong credentials answer 401', async () => {
		const res = await fetch(`${sim.baseUrl}/oauth/token?grant_type=password&client_id=sim-user&username=sim-user&password=nope`, {
			method: 'POST',
		});
		expect(res.status).toBe(401);
		expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
	});

	test('form body works too', async () => {
		const res = await fetch(`${sim.baseUrl}/oauth/token`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: 'grant_type=password&client_id=sim-user&username=sim-user&password=sim-password',
		});
		expect(res.status).toBe(200);
	});

	test('refresh_token grant issues a new access token; a bad refresh token answers 401', async () => {
		const first = await (
			await fetch(`${sim.baseUrl}/oauth/token?grant_type=password&username=sim-user&password=sim-password`, { method: 'POST' })
		).json();
		const res = await fetch(`${sim.baseUrl}/oauth/token?grant_type=refresh_token&refresh_token=${first.refresh_token}`, {
			method: 'POST',
		});
		expect(res.status).toBe(200);
		const second = await res.json();
		expect(second.access_token).not.toBe(first.access_token);
		const bad = await fetch(`${sim.baseUrl}/oauth/token?grant_type=refresh_token&refresh_token=nope`, { method: 'POST' });
		expect(bad.status).toBe(401);
	});

	test('missing, unknown and expired tokens answer 401 with a Spring OAuth body', async () => {
		const c = client(sim);
		const missing = await c.get('get_sim', { iccid: BIKE1 }, { auth: false });
		expect(missing.status).toBe(401);
		expect(missing.body).toEqual({ error: 'invalid_token', error_description: expect.any(String) });
		expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);

		c.token = 'not-a-token';
		const unknown = await c.get('get_sim', { iccid: BIKE1 });
		expect(unknown.status).toBe(401);
		expect(unknown.body).toMatchObject({ error: 'invalid_token', error_description: expect.stringContaining('Invalid access token') });

		await c.fetchToken();
		expect((await c.get('get_sim', { iccid: BIKE1 })).status).toBe(200);
		clock.advance(3600 * 1000);
		const expired = await c.get('get_sim', { iccid: BIKE1 });
		expect(expired.status).toBe(401);
		expect(expired.body.error_description).toMatch(/expired/);
		await c.fetchToken();
		expect((await c.get('get_sim', { iccid: BIKE1 })).status).toBe(200);
	});

	test('expireTokens() makes every token issued so far answer 401', async () => {
		const a = client(sim);
		const b = client(sim);
		await a.fetchToken();
		await b.fetchToken();
		sim.expireTokens();
		expect((await a.get('get_account_groups')).status).toBe(401);
		expect((await b.get('get_account_groups')).status).toBe(401);
		await a.fetchToken();
		expect((await a.get('get_account_groups')).status).toBe(200);
	});
});

describe('reads', () => {
	let sim;
	let c;
	beforeAll(async () => {
		sim = await startSimulator({ fleet: { count: 2500, seed: 11 } });
		c = client(sim);
	});
	afterAll(() => sim.close());

	test('get_account_sims pages by 1000: 2,500 SIMs are 3 pages', async () => {
		const pages = [];
		let offset = 0;
		for (;;) {
			const res = await c.get('get_account_sims', { offset });
			expect(res.status).toBe(200);
			pages.push(res.body);
			if (res.body.found < 1000) break;
			offset += 1000;
		}
		expect(pages.map((p) => [p.found, p.offset, p.total])).toEqual([
			[1000, 0, 2500],
			[1000, 1000, 2500],
			[500, 2000, 2500],
		]);
		const iccids = pages.flatMap((p) => p.sims.map((s) => s.iccid));
		expect(new Set(iccids).size).toBe(2500);
		expect(iccids).toEqual(sim.iccids());
	});

	test('the SIM object has the API fields, identifiers as strings', async () => {
		const iccid = sim.iccids()[0];
		const res = await c.get('get_sim', { iccid });
		expect(res.status).toBe(200);
		expect(res.type).toMatch(/^application\/json/);
		expect(res.body).toEqual(
			expect.objectContaining({
				iccid,
				group: expect.any(String),
				type: expect.any(String),
				form: expect.any(String),
				data_limit: expect.any(Number),
				name: expect.any(String),
				msisdn: expect.any(String),
				imei: expect.stringMatching(/^\d{15}$/),
				imsi: expect.any(String),
				apn: expect.any(String),
				status: { primary: expect.any(String), secondary: expect.any(String) },
			}),
		);
		// 20-digit ICCIDs come back as strings in the JSON text itself
		const long = sim.iccids().find((i) => i.length === 20);
		const raw = await c.get('get_sim', { iccid: long });
		expect(raw.text).toContain(`"iccid":"${long}"`);
	});

	test('get_sim: unknown answers 404 with the error body, malformed 400, eid works', async () => {
		const unknown = await c.get('get_sim', { iccid: UNKNOWN });
		expect(unknown.status).toBe(404);
		expectErrorBody(unknown.body);
		expect(unknown.body.error_description).toContain('SIM not found');
		const malformed = await c.get('get_sim', { iccid: '12345' });
		expect(malformed.status).toBe(400);
		expectErrorBody(malformed.body);
		const missing = await c.get('get_sim');
		expect(missing.status).toBe(400);
		const esim = sim.getSim(sim.iccids().find((i) => sim.getSim(i).eid));
		const byEid = await c.get('get_sim', { eid: esim.eid });
		expect(byEid.status).toBe(200);
		expect(byEid.body.iccid).toBe(esim.iccid);
	});

	test('get_sims: comma list in the given order, unknown ICCIDs left out, malformed 400, too many 400', async () => {
		const all = sim.iccids();
		const res = await c.get('get_sims', { iccid: [all[7], UNKNOWN, all[3], all[7]].join(',') });
		expect(res.status).toBe(200);
		expect(res.body.sims.map((s) => s.iccid)).toEqual([all[7], all[3]]);
		expect(res.body).toMatchObject({ found: 2, offset: 0, total: 2 });

		const bad = await c.get('get_sims', { iccid: `${all[0]},12ab` });
		expect(bad.status).toBe(400);
		expectErrorBody(bad.body);

		const thousand = await c.get('get_sims', { iccid: all.slice(0, 1000).join(',') });
		expect(thousand.status).toBe(200);
		expect(thousand.body.found).toBe(1000);
		const tooMany = await c.get('get_sims', { iccid: all.slice(0, 1001).join(',') });
		expect(tooMany.status).toBe(400);
		expect(tooMany.body.error_code).toBe('E230');
	});

	test('get_group_sims and get_account_groups', async () => {
		const groups = (await c.get('get_account_groups')).body;
		expect(groups.length).toBeGreaterThan(1);
		const res = await c.get('get_group_sims', { group: groups[0] });
		expect(res.status).toBe(200);
		expect(res.body.total).toBeGreaterThan(0);
		expect(res.body.sims.every((s) => s.group === groups[0])).toBe(true);
		const none = await c.get('get_group_sims', { group: 'no-such-group' });
		expect(none.body).toEqual({ found: 0, offset: 0, total: 0, sims: [] });
	});

	test('sessions, costs and balance', async () => {
		const [a, b] = sim.iccids();
		const from = Date.UTC(2025, 0, 1);
		const to = Date.UTC(2025, 1, 1) - 1;
		const sessions = await c.get('get_sim_sessions', { iccid: a, from, to });
		expect(sessions.status).toBe(200);
		expect(sessions.body).toMatchObject({ offset: 0, from, to });
		expect(sessions.body.found).toBe(sessions.body.sessions.length);
		expect(sessions.body.total).toBeGreaterThan(0);
		for (const s of sessions.body.sessions) {
			expect(s).toEqual({
				id: expect.any(String),
				country: expect.any(String),
				alpha3: expect.stringMatching(/^[A-Z]{3}$/),
				operator: expect.any(String),
				data_size: expect.any(Number),
				data_cost: expect.any(Number),
				currency: 'EUR',
				start_time: expect.any(Number),
			});
			expect(s.start_time >= from && s.start_time <= to).toBe(true);
		}
		// deterministic
		expect((await c.get('get_sim_sessions', { iccid: a, from, to })).body).toEqual(sessions.body);

		const cost = await c.get('get_sim_cost', { iccid: a, month: 1, year: 2025 });
		expect(cost.body).toEqual({
			iccid: a,
			data_plan: expect.any(String),
			data_used: expect.any(Number),
			data_cost: expect.any(Number),
			currency: 'EUR',
			month: 1,
			year: 2025,
		});
		const costs = await c.get('get_sim_costs', { iccid: `${a},${b}`, month: 1, year: 2025 });
		expect(costs.body.map((x) => x.iccid)).toEqual([a, b]);
		expect(costs.body[0]).toEqual(cost.body);

		const balance = await c.get('get_account_balance', { month: 1, year: 2025 });
		expect(balance.body).toEqual({ data_used: expect.any(Number), data_cost: expect.any(Number), currency: 'EUR', month: 1, year: 2025 });
		expect(balance.body.data_used).toBeGreaterThan(0);
		expect((await c.get('get_account_balance', { month: 13, year: 2025 })).status).toBe(400);
	});

	test('diagnostics', async () => {
		const iccid = sim.iccids()[0];
		const res = await c.get('diagnostics', { iccid });
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			imei: sim.getSim(iccid).imei,
			deviceName: expect.any(String),
			inDataSession: expect.any(Boolean),
			lastNetworkActivity: expect.any(Number),
			lastCountry: expect.any(String),
			lastOperator: expect.any(String),
			latitude: expect.any(Number),
			longitude: expect.any(Number),
			radius: expect.any(Number),
		});
	});

	test('get_available_profiles lists eSIM profiles', async () => {
		const res = await c.get('get_available_profiles');
		expect(res.status).toBe(200);
		expect(res.body).toContain('1oT-Global');
	});

	test('unknown endpoint 404, wrong method 405, both with the error body', async () => {
		const nope = await c.get('get_everything');
		expect(nope.status).toBe(404);
		expectErrorBody(nope.body);
		const wrong = await c.get('activate', { iccid: sim.iccids()[0] });
		expect(wrong.status).toBe(405);
		expectErrorBody(wrong.body);
	});
});

describe('add-ons that are not enabled answer 403', () => {
	test('diagnosticsEnabled: false; no eSIMs → get_available_profiles 403', async () => {
		const sim = await startSimulator({ fleet: demoFleet(), diagnosticsEnabled: false });
		try {
			const c = client(sim);
			const diag = await c.get('diagnostics', { iccid: BIKE1 });
			expect(diag.status).toBe(403);
			expectErrorBody(diag.body);
			expect((await c.get('get_available_profiles')).status).toBe(403);
		} finally {
			await sim.close();
		}
	});
});

describe('actions', () => {
	let sim;
	let c;
	let clock;
	beforeEach(async () => {
		clock = fakeClock();
		const esim = { ...createFleet({ count: 1, seed: 3, esimShare: 1 })[0], status: { primary: 'ON', secondary: 'LIVE' } };
		sim = await startSimulator({ fleet: [...demoFleet(), esim], clock, pendingDelayMs: 30000 });
		c = client(sim);
	});
	afterEach(() => sim.close());

	const status = async (iccid) => (await c.get('get_sim', { iccid })).body.status;
	const settle = () => clock.advance(30000);

	test.each([
		['activate', BIKE5, 'LIVE', 'ON', 'LIVE'],
		['deactivate', BIKE1, 'OFF', 'OFF', 'OFF'],
		['suspend', BIKE1, 'SUSPENDED', 'ON', 'SUSPENDED'],
		['resume', BIKE4, 'LIVE', 'ON', 'LIVE'],
		['test', BIKE1, 'TEST', 'ON', 'TEST'],
		['close', BIKE1, 'DELETED', 'DELETED', 'DELETED'],
	])('%s: PENDING/<target> until the delay has passed, then the target', async (action, iccid, pendingSecondary, primary, secondary) => {
		const res = await c.put(action, { iccid });
		expect(res.status).toBe(202);
		expect(res.type).toMatch(/^text\/plain/);
		expect(res.text).toBe('OK');
		expect(await status(iccid)).toEqual({ primary: 'PENDING', secondary: pendingSecondary });
		expect(sim.states()[iccid]).toEqual({ primary: 'PENDING', secondary: pendingSecondary });
		clock.advance(29999);
		expect((await status(iccid)).primary).toBe('PENDING');
		clock.advance(1);
		expect(await status(iccid)).toEqual({ primary, secondary });
		expect(sim.states()[iccid]).toEqual({ primary, secondary });
	});

	test('a state action on a PENDING SIM answers 409; other actions still work', async () => {
		await c.put('suspend', { iccid: BIKE1 });
		const again = await c.put('resume', { iccid: BIKE1 });
		expect(again.status).toBe(409);
		expectErrorBody(again.body);
		expect(again.body.error_code).toBe('E201');
		expect((await c.put('set_name', { iccid: BIKE1, name: 'renamed' })).status).toBe(200);
		settle();
		expect((await c.put('resume', { iccid: BIKE1 })).status).toBe(202);
	});

	test('suspend/resume on an OFF SIM answer 400', async () => {
		for (const action of ['suspend', 'resume']) {
			const res = await c.put(action, { iccid: BIKE5 });
			expect(res.status).toBe(400);
			expectErrorBody(res.body);
		}
		expect(await status(BIKE5)).toEqual({ primary: 'OFF', secondary: 'OFF' });
	});

	test('a closed SIM is closed for good: every action answers 400', async () => {
		await c.put('close', { iccid: BIKE2 });
		expect((await c.put('activate', { iccid: BIKE2 })).status).toBe(400); // still pending towards DELETED
		settle();
		for (const [action, extra] of [
			['activate', {}],
			['resume', {}],
			['reset', {}],
			['set_name', { name: 'x' }],
			['set_data_limit', { limit: 5 }],
			['set_group', { group: 'g' }],
			['sendSms', { message: 'hi' }],
		]) {
			const res = await c.put(action, { iccid: BIKE2, ...extra });
			expect([action, res.status]).toEqual([action, 400]);
			expect(res.body.error_code).toBe('E201');
		}
		expect(await status(BIKE2)).toEqual({ primary: 'DELETED', secondary: 'DELETED' });
	});

	test('pendingDelayMs 0: the SIM settles on the next read', async () => {
		sim.setPendingDelay(0);
		expect((await c.put('suspend', { iccid: BIKE1 })).status).toBe(202);
		expect(await status(BIKE1)).toEqual({ primary: 'ON', secondary: 'SUSPENDED' });
		expect((await c.put('resume', { iccid: BIKE1 })).status).toBe(202);
		expect(await status(BIKE1)).toEqual({ primary: 'ON', secondary: 'LIVE' });
	});

	test('an action to the state the SIM is already in is accepted and changes nothing', async () => {
		expect((await c.put('activate', { iccid: BIKE1 })).status).toBe(202);
		expect(await status(BIKE1)).toEqual({ primary: 'ON', secondary: 'LIVE' });
	});

	test('reset answers OK and does not change the state', async () => {
		const res = await c.put('reset', { iccid: `${BIKE1},${BIKE4}` });
		expect(res.status).toBe(200);
		expect(res.text).toBe('OK');
		expect(await status(BIKE1)).toEqual({ primary: 'ON', secondary: 'LIVE' });
		expect(await status(BIKE4)).toEqual({ primary: 'ON', secondary: 'SUSPENDED' });
	});

	test('comma lists change every SIM in one call', async () => {
		const res = await c.put('suspend', { iccid: `${BIKE1},${BIKE2},${BIKE3}` });
		expect(res.status).toBe(202);
		settle();
		const states = sim.states();
		for (const i of [BIKE1, BIKE2, BIKE3]) expect(states[i]).toEqual({ primary: 'ON', secondary: 'SUSPENDED' });
		expect(sim.requests().pop()).toMatchObject({ method: 'PUT', path: '/v1/suspend', status: 202, iccids: 3 });
	});

	test.each([
		['a malformed ICCID', `${BIKE1},123,${BIKE2}`, 400, 'INVALID_ICCID'],
		['an unknown ICCID', `${BIKE1},${UNKNOWN},${BIKE2}`, 404, 'E002'],
		['an OFF SIM for suspend', `${BIKE1},${BIKE5},${BIKE2}`, 400, 'E201'],
	])('all or nothing: %s fails the whole list and changes nothing', async (_, list, code, errorCode) => {
		const before = sim.states();
		const res = await c.put('suspend', { iccid: list });
		expect(res.status).toBe(code);
		expectErrorBody(res.body);
		expect(res.body.error_code).toBe(errorCode);
		settle();
		expect(sim.states()).toEqual(before);
	});

	test('all or nothing for non-state actions too', async () => {
		await c.put('close', { iccid: BIKE3 });
		settle();
		const res = await c.put('set_name', { iccid: `${BIKE1},${BIKE3}`, name: 'nope' });
		expect(res.status).toBe(400);
		expect(sim.getSim(BIKE1).name).toBe('bike-001');
	});

	test('a pending SIM in a list fails the list with 409', async () => {
		await c.put('suspend', { iccid: BIKE2 });
		const res = await c.put('suspend', { iccid: `${BIKE1},${BIKE2}` });
		expect(res.status).toBe(409);
		settle();
		expect(await status(BIKE1)).toEqual({ primary: 'ON', secondary: 'LIVE' });
	});

	test('maxIccidsPerCall', async () => {
		const small = await startSimulator({ fleet: demoFleet(), maxIccidsPerCall: 2 });
		try {
			const res = await client(small).put('suspend', { iccid: `${BIKE1},${BIKE2},${BIKE3}` });
			expect(res.status).toBe(400);
			expect(res.body.error_code).toBe('E230');
		} finally {
			await small.close();
		}
	});

	test('set_name answers text/plain OK', async () => {
		const res = await c.put('set_name', { iccid: BIKE1, name: 'Front door bike' });
		expect(res.status).toBe(200);
		expect(res.type).toMatch(/^text\/plain/);
		expect(res.text).toBe('OK');
		expect(sim.getSim(BIKE1).name).toBe('Front door bike');
		expect((await c.put('set_name', { iccid: BIKE1 })).status).toBe(400);
	});

	test('set_data_limit answers the SIM object (one) or an array (several)', async () => {
		const one = await c.put('set_data_limit', { iccid: BIKE1, limit: 250 });
		expect(one.status).toBe(200);
		expect(one.type).toMatch(/^application\/json/);
		expect(one.body).toMatchObject({ iccid: BIKE1, data_limit: 250 });
		const many = await c.put('set_data_limit', { iccid: `${BIKE1},${BIKE2}`, limit: 1024 });
		expect(many.body.map((s) => [s.iccid, s.data_limit])).toEqual([
			[BIKE1, 1024],
			[BIKE2, 1024],
		]);
		expect((await c.put('set_data_limit', { iccid: BIKE1, limit: 'lots' })).status).toBe(400);
	});

	test('set_group moves SIMs and answers the SIM JSON', async () => {
		const res = await c.put('set_group', { iccid: `${BIKE1},${BIKE2}`, group: 'e-bikes-returned' });
		expect(res.status).toBe(200);
		expect(res.body.map((s) => s.group)).toEqual(['e-bikes-returned', 'e-bikes-returned']);
		const one = await c.put('set_group', { iccid: BIKE3, group: 'e-bikes-returned' });
		expect(one.body).toMatchObject({ iccid: BIKE3, group: 'e-bikes-returned' });
		const group = await c.get('get_group_sims', { group: 'e-bikes-returned' });
		expect(group.body.sims.map((s) => s.iccid)).toEqual([BIKE1, BIKE2, BIKE3]);
		expect((await c.get('get_account_groups')).body).toEqual(expect.arrayContaining(['e-bikes-eu', 'e-bikes-returned']));
	});

	test('sendSms takes the text as message or sms and answers JSON {message}', async () => {
		const a = await c.put('sendSms', { iccid: BIKE1, message: 'unlock' });
		expect(a.status).toBe(200);
		expect(a.type).toMatch(/^application\/json/);
		expect(a.body).toEqual({ message: expect.any(String) });
		const b = await c.put('sendSms', { iccid: BIKE2, sms: 'lock' });
		expect(b.status).toBe(200);
		expect(sim.sentSms().map((s) => [s.iccid, s.message])).toEqual([
			[BIKE1, 'unlock'],
			[BIKE2, 'lock'],
		]);
		expect((await c.put('sendSms', { iccid: BIKE1 })).status).toBe(400);
	});

	test('esim_profile on an eSIM; 400 on a plain SIM', async () => {
		const esim = sim.iccids().find((i) => sim.getSim(i).eid);
		const res = await c.put('esim_profile', { iccid: esim, profile: '1oT-EU', action: 'download_and_enable' });
		expect(res.status).toBe(200);
		expect(sim.getSim(esim)).toMatchObject({ active_profile: '1oT-EU', downloaded_profiles: ['1oT-Global', '1oT-EU'] });
		const byEid = await c.put('esim_profile', { eid: sim.getSim(esim).eid, profile: '1oT-Global', action: 'enable' });
		expect(byEid.status).toBe(200);
		expect(sim.getSim(esim).active_profile).toBe('1oT-Global');
		expect((await c.put('esim_profile', { iccid: BIKE1, profile: '1oT-EU', action: 'download' })).status).toBe(400);
	});
});

describe('alerts', () => {
	let sim;
	let c;
	beforeEach(async () => {
		sim = await startSimulator({ fleet: demoFleet() });
		c = client(sim);
		sim.addAlert({ iccid: BIKE1, trigger: 'Data usage over 80% of the limit', timestamp: 1000 });
		sim.addAlert({ iccid: BIKE2, trigger: 'Country changed to Finland', timestamp: 2000, is_read: true });
		sim.addAlert({ iccid: BIKE1, trigger: 'IMEI changed', timestamp: 3000 });
	});
	afterEach(() => sim.close());

	test('addAlert stores alerts with unique ids', () => {
		const ids = sim.alerts().map((a) => a.id);
		expect(new Set(ids).size).toBe(3);
		expect(sim.alerts()[0]).toEqual({ id: ids[0], iccid: BIKE1, trigger: 'Data usage over 80% of the limit', timestamp: 1000, is_read: false });
	});

	test('get_account_alerts pages all alerts', async () => {
		const res = await c.get('get_account_alerts');
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ found: 3, offset: 0, total: 3 });
		expect(res.body.alerts[0]).toEqual({ id: expect.any(String), trigger: expect.any(String), timestamp: 1000, is_read: false, iccid: BIKE1 });
		expect((await c.get('get_account_alerts', { offset: 2 })).body).toMatchObject({ found: 1, offset: 2, total: 3 });
	});

	test.each([
		['only_unread', 'mark_as_read'],
		['unread', 'markRead'],
	])('unread filter %s and mark-as-read %s', async (unread, mark) => {
		const first = await c.get('get_account_alerts', { [unread]: true, [mark]: true });
		expect(first.body.alerts.map((a) => a.trigger)).toEqual(['Data usage over 80% of the limit', 'IMEI changed']);
		expect(first.body.alerts.every((a) => a.is_read === false)).toBe(true);
		const second = await c.get('get_account_alerts', { [unread]: true });
		expect(second.body).toMatchObject({ found: 0, total: 0, alerts: [] });
		expect(sim.alerts().every((a) => a.is_read)).toBe(true);
	});

	test('without mark-as-read nothing is marked', async () => {
		await c.get('get_account_alerts', { only_unread: true });
		expect((await c.get('get_account_alerts', { unread: 'true' })).body.found).toBe(2);
	});

	test('get_sim_alerts and get_group_alerts', async () => {
		const simAlerts = await c.get('get_sim_alerts', { iccid: BIKE1 });
		expect(simAlerts.body.alerts.map((a) => a.trigger)).toEqual(['Data usage over 80% of the limit', 'IMEI changed']);
		expect((await c.get('get_sim_alerts', { iccid: UNKNOWN })).status).toBe(404);
		const group = await c.get('get_group_alerts', { group: 'e-bikes-eu', unread: true });
		expect(group.body.total).toBe(2);
		expect((await c.get('get_group_alerts', { group: 'elsewhere' })).body.total).toBe(0);
	});
});
