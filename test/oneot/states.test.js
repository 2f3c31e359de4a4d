// setState's decision table (SPEC 3.1), row by row, on the compiled module.
const { decideState } = require('../../dist/nodes/shared/oneot/states');

const status = (primary, secondary) => ({ primary, secondary });

describe('setState decision table', () => {
	const rows = [
		// current status        live                  suspended            off
		[status('ON', 'LIVE'), 'none', 'suspend', 'deactivate'],
		[status('ON', 'SUSPENDED'), 'resume', 'none', 'deactivate'],
		[status('ON', 'TEST'), 'activate', 'suspend', 'deactivate'],
		[status('OFF', 'OFF'), 'activate', 'none', 'none'],
		[status('DELETED', 'DELETED'), 'error', 'none', 'none'],
	];
	const targets = ['live', 'suspended', 'off'];

	test.each(rows)('%o', (current, ...expected) => {
		targets.forEach((target, i) => {
			const decision = decideState(current, target);
			const got = decision.kind === 'call' ? decision.action : decision.kind;
			expect([target, got]).toEqual([target, expected[i]]);
		});
	});

	test('PENDING towards the target needs nothing; PENDING elsewhere waits', () => {
		expect(decideState(status('PENDING', 'LIVE'), 'live')).toEqual({ kind: 'none' });
		expect(decideState(status('PENDING', 'SUSPENDED'), 'suspended')).toEqual({ kind: 'none' });
		expect(decideState(status('PENDING', 'OFF'), 'off')).toEqual({ kind: 'none' });
		expect(decideState(status('PENDING', 'SUSPENDED'), 'live')).toEqual({ kind: 'wait' });
		expect(decideState(status('PENDING', 'LIVE'), 'off')).toEqual({ kind: 'wait' });
	});

	test('a DELETED SIM cannot go live: the error says so', () => {
		expect(decideState(status('DELETED', 'DELETED'), 'live')).toEqual({
			kind: 'error',
			message: expect.stringMatching(/closed .*for good/),
		});
	});

	test('an unknown status changes nothing and says what it saw', () => {
		const decision = decideState(status('ON', 'ROAMING'), 'live');
		expect(decision.kind).toBe('error');
		expect(decision.message).toContain('ON/ROAMING');
	});

	test('statuses are read case-insensitively', () => {
		expect(decideState(status('on', 'suspended'), 'live')).toEqual({ kind: 'call', action: 'resume' });
	});
});
