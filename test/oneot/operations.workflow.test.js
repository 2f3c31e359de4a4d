// Every resource and operation of the 1oT Terminal node, through n8n's engine against the simulator.
const { runWorkflow } = require('../helpers/engine');
const { startSimulator, credentialsFor, terminalWorkflow } = require('../helpers/terminal');

describe('1oT Terminal › operations', () => {
	let sim;
	beforeAll(async () => {
		sim = await startSimulator({ fleet: { count: 2500, seed: 21 } });
	});
	afterAll(async () => sim.close());
	beforeEach(() => sim.resetRequests());

	const run = async (parameters, items = [{}], opts) => {
		const result = await runWorkflow(terminalWorkflow(parameters, items, opts), { credentials: credentialsFor(sim) });
		if (result.status !== 'success') throw result.error;
		return result.output('1oT Terminal');
	};
	const iccid = (n) => sim.iccids()[n];

	describe('sim', () => {
		test('get by ICCID, IMEI and EID', async () => {
			const a = sim.getSim(iccid(0));
			const byIccid = await run({ resource: 'sim', operation: 'get' }, [{ iccid: a.iccid }]);
			expect(byIccid[0]).toMatchObject({ iccid: a.iccid, imei: a.imei, status: a.status });

			const byImei = await run({ resource: 'sim', operation: 'get', identifyBy: 'imei' }, [{ imei: a.imei }]);
			expect(byImei[0].iccid).toBe(a.iccid);

			const esim = sim.iccids().map((id) => sim.getSim(id)).find((s) => s.eid);
			expect(esim).toBeDefined();
			const byEid = await run({ resource: 'sim', operation: 'get', identifyBy: 'eid' }, [{ eid: esim.eid }]);
			expect(byEid[0].iccid).toBe(esim.iccid);
		});

		test('get: 20-digit ICCIDs stay exact', async () => {
			const long = sim.iccids().find((id) => id.length === 20);
			expect(long).toBeDefined();
			const [out] = await run({ resource: 'sim', operation: 'get' }, [{ iccid: long }]);
			expect(out.iccid).toBe(long);
		});

		test('getMany with a limit, with Return All across pages of 1000, and by group', async () => {
			const some = await run({ resource: 'sim', operation: 'getMany', limit: 7 });
			expect(some).toHaveLength(7);

			sim.resetRequests();
			const all = await run({ resource: 'sim', operation: 'getMany', returnAll: true });
			expect(all).toHaveLength(2500);
			expect(new Set(all.map((s) => s.iccid)).size).toBe(2500);
			expect(sim.counts().byPath['/v1/get_account_sims']).toBe(3);

			const group = sim.getSim(iccid(0)).group;
			const inGroup = await run({ resource: 'sim', operation: 'getMany', returnAll: true, filters: { group } });
			expect(inGroup.length).toBeGreaterThan(0);
			expect(inGroup.every((s) => s.group === group)).toBe(true);
		});

		test.each([
			['activate', ['OFF', 'OFF'], { primary: 'ON', secondary: 'LIVE' }],
			['deactivate', ['ON', 'LIVE'], { primary: 'OFF', secondary: 'OFF' }],
			['suspend', ['ON', 'LIVE'], { primary: 'ON', secondary: 'SUSPENDED' }],
			['resume', ['ON', 'SUSPENDED'], { primary: 'ON', secondary: 'LIVE' }],
		])('%s: one call for many SIMs, previous status reported', async (operation, [primary, secondary], final) => {
			const ids = [iccid(10), iccid(11), iccid(12)];
			ids.forEach((id) => sim.setStatus(id, primary, secondary));
			sim.resetRequests();
			const out = await run({ resource: 'sim', operation }, ids.map((id) => ({ iccid: id })));
			expect(out.map((o) => o.iccid)).toEqual(ids);
			expect(out[0]).toMatchObject({ operation, action: operation, changed: true, previousStatus: { primary, secondary } });
			expect(sim.counts().byPath[`/v1/${operation}`]).toBe(1);
			ids.forEach((id) => expect(sim.states()[id]).toEqual(final));
		});

		test('reset: the network reset is sent, the state is unchanged', async () => {
			sim.setStatus(iccid(13), 'ON', 'LIVE');
			const [out] = await run({ resource: 'sim', operation: 'reset' }, [{ iccid: iccid(13) }]);
			expect(out).toMatchObject({ action: 'reset', state: null, status: { primary: 'ON', secondary: 'LIVE' } });
			expect(sim.counts().byPath['/v1/reset']).toBe(1);
		});

		test('setDataLimit, setName and setGroup: items with the same value share a call', async () => {
			const ids = [iccid(20), iccid(21), iccid(22)];
			const limits = await run({ resource: 'sim', operation: 'setDataLimit', dataLimit: 250 }, ids.map((id) => ({ iccid: id })));
			expect(limits.map((o) => o.dataLimit)).toEqual([250, 250, 250]);
			expect(sim.counts().byPath['/v1/set_data_limit']).toBe(1);
			ids.forEach((id) => expect(sim.getSim(id).data_limit).toBe(250));

			const names = await run({ resource: 'sim', operation: 'setName', name: '={{ $json.name }}' }, [
				{ iccid: ids[0], name: 'bike-101' },
				{ iccid: ids[1], name: 'bike-102' },
			]);
			expect(names.map((o) => o.name)).toEqual(['bike-101', 'bike-102']);
			expect(sim.getSim(ids[1]).name).toBe('bike-102');

			sim.resetRequests();
			await run({ resource: 'sim', operation: 'setGroup', group: 'e-bikes-returned' }, ids.map((id) => ({ iccid: id })));
			expect(sim.counts().byPath['/v1/set_group']).toBe(1);
			ids.forEach((id) => expect(sim.getSim(id).group).toBe('e-bikes-returned'));
		});

		test('names with the characters a query treats specially reach the API exactly as typed', async () => {
			const name = 'Bike 7 & Co/Tallinn=1+ü?#%,;';
			await run({ resource: 'sim', operation: 'setName', name }, [{ iccid: iccid(25) }]);
			expect(sim.getSim(iccid(25)).name).toBe(name);
			await run({ resource: 'sim', operation: 'setGroup', group: 'E-Bikes & Scooters + 50%' }, [{ iccid: iccid(25) }]);
			expect(sim.getSim(iccid(25)).group).toBe('E-Bikes & Scooters + 50%');
		});

		test('setName refuses an empty name for its own item', async () => {
			const out = await run(
				{ resource: 'sim', operation: 'setName', name: '={{ $json.name }}' },
				[{ iccid: iccid(23), name: '' }, { iccid: iccid(24), name: 'ok-name' }],
				{ continueOnFail: true },
			);
			expect(out[0].error).toMatch(/Item 0: Name must not be empty/);
			expect(out[1]).toMatchObject({ name: 'ok-name', changed: true });
		});

		test('getUsage: one call for many SIMs, per month', async () => {
			const ids = [iccid(30), iccid(31)];
			const out = await run({ resource: 'sim', operation: 'getUsage', month: 10, year: 2026 }, ids.map((id) => ({ iccid: id })));
			expect(out.map((o) => o.iccid)).toEqual(ids);
			expect(out[0]).toMatchObject({ month: 10, year: 2026, data_used: expect.any(Number) });
			expect(sim.counts().byPath['/v1/get_sim_costs']).toBe(1);
		});

		test('getUsage refuses month 13 before any call', async () => {
			await expect(run({ resource: 'sim', operation: 'getUsage', month: 13, year: 2026 }, [{ iccid: iccid(30) }])).rejects.toMatchObject({
				message: expect.stringMatching(/Item 0: Month must be 1 to 12/),
			});
			expect(sim.counts().total).toBe(0);
		});

		test('getDiagnostics, and the 403 of an account without the Diagnostics app', async () => {
			const [out] = await run({ resource: 'sim', operation: 'getDiagnostics' }, [{ iccid: iccid(40) }]);
			expect(out).toMatchObject({ iccid: iccid(40), imei: expect.any(String) });

			sim.setDiagnosticsEnabled(false);
			try {
				const [failed] = await run({ resource: 'sim', operation: 'getDiagnostics' }, [{ iccid: iccid(40) }], {
					continueOnFail: true,
				});
				expect(failed).toMatchObject({ iccid: iccid(40), httpCode: '403', error: expect.stringMatching(/answered 403/) });
			} finally {
				sim.setDiagnosticsEnabled(true);
			}
		});

		test('sendSms', async () => {
			const [out] = await run({ resource: 'sim', operation: 'sendSms', message: 'Your ride is ready' }, [{ iccid: iccid(41) }]);
			expect(out).toMatchObject({ iccid: iccid(41), sent: true });
			expect(sim.sentSms().at(-1)).toMatchObject({ iccid: iccid(41), message: 'Your ride is ready' });
		});
	});

	describe('account', () => {
		test('getBalance', async () => {
			const [out] = await run({ resource: 'account', operation: 'getBalance', month: 9, year: 2026 });
			expect(out).toMatchObject({ month: 9, year: 2026, data_used: expect.any(Number), currency: expect.any(String) });
		});

		test('getGroups: one item per group', async () => {
			const out = await run({ resource: 'account', operation: 'getGroups' });
			expect(out.length).toBeGreaterThan(1);
			expect(out.map((o) => o.group)).toContain(sim.getSim(iccid(0)).group);
		});
	});

	describe('alert', () => {
		test('getMany: unread only, mark as read, by group and by SIM', async () => {
			const a = sim.getSim(iccid(50));
			const alerts = [
				sim.addAlert({ iccid: a.iccid, trigger: 'Data usage exceeded 90% of limit' }),
				sim.addAlert({ iccid: a.iccid, trigger: 'Country changed to DE' }),
				sim.addAlert({ iccid: iccid(51), trigger: 'IMEI changed' }),
			];
			const forSim = await run({ resource: 'alert', operation: 'getMany', scope: 'sim', iccid: a.iccid, returnAll: true });
			expect(forSim.map((x) => x.id).sort()).toEqual(alerts.slice(0, 2).map((x) => x.id).sort());

			const unread = await run({
				resource: 'alert',
				operation: 'getMany',
				returnAll: true,
				alertOptions: { markAsRead: true },
			});
			expect(unread.map((x) => x.id)).toEqual(expect.arrayContaining(alerts.map((x) => x.id)));
			const again = await run({ resource: 'alert', operation: 'getMany', returnAll: true });
			expect(again.filter((x) => alerts.some((y) => y.id === x.id))).toEqual([]);

			const withRead = await run({
				resource: 'alert',
				operation: 'getMany',
				scope: 'group',
				group: a.group,
				returnAll: true,
				alertOptions: { onlyUnread: false },
			});
			expect(withRead.map((x) => x.id)).toEqual(expect.arrayContaining([alerts[0].id, alerts[1].id]));
		});
	});
});

