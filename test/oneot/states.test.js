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

describe('the current status model (1oT documentation, newer version)', () => {
	const { statusOf, reaches, pendingStatus } = require('../../dist/nodes/shared/oneot/states');

	test('ON/ACTIVE_READY is handled like ON/TEST; PENDING/ACTIVE_READY waits', () => {
		expect(decideState(status('ON', 'ACTIVE_READY'), 'live')).toEqual({ kind: 'call', action: 'activate' });
		expect(decideState(status('ON', 'ACTIVE_READY'), 'suspended')).toEqual({ kind: 'call', action: 'suspend' });
		expect(decideState(status('ON', 'ACTIVE_READY'), 'off')).toEqual({ kind: 'call', action: 'deactivate' });
		for (const target of ['live', 'suspended', 'off']) {
			expect(decideState(status('PENDING', 'ACTIVE_READY'), target)).toEqual({ kind: 'wait' });
		}
	});

	test('suspended is reached by ON/SUSPENDED or OFF, and by PENDING towards either', () => {
		expect(decideState(status('OFF', 'OFF'), 'suspended')).toEqual({ kind: 'none' });
		expect(decideState(status('PENDING', 'OFF'), 'suspended')).toEqual({ kind: 'none' });
		expect(decideState(status('PENDING', 'SUSPENDED'), 'suspended')).toEqual({ kind: 'none' });
		expect(reaches(status('OFF', 'OFF'), 'suspended')).toBe(true);
		expect(reaches(status('ON', 'SUSPENDED'), 'off')).toBe(false);
		expect(reaches(status('DELETED', 'DELETED'), 'off')).toBe(false);
	});

	test('suspendWith deactivate takes a SIM offline with deactivate', () => {
		for (const from of [status('ON', 'LIVE'), status('ON', 'TEST'), status('ON', 'ACTIVE_READY')]) {
			expect(decideState(from, 'suspended', 'deactivate')).toEqual({ kind: 'call', action: 'deactivate' });
		}
		expect(decideState(status('ON', 'SUSPENDED'), 'suspended', 'deactivate')).toEqual({ kind: 'none' });
	});

	test('statusOf keeps state beside the legacy status, and reads state alone when that is all there is', () => {
		expect(statusOf({ iccid: '1', status: status('ON', 'LIVE'), state: 'LIVE' })).toEqual({ primary: 'ON', secondary: 'LIVE', state: 'LIVE' });
		expect(statusOf({ iccid: '1', status: status('PENDING', 'OFF'), state: 'OFFLINE' })).toEqual({
			primary: 'PENDING',
			secondary: 'OFF',
			state: 'OFFLINE',
		});
		expect(statusOf({ iccid: '1', state: 'ACTIVE_READY' })).toEqual({ primary: 'ON', secondary: 'ACTIVE_READY', state: 'ACTIVE_READY' });
		expect(statusOf({ iccid: '1', state: 'OFFLINE' })).toMatchObject({ primary: 'OFF' });
		expect(statusOf({ iccid: '1', status: status('ON', 'LIVE') })).toEqual({ primary: 'ON', secondary: 'LIVE' });
		const unknown = statusOf({ iccid: '1', state: 'HIBERNATING' });
		const decision = decideState(unknown, 'live');
		expect(decision.kind).toBe('error');
		expect(decision.message).toContain('HIBERNATING');
	});

	test('after a suspend, the expected status follows the account\'s model', () => {
		expect(pendingStatus('suspend', status('ON', 'LIVE'))).toEqual({ primary: 'PENDING', secondary: 'SUSPENDED' });
		expect(pendingStatus('suspend', { ...status('ON', 'LIVE'), state: 'LIVE' })).toEqual({ primary: 'PENDING', secondary: 'OFF' });
		expect(pendingStatus('activate', { ...status('ON', 'ACTIVE_READY'), state: 'ACTIVE_READY' })).toEqual({
			primary: 'PENDING',
			secondary: 'LIVE',
		});
	});
});

describe('error codes and redaction', () => {
	const { ERROR_CODES } = require('../../dist/nodes/shared/oneot/codes');
	const { redact } = require('../../dist/nodes/shared/oneot/redact');

	test('every documented code has a message; per-SIM ones name the SIM', () => {
		for (const code of ['E000', 'E002', 'E003', 'E101', 'E102', 'E103', 'E201', 'E202', 'E203', 'E210', 'E211', 'E220', 'E230', 'E240']) {
			const info = ERROR_CODES[code];
			expect(info).toBeDefined();
			const message = info.message('SIM 8988303000000000010');
			expect(message).toContain(code);
			if (info.perSim) expect(message).toContain('8988303000000000010');
		}
		expect(ERROR_CODES.E211.message('SIM 1')).toMatch(/Set Data Limit.*Get Usage/);
	});

	test('redact: known secrets, bearer values, tokens, UUIDs and random strings go; ICCIDs, EIDs and words stay', () => {
		const token = '0c4e8486-ad51-450b-9cb1-d3d166aeb7ff';
		const text = `Access token ${token} refused; Bearer abc.def-ghi; access_token=xyz123; password: "hunter2secret"; pw 5f0c2a9e1b7d4c3a8e6f0b1d2c3a4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d; SIM 8988303000000000010, EID 89049032000000000000000000001234`;
		const out = redact(text, ['hunter2secret']);
		expect(out).not.toContain(token);
		expect(out).not.toContain('abc.def-ghi');
		expect(out).not.toContain('xyz123');
		expect(out).not.toContain('hunter2secret');
		expect(out).not.toContain('5f0c2a9e1b7d4c3a8e6f0b1d2c3a4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d');
		expect(out).toContain('SIM 8988303000000000010');
		expect(out).toContain('89049032000000000000000000001234');
		expect(out).toContain('Access token *** refused');
	});
});
