// setState with one SIM named several times in an execution: each repeat is answered from the request of
// the same state before it, never from a request for another state.
const { runWorkflow } = require('../helpers/engine');
const { startSimulator, credentialsFor, terminalWorkflow } = require('../helpers/terminal');

describe('1oT Terminal › setState › repeated SIMs', () => {
	let sim;
	beforeEach(async () => {
		sim = await startSimulator({ fleet: { count: 5, seed: 7 } });
	});
	afterEach(async () => sim.close());

	test('a failed request for one state does not answer a later repeat for another state', async () => {
		const id = sim.iccids()[0];
		sim.setStatus(id, 'DELETED', 'DELETED');
		const items = [
			{ iccid: id, state: 'live' },
			{ iccid: id, state: 'off' },
			{ iccid: id, state: 'off' },
		];
		const result = await runWorkflow(
			terminalWorkflow({ resource: 'sim', operation: 'setState', state: '={{ $json.state }}' }, items, { continueOnFail: true }),
			{ credentials: credentialsFor(sim) },
		);
		expect(result.status).toBe('success');
		const out = result.output('1oT Terminal');
		expect(out).toHaveLength(3);
		expect(out[0]).toMatchObject({ iccid: id, state: 'live' });
		expect(out[0].error).toMatch(/closed .*for good/);
		for (const later of [out[1], out[2]]) {
			expect(later.error).toBeUndefined();
			expect(later).toMatchObject({ iccid: id, state: 'off', action: null, changed: false });
		}
	});
});
