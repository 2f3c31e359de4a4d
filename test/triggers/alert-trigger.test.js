// 1oT Terminal Alert Trigger through n8n's PollContext against the simulator, poll after poll: each alert
// once, new ones picked up, pages followed, no loss when a poll fails midway, mark-as-read, manual mode.
const { runPoll, runWorkflow, chainWorkflow, loadPackage } = require('../helpers/engine');
const { startSimulator, credentialsFor } = require('../helpers/terminal');

const workflow = (parameters = {}) =>
	chainWorkflow([
		{ name: 'Alerts', type: 'oneOtTerminalAlertTrigger', parameters: { scope: 'account', events: ['*'], ...parameters } },
		{ name: 'After', type: 'n8n-nodes-base.noOp' },
	]);

// A 503 whose Retry-After is longer than the client waits: the page fails at once (no backoff in tests).
const failing = (path) => ({ path, kind: 'status', status: 503, retryAfter: 600 });
const passing = (path) => ({ path, kind: 'delay', ms: 0 });

describe('1oT Terminal Alert Trigger', () => {
	let sim;
	let credentials;
	beforeEach(async () => {
		sim = await startSimulator({ fleet: { count: 20, seed: 5 } });
		credentials = credentialsFor(sim);
	});
	afterEach(async () => sim.close());

	/** Polls like n8n does: static data and credentials (token) carried from one poll to the next. */
	function poller(parameters) {
		let staticData = {};
		return async () => {
			const r = await runPoll(workflow(parameters), { credentials, staticData });
			if (!r.error) staticData = r.staticData;
			credentials = r.credentials;
			return { ...r, ids: r.items ? r.items[0].map((i) => i.json.alertId) : [], json: r.items ? r.items[0].map((i) => i.json) : [] };
		};
	}
	const addAlerts = (n, trigger = 'Data limit exceeded') =>
		Array.from({ length: n }, (_, i) => sim.addAlert({ iccid: sim.iccids()[i % 20], trigger, timestamp: 1772359200000 + i }).id);
	const alertCalls = () => sim.requests().filter((r) => /_alerts$/.test(r.path));

	test('description: polling trigger on the 1oT Terminal API credential', () => {
		const d = loadPackage().nodeTypes.getByName('n8n-nodes-1ot.oneOtTerminalAlertTrigger').description;
		expect(d).toMatchObject({ displayName: '1oT Terminal Alert Trigger', polling: true, inputs: [] });
		expect(d.credentials).toEqual([{ name: 'oneOtTerminalApi', required: true }]);
	});

	test('each alert once, in the normalised shape; new alerts are picked up by later polls', async () => {
		const poll = poller();
		const first = addAlerts(3);
		const p1 = await poll();
		expect(p1.error).toBeNull();
		expect(p1.ids).toEqual(first);
		expect(p1.run.status).toBe('success');
		expect(p1.run.output('After')).toHaveLength(3);
		const [item] = p1.json;
		const alert = sim.alerts()[0];
		expect(item).toEqual({
			event: 'dataUsage',
			trigger: 'Data limit exceeded',
			iccid: alert.iccid,
			imei: null,
			country: null,
			timestamp: new Date(alert.timestamp).toISOString(),
			receivedAt: expect.any(String),
			body: { ...alert },
			alertId: alert.id,
		});
		expect(typeof item.iccid).toBe('string');

		const p2 = await poll();
		expect(p2.items).toBeNull();
		expect(p2.run).toBeNull();

		const more = addAlerts(2, 'SIM outside its deployment country');
		const p3 = await poll();
		expect(p3.ids).toEqual(more);
		expect(p3.json.map((j) => j.event)).toEqual(['countryChange', 'countryChange']);
		expect((await poll()).items).toBeNull();
		// Without mark-as-read the alerts stay unread in the Terminal.
		expect(sim.alerts().every((a) => !a.is_read)).toBe(true);
	});

	test('pages are followed: 2,500 unread alerts come in one poll, each once; both unread spellings are sent', async () => {
		const poll = poller();
		const ids = addAlerts(2500);
		sim.resetRequests();
		const p = await poll();
		expect(p.ids).toEqual(ids);
		expect(alertCalls().map((r) => [r.path, r.query.offset])).toEqual([
			['/v1/get_account_alerts', undefined],
			['/v1/get_account_alerts', '1000'],
			['/v1/get_account_alerts', '2000'],
		]);
		for (const r of alertCalls()) {
			expect(r.query).toMatchObject({ only_unread: 'true', unread: 'true' });
			expect(r.query.mark_as_read).toBeUndefined();
			expect(r.query.markRead).toBeUndefined();
		}
		expect((await poll()).items).toBeNull();
	});

	test('a poll failing on its second page emits nothing and remembers nothing; the next emits all, once', async () => {
		const poll = poller();
		const ids = addAlerts(2500);
		sim.injectFaults([passing('/v1/get_account_alerts'), failing('/v1/get_account_alerts')]);
		const failed = await poll();
		expect(failed.error).toBeTruthy();
		expect(failed.error.message).toMatch(/503/);
		expect(failed.items).toBeNull();
		expect(failed.run).toBeNull();

		const next = await poll();
		expect(next.ids).toEqual(ids);
		expect(new Set(next.ids).size).toBe(2500);
		expect((await poll()).items).toBeNull();
	});

	test('a poll failing on its first page (get_account_alerts down) loses nothing', async () => {
		const poll = poller();
		const ids = addAlerts(3);
		sim.injectFaults(failing('/v1/get_account_alerts'));
		expect((await poll()).error).toBeTruthy();
		expect((await poll()).ids).toEqual(ids);
	});

	describe('mark as read', () => {
		const parameters = { options: { markAsRead: true } };

		test('the emitted alerts are marked read (both flag spellings), and a quiet poll costs one call', async () => {
			const poll = poller(parameters);
			const ids = addAlerts(3);
			sim.resetRequests();
			const p = await poll();
			expect(p.ids).toEqual(ids);
			expect(sim.alerts().every((a) => a.is_read)).toBe(true);
			const calls = alertCalls();
			// Pass 1 reads without marking; pass 2 marks.
			expect(calls[0].query.mark_as_read).toBeUndefined();
			expect(calls[1].query).toMatchObject({ only_unread: 'true', unread: 'true', mark_as_read: 'true', markRead: 'true' });

			sim.resetRequests();
			expect((await poll()).items).toBeNull();
			expect(alertCalls()).toHaveLength(1);

			const more = addAlerts(1, 'IMEI changed');
			expect((await poll()).ids).toEqual(more);
		});

		test('reading fails on page 2: nothing emitted and nothing marked; the next poll emits all and marks them', async () => {
			const poll = poller(parameters);
			const ids = addAlerts(2500);
			sim.injectFaults([passing('/v1/get_account_alerts'), failing('/v1/get_account_alerts')]);
			expect((await poll()).error).toBeTruthy();
			expect(sim.alerts().filter((a) => a.is_read)).toHaveLength(0);

			const next = await poll();
			expect(next.ids).toEqual(ids);
			// Marking page 1 shifts the unread set under the offsets; what is skipped stays unread and is marked
			// by later polls, without ever being emitted again.
			const seen = new Set(next.ids);
			for (let i = 0; i < 5 && sim.alerts().some((a) => !a.is_read); i++) {
				const p = await poll();
				expect(p.error).toBeNull();
				for (const id of p.ids) expect(seen.has(id)).toBe(false);
				expect(p.items).toBeNull();
			}
			expect(sim.alerts().every((a) => a.is_read)).toBe(true);
		});

		test('marking fails midway: everything read is emitted anyway, the rest is marked later, nothing twice', async () => {
			const poll = poller(parameters);
			const ids = addAlerts(2500);
			const path = '/v1/get_account_alerts';
			// Pass 1: three pages; pass 2: page 1 marks 1000, page 2 fails.
			sim.injectFaults([passing(path), passing(path), passing(path), passing(path), failing(path)]);
			const p = await poll();
			expect(p.error).toBeNull();
			expect(p.ids).toEqual(ids);
			expect(sim.alerts().filter((a) => a.is_read)).toHaveLength(1000);

			for (let i = 0; i < 5 && sim.alerts().some((a) => !a.is_read); i++) {
				const again = await poll();
				expect(again.error).toBeNull();
				expect(again.items).toBeNull();
			}
			expect(sim.alerts().every((a) => a.is_read)).toBe(true);
			const fresh = addAlerts(1);
			expect((await poll()).ids).toEqual(fresh);
		});
	});

	test('group scope reads get_group_alerts for that group only', async () => {
		const sims = sim.iccids().slice(0, 4);
		sim.setSim(sims[0], { group: 'fleet-a' });
		sim.setSim(sims[1], { group: 'fleet-a' });
		sim.setSim(sims[2], { group: 'fleet-b' });
		const a1 = sim.addAlert({ iccid: sims[0], trigger: 'Data limit exceeded' }).id;
		sim.addAlert({ iccid: sims[2], trigger: 'Data limit exceeded' });
		const a2 = sim.addAlert({ iccid: sims[1], trigger: 'IMEI changed' }).id;
		sim.resetRequests();
		const poll = poller({ scope: 'group', group: 'fleet-a' });
		expect((await poll()).ids).toEqual([a1, a2]);
		expect(alertCalls().every((r) => r.path === '/v1/get_group_alerts' && r.query.group === 'fleet-a')).toBe(true);
	});

	test('events filter: only the chosen kinds are emitted; the others are not emitted later either', async () => {
		const poll = poller({ events: ['dataUsage', 'countryChange'] });
		const [data] = addAlerts(1, 'Data usage over 1 GB');
		addAlerts(1, 'IMEI changed');
		const [country] = addAlerts(1, 'Roaming outside the EU');
		const p = await poll();
		expect(p.ids).toEqual([data, country]);
		expect((await poll()).items).toBeNull();
	});

	test('manual mode (Fetch Test Event): the latest alerts, nothing marked, nothing remembered', async () => {
		addAlerts(15);
		const wf = workflow({ options: { markAsRead: true } });
		const r = await runWorkflow(wf, { credentials, mode: 'manual', startNode: 'Alerts' });
		expect(r.status).toBe('success');
		const out = r.output('Alerts');
		expect(out.map((j) => j.alertId)).toEqual(sim.alerts().slice(-10).map((a) => a.id));
		expect(sim.alerts().every((a) => !a.is_read)).toBe(true);
		expect(r.staticData).toEqual({});

		// Everything read already: the latest alerts are still shown.
		sim.terminal.alerts.forEach((a) => (a.is_read = true));
		const again = await runWorkflow(wf, { credentials, mode: 'manual', startNode: 'Alerts' });
		expect(again.output('Alerts')).toHaveLength(10);

		// And a real poll afterwards still emits every alert that is unread.
		sim.terminal.alerts.slice(-2).forEach((a) => (a.is_read = false));
		const p = await poller()();
		expect(p.ids).toEqual(sim.alerts().slice(-2).map((a) => a.id));
	});
});
