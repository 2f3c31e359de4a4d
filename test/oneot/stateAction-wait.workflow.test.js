// activate / suspend / … show "Wait for Completion" and "Completion Timeout": they honour them as setState does.
const { runWorkflow } = require('../helpers/engine');
const { startSimulator, credentialsFor, terminalWorkflow } = require('../helpers/terminal');

describe('1oT Terminal › state actions › Wait for Completion', () => {
	let sim;
	beforeEach(async () => {
		sim = await startSimulator({ fleet: { count: 5, seed: 11 } });
	});
	afterEach(async () => sim.close());

	const run = (operation, options, items, opts) =>
		runWorkflow(terminalWorkflow({ resource: 'sim', operation, options }, items, opts), { credentials: credentialsFor(sim) });

	test('without it the output shows PENDING; with it, the settled status', async () => {
		const [a, b] = sim.iccids();
		sim.setStatus(a, 'ON', 'LIVE');
		sim.setStatus(b, 'ON', 'LIVE');
		const quick = await run('suspend', {}, [{ iccid: a }]);
		expect(quick.output('1oT Terminal')[0]).toMatchObject({ action: 'suspend', status: { primary: 'PENDING', secondary: 'SUSPENDED' } });

		const waited = await run('suspend', { waitForCompletion: true, completionTimeout: 10 }, [{ iccid: b }]);
		expect(waited.status).toBe('success');
		expect(waited.output('1oT Terminal')[0]).toMatchObject({
			iccid: b,
			action: 'suspend',
			previousStatus: { primary: 'ON', secondary: 'LIVE' },
			status: { primary: 'ON', secondary: 'SUSPENDED' },
		});
	});

	test('a SIM still PENDING at the timeout fails its own item, naming the timeout', async () => {
		await sim.close();
		sim = await startSimulator({ fleet: { count: 5, seed: 11 }, pendingDelayMs: 60_000 });
		const [a, b] = sim.iccids();
		sim.setStatus(a, 'ON', 'LIVE');
		sim.setStatus(b, 'ON', 'LIVE');
		const result = await run('suspend', { waitForCompletion: true, completionTimeout: 1 }, [{ iccid: a }, { iccid: b }], { continueOnFail: true });
		expect(result.status).toBe('success');
		const out = result.output('1oT Terminal');
		expect(out).toHaveLength(2);
		for (const [k, item] of out.entries()) {
			expect(item.iccid).toBe(sim.iccids()[k]);
			expect(item.error).toMatch(/Item \d: The SIM was asked to suspend but was still PENDING after 1 s \("Completion Timeout"\)/);
		}
	});
});
