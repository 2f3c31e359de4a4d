// getUsage asks for many SIMs per call; like reads and actions, a list the API refuses is asked again
// SIM by SIM (or halved when too long), so one refusal does not fail every item of the list.
const { runWorkflow } = require('../helpers/engine');
const { startSimulator, credentialsFor, terminalWorkflow } = require('../helpers/terminal');

describe('1oT Terminal › getUsage › refused lists', () => {
	let sim;
	beforeEach(async () => {
		sim = await startSimulator({ fleet: { count: 5, seed: 5 } });
	});
	afterEach(async () => sim.close());

	const run = (items) =>
		runWorkflow(terminalWorkflow({ resource: 'sim', operation: 'getUsage', month: 1, year: 2026 }, items, { continueOnFail: true }), {
			credentials: credentialsFor(sim),
		});

	test.each([
		[400, 'a list refused as a whole is asked SIM by SIM'],
		[414, 'a list too long for the server is halved'],
	])('%i: %s', async (status) => {
		const ids = sim.iccids().slice(0, 3);
		sim.injectFaults({ kind: 'status', status, path: 'get_sim_costs', times: 1 });
		const result = await run(ids.map((iccid) => ({ iccid })));
		expect(result.status).toBe('success');
		const out = result.output('1oT Terminal');
		expect(out).toHaveLength(3);
		out.forEach((item, k) => {
			expect(item.error).toBeUndefined();
			expect(item).toMatchObject({ iccid: ids[k], month: 1, year: 2026 });
		});
	});
});
