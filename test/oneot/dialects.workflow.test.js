// Both status models of 1oT's documentation, through n8n's engine against the simulator in each dialect: the
// legacy `status {primary, secondary}` with ON/SUSPENDED, and the current one with `state`, ON/ACTIVE_READY for new
// SIMs and no ON/SUSPENDED (suspend goes OFF).
const { runWorkflow } = require('../helpers/engine');
const { startSimulator, credentialsFor, terminalWorkflow } = require('../helpers/terminal');

const setState = (state, options = {}) => ({ resource: 'sim', operation: 'setState', state, options });

describe.each(['legacy', 'current'])('1oT Terminal › %s dialect', (dialect) => {
	let sim;
	beforeEach(async () => {
		sim = await startSimulator({ fleet: { count: 40, seed: 21 }, dialect, pendingDelayMs: 300 });
		for (const id of sim.iccids()) sim.setStatus(id, 'ON', 'LIVE');
	});
	afterEach(async () => sim.close());

	const iccid = (n) => sim.iccids()[n];
	const run = (parameters, items, opts) => runWorkflow(terminalWorkflow(parameters, items, opts), { credentials: credentialsFor(sim) });

	test('a payment activates a SIM waiting in ON/ACTIVE_READY for its first activation', async () => {
		sim.setStatus(iccid(0), 'ON', 'ACTIVE_READY');
		const result = await run(setState('={{ $json.desiredState }}', { waitForCompletion: true, completionTimeout: 10 }), [
			{ iccid: iccid(0), desiredState: 'live' },
		]);
		expect(result.status).toBe('success');
		const [out] = result.output('1oT Terminal');
		expect(out).toMatchObject({
			iccid: iccid(0),
			state: 'live',
			action: 'activate',
			changed: true,
			previousStatus: { primary: 'ON', secondary: 'ACTIVE_READY' },
			status: { primary: 'ON', secondary: 'LIVE' },
		});
		expect(sim.states()[iccid(0)]).toEqual({ primary: 'ON', secondary: 'LIVE' });
		// Outputs carry the SIM's state exactly when the API sends one.
		if (dialect === 'current') {
			expect(out.previousStatus.state).toBe('ACTIVE_READY');
			expect(out.status.state).toBe('LIVE');
		} else {
			expect(out.previousStatus).not.toHaveProperty('state');
		}
	});

	test('suspend ends offline with no error, and a later payment brings the SIM LIVE', async () => {
		const ids = [iccid(1), iccid(2), iccid(3)];
		const suspended = await run(setState('suspended', { waitForCompletion: true, completionTimeout: 10 }), ids.map((id) => ({ iccid: id })));
		expect(suspended.status).toBe('success');
		const offline = dialect === 'current' ? { primary: 'OFF', secondary: 'OFF' } : { primary: 'ON', secondary: 'SUSPENDED' };
		for (const out of suspended.output('1oT Terminal')) {
			expect(out).toMatchObject({ action: 'suspend', changed: true, status: offline });
			expect(out.error).toBeUndefined();
		}
		ids.forEach((id) => expect(sim.states()[id]).toEqual(offline));

		// Suspending again needs nothing: OFF counts as suspended.
		sim.resetRequests();
		const again = await run(setState('suspended'), ids.map((id) => ({ iccid: id })));
		expect(again.output('1oT Terminal').map((o) => o.action)).toEqual([null, null, null]);
		expect(sim.requests().filter((r) => r.method === 'PUT')).toEqual([]);

		const paid = await run(setState('live', { waitForCompletion: true, completionTimeout: 10 }), ids.map((id) => ({ iccid: id })));
		expect(paid.status).toBe('success');
		const expectedAction = dialect === 'current' ? 'activate' : 'resume';
		for (const out of paid.output('1oT Terminal')) {
			expect(out).toMatchObject({ action: expectedAction, changed: true, previousStatus: offline, status: { primary: 'ON', secondary: 'LIVE' } });
		}
		ids.forEach((id) => expect(sim.states()[id]).toEqual({ primary: 'ON', secondary: 'LIVE' }));
	});

	test('right after the action, the item says where the SIM is going, as the API will show it', async () => {
		const result = await run(setState('suspended'), [{ iccid: iccid(4) }]);
		const [out] = result.output('1oT Terminal');
		const going = dialect === 'current' ? 'OFF' : 'SUSPENDED';
		expect(out.status).toEqual({ primary: 'PENDING', secondary: going });
		expect(sim.getSim(iccid(4)).status).toEqual({ primary: 'PENDING', secondary: going });
	});

	test('Suspend With: Deactivate takes the SIM OFF', async () => {
		const result = await run(setState('suspended', { suspendWith: 'deactivate' }), [{ iccid: iccid(5) }]);
		expect(result.output('1oT Terminal')[0]).toMatchObject({ action: 'deactivate', changed: true });
		sim.settleAll();
		expect(sim.states()[iccid(5)]).toEqual({ primary: 'OFF', secondary: 'OFF' });
	});

	test('the Suspend operation, sent as asked, ends where the dialect takes it', async () => {
		const result = await run({ resource: 'sim', operation: 'suspend', options: { waitForCompletion: true, completionTimeout: 10 } }, [
			{ iccid: iccid(6) },
		]);
		expect(result.status).toBe('success');
		const offline = dialect === 'current' ? { primary: 'OFF', secondary: 'OFF' } : { primary: 'ON', secondary: 'SUSPENDED' };
		expect(result.output('1oT Terminal')[0]).toMatchObject({ operation: 'suspend', action: 'suspend', state: 'suspended', status: offline });
	});

	test('a SIM PENDING/ACTIVE_READY is waited for, then activated', async () => {
		sim.setStatus(iccid(7), 'PENDING', 'ACTIVE_READY', { settleAfterMs: 400 });
		const result = await run(setState('live', { completionTimeout: 10 }), [{ iccid: iccid(7) }]);
		expect(result.status).toBe('success');
		expect(result.output('1oT Terminal')[0]).toMatchObject({
			action: 'activate',
			previousStatus: { primary: 'PENDING', secondary: 'ACTIVE_READY' },
		});
	});
});
