// Chaos: setState over 2,000 SIMs through n8n's engine while the simulator throws every fault it has at the
// node: connections dropped before and after the API applied a call, 5xx before and after, garbled bodies before
// and after, 429 with Retry-After, errors that echo the token, tokens that expire during the run, a token endpoint
// that answers 503 or drops, SIMs PENDING for seconds. What must hold: no item lost, no item that says success
// while its SIM is elsewhere, no error for a SIM that reached its target, no token in any output. The test prints
// its figures.
const { runWorkflow } = require('../helpers/engine');
const { startSimulator, credentialsFor, terminalWorkflow } = require('../helpers/terminal');
const { prng } = require('../../simulator/fleet');

const SIMS = 2000;
const TARGETS = ['live', 'suspended', 'off'];

/** Whether a status is a target state, or PENDING towards it (both status models). */
function reaches(status, target) {
	const { primary, secondary } = status ?? {};
	if (primary === 'OFF') return target !== 'live';
	if (primary !== 'ON' && primary !== 'PENDING') return false;
	if (target === 'live') return secondary === 'LIVE';
	if (target === 'suspended') return secondary === 'SUSPENDED' || secondary === 'OFF';
	return secondary === 'OFF';
}

/** One fault per API call, in order: about 45 % of calls get one, of every kind the simulator has. */
function faultPlan(rnd, calls) {
	const kinds = [
		{ kind: 'drop' },
		{ kind: 'drop', after: true },
		{ kind: 'status', status: 502, after: true },
		{ kind: 'status', status: 503 },
		{ kind: 'status', status: 500, after: true },
		{ kind: 'status', status: 504 },
		{ kind: 'malformed' },
		{ kind: 'malformed', after: true },
		{ kind: 'status', status: 429, retryAfter: 1 },
		{ kind: 'status', status: 401, echoToken: true },
		{ kind: 'delay', ms: 300 },
	];
	return Array.from({ length: calls }, () => (rnd() < 0.45 ? kinds[Math.floor(rnd() * kinds.length)] : { kind: 'delay', ms: 0 }));
}

describe.each(['legacy', 'current'])('1oT Terminal › chaos over 2,000 SIMs (%s dialect)', (dialect) => {
	test('no item lost, no false success, no error for a SIM at its target, no token in any output', async () => {
		const rnd = prng(dialect === 'legacy' ? 101 : 202);
		const sim = await startSimulator({ fleet: { count: SIMS, seed: 51 }, dialect, pendingDelayMs: 2000, tokenTtlSeconds: 3 });
		try {
			const ids = sim.iccids();
			// Some SIMs are on their way somewhere for a few seconds when the run starts.
			for (const id of ids) if (rnd() < 0.05) sim.setStatus(id, 'PENDING', rnd() < 0.5 ? 'LIVE' : 'OFF', { settleAfterMs: 1000 + rnd() * 3000 });
			const items = ids.map((iccid) => ({ iccid, state: TARGETS[Math.floor(rnd() * 3)] }));
			// Deliveries come twice, too.
			for (let i = 0; i < 100; i++) items.push({ ...items[Math.floor(rnd() * SIMS)] });

			sim.injectFaults(faultPlan(rnd, 400));
			sim.injectFaults([
				{ kind: 'status', status: 503, path: '/v1/oauth/token' },
				{ kind: 'drop', path: '/v1/oauth/token' },
				{ kind: 'status', status: 502, echoToken: true, path: '/v1/oauth/token' },
			]);
			const started = Date.now();
			const result = await runWorkflow(
				terminalWorkflow(
					{
						resource: 'sim',
						operation: 'setState',
						state: '={{ $json.state }}',
						// Shorter lists than the default make more calls, so that more of them meet a fault.
						options: { batchSize: 100, readBatchSize: 250, completionTimeout: 30 },
					},
					items,
					{ continueOnFail: true },
				),
				{ credentials: credentialsFor(sim) },
			);
			const seconds = (Date.now() - started) / 1000;
			expect(result.status).toBe('success');

			const out = result.items('1oT Terminal');
			const faultsLeft = sim.pendingFaults().length;
			sim.settleAll();
			const final = sim.states();
			const lost = items.length - out.length + items.filter((_, i) => !out.some((o) => o.pairedItem.item === i)).length;
			let successes = 0;
			let falseSuccess = 0;
			let errorsAtTarget = 0;
			let honestErrors = 0;
			const errorSamples = [];
			for (const { json, pairedItem } of out) {
				const { iccid, state } = items[pairedItem.item];
				if (json.error) {
					if (reaches(final[iccid], state)) {
						errorsAtTarget++;
						errorSamples.push(`${iccid} ${state} ${JSON.stringify(final[iccid])}: ${json.error}`);
					} else honestErrors++;
				} else {
					successes++;
					if (!reaches(json.status, state) || !reaches(final[iccid], state)) falseSuccess++;
				}
			}
			const text = JSON.stringify(result.runData) + JSON.stringify(out);
			const tokens = sim.issuedTokens();
			const leaked = tokens.filter((t) => text.includes(t)).length + (text.includes(sim.credentials.password) ? 1 : 0);
			const counts = sim.counts();
			const figures = {
				dialect,
				items: items.length,
				outputs: out.length,
				successes,
				honestErrors,
				lost,
				falseSuccess,
				errorsAtTarget,
				tokensIssued: tokens.length,
				tokensInOutput: leaked,
				apiCalls: counts.total,
				tokenCalls: counts.byPath['/v1/oauth/token'] ?? 0,
				faultsUsed: 403 - faultsLeft,
				byStatus: counts.byStatus,
				seconds,
			};
			process.stdout.write(`chaos figures: ${JSON.stringify(figures)}\n`);
			const honestSamples = out.filter((o) => o.json.error && !reaches(final[items[o.pairedItem.item].iccid], items[o.pairedItem.item].state)).slice(0, 3).map((o) => o.json.error);
			if (honestSamples.length) process.stdout.write(`errors (SIM not at its target), e.g.:\n${honestSamples.join("\n")}\n`);
			if (errorSamples.length) process.stdout.write(`errors at target:\n${errorSamples.slice(0, 5).join('\n')}\n`);

			expect(lost).toBe(0);
			expect(out).toHaveLength(items.length);
			expect(falseSuccess).toBe(0);
			expect(errorsAtTarget).toBe(0);
			expect(leaked).toBe(0);
			expect(tokens.length).toBeGreaterThan(1);
			expect(successes).toBeGreaterThan(items.length * 0.9);
		} finally {
			await sim.close();
		}
	}, 180_000);
});
