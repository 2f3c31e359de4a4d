// setState through n8n's engine against the simulator: the decision table on real SIMs, bulk call
// counts, per-item failures, PENDING, token expiry, throttling and faults.
const { runWorkflow } = require('../helpers/engine');
const { startSimulator, credentialsFor, terminalWorkflow } = require('../helpers/terminal');

const setState = (state, options = {}) => ({ resource: 'sim', operation: 'setState', state, options });

describe('1oT Terminal › setState', () => {
	let sim;
	beforeEach(async () => {
		sim = await startSimulator({ fleet: { count: 50, seed: 3 } });
	});
	afterEach(async () => sim.close());

	const iccid = (n) => sim.iccids()[n];
	const run = (parameters, items, opts) =>
		runWorkflow(terminalWorkflow(parameters, items, opts), { credentials: credentialsFor(sim) });

	test('every row of the table: the SIM ends where it should, with only the needed call', async () => {
		const starts = [
			['ON', 'LIVE'],
			['ON', 'SUSPENDED'],
			['ON', 'TEST'],
			['OFF', 'OFF'],
		];
		const expected = {
			'ON/LIVE': { live: null, suspended: 'suspend', off: 'deactivate' },
			'ON/SUSPENDED': { live: 'resume', suspended: null, off: 'deactivate' },
			'ON/TEST': { live: 'activate', suspended: 'suspend', off: 'deactivate' },
			'OFF/OFF': { live: 'activate', suspended: null, off: null },
		};
		const final = { live: 'ON/LIVE', suspended: 'ON/SUSPENDED', off: 'OFF/OFF' };
		let n = 0;
		for (const [primary, secondary] of starts) {
			for (const target of ['live', 'suspended', 'off']) {
				const id = iccid(n++);
				sim.setStatus(id, primary, secondary);
				sim.resetRequests();
				const result = await run(setState(target), [{ iccid: id }]);
				expect(result.status).toBe('success');
				const [out] = result.output('1oT Terminal');
				const action = expected[`${primary}/${secondary}`][target];
				expect(out).toMatchObject({
					iccid: id,
					operation: 'setState',
					state: target,
					action,
					changed: action !== null,
					previousStatus: { primary, secondary },
				});
				const { primary: p, secondary: s } = sim.states()[id];
				// OFF has no meaningful secondary for "suspended": an OFF SIM stays OFF (already offline).
				expect(`${p}/${s}`).toBe(target === 'suspended' && primary === 'OFF' ? 'OFF/OFF' : final[target]);
				const actions = sim.requests().filter((r) => r.method === 'PUT').map((r) => r.path);
				expect(actions).toEqual(action ? [`/v1/${action}`] : []);
			}
		}
	});

	test('a DELETED SIM: going live is an item error, suspending it needs nothing', async () => {
		sim.setStatus(iccid(0), 'DELETED', 'DELETED');
		const live = await run(setState('live'), [{ iccid: iccid(0) }]);
		expect(live.status).toBe('error');
		expect(live.error.message).toMatch(/Item 0: .*closed .*for good/);

		const suspended = await run(setState('suspended'), [{ iccid: iccid(0) }]);
		expect(suspended.output('1oT Terminal')[0]).toMatchObject({ action: null, changed: false });
	});

	test('a SIM PENDING towards the target needs nothing; one PENDING elsewhere is waited for, then decided', async () => {
		sim.setStatus(iccid(0), 'PENDING', 'SUSPENDED', { settleAfterMs: Infinity });
		sim.setStatus(iccid(1), 'PENDING', 'LIVE', { settleAfterMs: 300 });
		const result = await run(setState('suspended', { completionTimeout: 10 }), [{ iccid: iccid(0) }, { iccid: iccid(1) }]);
		expect(result.status).toBe('success');
		const [first, second] = result.output('1oT Terminal');
		expect(first).toMatchObject({ action: null, changed: false, status: { primary: 'PENDING', secondary: 'SUSPENDED' } });
		expect(second).toMatchObject({ action: 'suspend', changed: true, previousStatus: { primary: 'PENDING', secondary: 'LIVE' } });
		sim.settleAll();
		expect(sim.states()[iccid(1)]).toEqual({ primary: 'ON', secondary: 'SUSPENDED' });
	});

	test('a SIM that stays PENDING past the timeout fails its item only', async () => {
		sim.setStatus(iccid(0), 'PENDING', 'LIVE', { settleAfterMs: Infinity });
		sim.setStatus(iccid(1), 'ON', 'LIVE');
		const result = await run(
			setState('off', { completionTimeout: 1 }),
			[{ iccid: iccid(0) }, { iccid: iccid(1) }],
			{ continueOnFail: true },
		);
		const [stuck, fine] = result.output('1oT Terminal');
		expect(stuck.error).toMatch(/stayed PENDING\/LIVE/);
		expect(stuck.iccid).toBe(iccid(0));
		expect(fine).toMatchObject({ action: 'deactivate', changed: true });
	});

	test('Wait for Completion reports the settled status', async () => {
		await sim.close();
		sim = await startSimulator({ fleet: { count: 5, seed: 3 }, pendingDelayMs: 400 });
		sim.setStatus(iccid(0), 'ON', 'LIVE');
		const quick = await run(setState('suspended'), [{ iccid: iccid(0) }]);
		expect(quick.output('1oT Terminal')[0].status).toEqual({ primary: 'PENDING', secondary: 'SUSPENDED' });

		sim.setStatus(iccid(1), 'ON', 'LIVE');
		const waited = await run(setState('suspended', { waitForCompletion: true, completionTimeout: 10 }), [{ iccid: iccid(1) }]);
		expect(waited.output('1oT Terminal')[0].status).toEqual({ primary: 'ON', secondary: 'SUSPENDED' });
	});

	test('one SIM named twice with different states ends in the last one, in order', async () => {
		sim.setStatus(iccid(0), 'ON', 'LIVE');
		const result = await run(setState('={{ $json.state }}', { completionTimeout: 10 }), [
			{ iccid: iccid(0), state: 'suspended' },
			{ iccid: iccid(0), state: 'suspended' },
			{ iccid: iccid(0), state: 'live' },
		]);
		expect(result.status).toBe('success');
		const out = result.output('1oT Terminal');
		expect(out.map((o) => [o.state, o.action])).toEqual([
			['suspended', 'suspend'],
			['suspended', null],
			['live', 'resume'],
		]);
		expect(sim.states()[iccid(0)]).toEqual({ primary: 'ON', secondary: 'LIVE' });
	});

	test('by IMEI: the account is listed once for the whole run', async () => {
		const sims = [0, 1, 2].map((n) => sim.getSim(iccid(n)));
		sims.forEach((s) => sim.setStatus(s.iccid, 'ON', 'LIVE'));
		sim.resetRequests();
		const result = await run({ ...setState('suspended'), identifyBy: 'imei' }, sims.map((s) => ({ imei: s.imei })));
		expect(result.status).toBe('success');
		expect(result.output('1oT Terminal').map((o) => o.iccid)).toEqual(sims.map((s) => s.iccid));
		expect(sim.counts().byPath['/v1/get_account_sims']).toBe(1);
		sims.forEach((s) => expect(sim.states()[s.iccid].secondary).toBe('SUSPENDED'));
	});

	test('an unknown IMEI fails its own item with a clear message', async () => {
		const result = await run({ ...setState('live'), identifyBy: 'imei' }, [{ imei: '356938035643809' }], {
			continueOnFail: true,
		});
		expect(result.output('1oT Terminal')[0]).toMatchObject({
			imei: '356938035643809',
			error: expect.stringMatching(/No SIM .* IMEI 356938035643809/),
		});
	});
});

