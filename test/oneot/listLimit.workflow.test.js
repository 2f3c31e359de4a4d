// The API's longest list is not published. Against a server that takes request lines of at most 8 kB, the
// node splits its lists, and only the first lists of a run pay for finding that limit.
const { runWorkflow } = require('../helpers/engine');
const { startSimulator, credentialsFor, terminalWorkflow } = require('../helpers/terminal');

test('setState over 2,000 SIMs with an 8 kB request-line limit: converges, the limit is learnt once', async () => {
	const sim = await startSimulator({ fleet: { count: 2000, seed: 4, iccidLength: 20 }, maxUrlLength: 8192 });
	try {
		const all = sim.iccids();
		sim.resetRequests();
		const result = await runWorkflow(
			terminalWorkflow({ resource: 'sim', operation: 'setState', state: 'off', options: { batchSize: 1000 } }, all.map((iccid) => ({ iccid }))),
			{ credentials: credentialsFor(sim) },
		);
		expect(result.status).toBe('success');
		for (const iccid of all) expect(sim.states()[iccid].primary).toBe('OFF');
		const log = sim.requests().filter((r) => r.path !== '/v1/oauth/token');
		const refused = log.filter((r) => r.status === 414);
		const reads = log.filter((r) => r.path === '/v1/get_sims' && r.status === 200);
		// 1000 → 500 → 250 (≈ 5.3 kB) for the first read; every later list starts at the learnt length.
		expect(refused).toHaveLength(2);
		expect(Math.max(...log.filter((r) => r.status !== 414).map((r) => r.iccids))).toBe(250);
		expect(reads).toHaveLength(8);
	} finally {
		await sim.close();
	}
});
