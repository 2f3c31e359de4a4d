// 1oT's documented error codes through n8n's engine against the simulator: each gives its plain message and its
// `code` on the item of the SIM it is about, and on no other item, in lists of 60 and of 2,500 SIMs.
const { runWorkflow } = require('../helpers/engine');
const { startSimulator, credentialsFor, terminalWorkflow } = require('../helpers/terminal');

const UNKNOWN = '8988303999999999999';

describe.each([60, 2500])('1oT Terminal › error codes in a list of %i', (size) => {
	let sim;
	let ids;
	beforeAll(async () => {
		sim = await startSimulator({ fleet: { count: size + 10, seed: 31 }, forbiddenGroups: ['1oT-staff'] });
	});
	afterAll(async () => sim.close());
	beforeEach(() => {
		ids = sim.iccids().slice(0, size);
		for (const id of ids) {
			sim.setStatus(id, 'OFF');
			sim.setFlags(id, { locked: false, stateChangeForbidden: false, imeiLockFails: false, dataUsedMb: 0, smsNotAllowed: false });
		}
	});

	const run = (parameters, items) =>
		runWorkflow(terminalWorkflow(parameters, items, { continueOnFail: true }), { credentials: credentialsFor(sim) });

	/** Positions spread over the list, so the bad SIMs sit in different chunks of 1000. */
	const spread = (n) => Array.from({ length: n }, (_, i) => Math.floor(((i + 0.5) * size) / n));

	test('setState live: E202, E201, E203, E211 and E002 each fail their own SIM; every other SIM goes LIVE', async () => {
		const [locked, forbidden, imei, limit, unknown] = spread(5);
		sim.setFlags(ids[locked], { locked: true });
		sim.setFlags(ids[forbidden], { stateChangeForbidden: true });
		sim.setFlags(ids[imei], { imeiLockFails: true });
		sim.setFlags(ids[limit], { dataLimitReached: true });
		const items = ids.map((iccid, i) => ({ iccid: i === unknown ? UNKNOWN : iccid }));
		sim.resetRequests();

		const result = await run({ resource: 'sim', operation: 'setState', state: 'live' }, items);
		expect(result.status).toBe('success');
		const out = result.output('1oT Terminal');
		expect(out).toHaveLength(size);

		const expected = {
			[locked]: ['E202', /status of SIM \d+ is locked by an administrator/],
			[forbidden]: ['E201', /current status of SIM \d+ forbids this change/],
			[imei]: ['E203', /IMEI lock of SIM \d+ could not be applied/],
			[limit]: ['E211', /SIM \d+ cannot be activated or resumed: its data used has reached its data limit \(E211\)\. Raise the limit with the Set Data Limit operation, or read its usage with Get Usage/],
			[unknown]: ['E002', /SIM 8988303999999999999 was not found/],
		};
		out.forEach((item, i) => {
			if (expected[i]) {
				const [code, message] = expected[i];
				expect(item).toMatchObject({ iccid: items[i].iccid, code, error: expect.stringMatching(message) });
				expect(item.error).toContain(items[i].iccid);
				expect(item.error).toContain(`Item ${i}:`);
			} else {
				expect([i, item.error]).toEqual([i, undefined]);
				expect(item).toMatchObject({ iccid: ids[i], action: 'activate', changed: true });
			}
		});
		const states = sim.states();
		ids.forEach((id, i) => {
			const want = expected[i] ? 'OFF' : 'ON';
			if (i !== unknown) expect([i, states[id].primary === 'PENDING' ? 'ON' : states[id].primary]).toEqual([i, want]);
		});
		// Each refused SIM is found from the API's own words, not by sending every SIM alone.
		expect(sim.counts().byPath['/v1/activate']).toBeLessThan(Math.ceil(size / 1000) + 10);
	});

	test('E211 says how to get out: after Set Data Limit raises the limit, the payment goes through', async () => {
		const [one] = spread(1);
		sim.setFlags(ids[one], { dataUsedMb: 700 });
		sim.setSim(ids[one], { data_limit: 500 });
		const first = await run({ resource: 'sim', operation: 'setState', state: 'live' }, [{ iccid: ids[one] }]);
		expect(first.output('1oT Terminal')[0]).toMatchObject({ code: 'E211' });

		const low = await run({ resource: 'sim', operation: 'setDataLimit', dataLimit: 600 }, [{ iccid: ids[one] }, { iccid: ids[one + 1] }]);
		expect(low.output('1oT Terminal')[0]).toMatchObject({ code: 'E210', error: expect.stringMatching(/below the data it has already used/) });
		expect(low.output('1oT Terminal')[1]).toMatchObject({ dataLimit: 600, changed: true });

		await run({ resource: 'sim', operation: 'setDataLimit', dataLimit: 1024 }, [{ iccid: ids[one] }]);
		const paid = await run({ resource: 'sim', operation: 'setState', state: 'live' }, [{ iccid: ids[one] }]);
		expect(paid.output('1oT Terminal')[0]).toMatchObject({ action: 'activate', changed: true });
	});

	test('setDataLimit: E210 fails only the SIM that used more than the new limit', async () => {
		const [heavy] = spread(1);
		sim.setFlags(ids[heavy], { dataUsedMb: 5000 });
		const result = await run({ resource: 'sim', operation: 'setDataLimit', dataLimit: 2048 }, ids.map((iccid) => ({ iccid })));
		const out = result.output('1oT Terminal');
		expect(out.filter((o) => o.error).map((o) => [o.iccid, o.code])).toEqual([[ids[heavy], 'E210']]);
		expect(sim.getSim(ids[(heavy + 1) % size]).data_limit).toBe(2048);
	});

	test('setGroup: E220 fails the items that ask for the forbidden name, and only them', async () => {
		const items = ids.map((iccid, i) => ({ iccid, group: i % 3 === 0 ? '1oT-staff' : 'e-bikes-returned' }));
		const result = await run({ resource: 'sim', operation: 'setGroup', group: '={{ $json.group }}' }, items);
		const out = result.output('1oT Terminal');
		out.forEach((item, i) => {
			if (i % 3 === 0) expect(item).toMatchObject({ code: 'E220', error: expect.stringMatching(/group name is forbidden/) });
			else expect([i, item.error, item.group]).toEqual([i, undefined, 'e-bikes-returned']);
		});
	});

	test('E230: a server that takes fewer SIMs per call than sent has the list split, and no item fails', async () => {
		const small = await startSimulator({ fleet: { count: size, seed: 32 }, maxIccidsPerCall: 40 });
		try {
			const all = small.iccids();
			all.forEach((id) => small.setStatus(id, 'ON', 'LIVE'));
			const result = await runWorkflow(
				terminalWorkflow({ resource: 'sim', operation: 'setState', state: 'suspended' }, all.map((iccid) => ({ iccid })), { continueOnFail: true }),
				{ credentials: credentialsFor(small) },
			);
			const out = result.output('1oT Terminal');
			expect(out.filter((o) => o.error)).toEqual([]);
			expect(small.requests().every((r) => r.iccids <= 40 || r.status === 400)).toBe(true);
			small.settleAll();
			expect(Object.values(small.states()).every((s) => s.secondary === 'SUSPENDED')).toBe(true);
		} finally {
			await small.close();
		}
	});

	test('sendSms: E240 for the SIM that may not get SMS; the others are sent', async () => {
		const some = spread(Math.min(size, 12)).map((i) => ids[i]);
		sim.setFlags(some[3], { smsNotAllowed: true });
		const result = await run({ resource: 'sim', operation: 'sendSms', message: 'Your bike is ready' }, some.map((iccid) => ({ iccid })));
		const out = result.output('1oT Terminal');
		expect(out.filter((o) => o.error).map((o) => [o.iccid, o.code])).toEqual([[some[3], 'E240']]);
		expect(out[3].error).toMatch(/SMS is not allowed for SIM \d+ \(E240\)/);
		expect(sim.sentSms().filter((s) => s.message === 'Your bike is ready')).toHaveLength(some.length - 1);
	});
});