describe('1oT Terminal › setState in bulk', () => {
	let sim;
	afterEach(async () => sim?.close());

	test('1,000 SIMs: ceil(1000/1000) status read plus one call per chunk of the same change', async () => {
		sim = await startSimulator({ fleet: { count: 1000, seed: 11 } });
		const all = sim.iccids();
		const before = sim.states();
		const needSuspend = all.filter((id) => ['ON/LIVE', 'ON/TEST'].includes(`${before[id].primary}/${before[id].secondary}`));
		sim.resetRequests();

		const result = await runWorkflow(
			terminalWorkflow(setState('suspended', { batchSize: 100 }), all.map((id) => ({ iccid: id }))),
			{ credentials: credentialsFor(sim) },
		);
		expect(result.status).toBe('success');
		expect(result.output('1oT Terminal')).toHaveLength(1000);
		const counts = sim.counts().byPath;
		expect(counts['/v1/get_sims']).toBe(1);
		expect(counts['/v1/suspend']).toBe(Math.ceil(needSuspend.length / 100));
		// Nothing else but the one token request of the run.
		expect(sim.counts().total).toBe(1 + 1 + Math.ceil(needSuspend.length / 100));
		expect(counts['/v1/oauth/token']).toBe(1);
		const after = sim.states();
		for (const id of all) {
			expect(['SUSPENDED', 'OFF']).toContain(after[id].secondary);
		}
		// pairedItem: output i comes from input i
		result.items('1oT Terminal').forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
	});

	test('a bad ICCID inside a batch fails only its own item', async () => {
		sim = await startSimulator({ fleet: { count: 30, seed: 5 } });
		const ids = sim.iccids().slice(0, 20);
		ids.forEach((id) => sim.setStatus(id, 'ON', 'LIVE'));
		sim.setStatus(ids[7], 'DELETED', 'DELETED'); // the API rejects a list that names a closed SIM
		const items = ids.map((id) => ({ iccid: id }));
		items.splice(3, 0, { iccid: '8988-not-an-iccid' }); // refused before any call
		items.splice(5, 0, { iccid: '8988303999999999999' }); // well-formed, not in the account

		const result = await runWorkflow(terminalWorkflow(setState('off'), items, { continueOnFail: true }), {
			credentials: credentialsFor(sim),
		});
		const out = result.output('1oT Terminal');
		expect(out).toHaveLength(items.length);
		expect(out[3]).toMatchObject({ error: expect.stringMatching(/Item 3: .*digits only/) });
		expect(out[5]).toMatchObject({
			iccid: '8988303999999999999',
			error: expect.stringMatching(/SIM 8988303999999999999 was not found in this 1oT account \(E002\)/),
			code: 'E002',
		});
		const good = out.filter((o, i) => i !== 3 && i !== 5);
		expect(good.filter((o) => o.error)).toHaveLength(0);
		expect(sim.states()[ids[7]].primary).toBe('DELETED');
		for (const id of ids.filter((_, i) => i !== 7)) expect(sim.states()[id].primary).toBe('OFF');
	});

	test('without Continue On Fail, bad input stops the node before any call', async () => {
		sim = await startSimulator({ fleet: { count: 5, seed: 5 } });
		sim.resetRequests();
		const result = await runWorkflow(
			// eslint-disable-next-line no-loss-of-precision -- the point: as a number, a 20-digit ICCID has already lost digits
			terminalWorkflow(setState('off'), [{ iccid: sim.iccids()[0] }, { iccid: 89883030000000000017 }]),
			{ credentials: credentialsFor(sim) },
		);
		expect(result.status).toBe('error');
		expect(result.error.message).toMatch(/Item 1: The ICCID arrived as a number/);
		expect(sim.counts().total).toBe(0);
	});
});