describe('1oT Terminal › node description', () => {
	const { OneOtTerminal } = require('../../dist/nodes/OneOtTerminal/OneOtTerminal.node');
	const { description } = new OneOtTerminal();

	test('the names saved workflows depend on', () => {
		expect(description.name).toBe('oneOtTerminal');
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([{ name: 'oneOtTerminalApi', required: true }]);
		const values = (name, resource) =>
			description.properties
				.filter((p) => p.name === name && (!resource || p.displayOptions?.show?.resource?.includes(resource)))
				.flatMap((p) => p.options.map((o) => o.value))
				.sort();
		expect(values('resource')).toEqual(['account', 'alert', 'sim']);
		expect(values('operation', 'sim')).toEqual(
			['activate', 'deactivate', 'get', 'getDiagnostics', 'getMany', 'getUsage', 'reset', 'resume', 'sendSms', 'setDataLimit', 'setGroup', 'setName', 'setState', 'suspend'].sort(),
		);
		expect(values('operation', 'account')).toEqual(['getBalance', 'getGroups']);
		expect(values('operation', 'alert')).toEqual(['getMany']);
		expect(values('identifyBy')).toEqual(['eid', 'iccid', 'imei']);
		expect(values('state')).toEqual(['live', 'off', 'suspended']);
	});
});
