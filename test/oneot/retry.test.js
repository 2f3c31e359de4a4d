const { parseRetryAfter, backoffDelay, DEFAULT_RETRY_POLICY } = require('../../dist/nodes/shared/oneot/retry');

describe('Retry-After and backoff', () => {
	test('seconds and HTTP dates', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(parseRetryAfter(['2'])).toBe(2000);
		const now = Date.parse('2026-11-23T10:00:00Z');
		expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('Mon, 23 Nov 2026 09:59:00 GMT', now)).toBe(0);
		expect(parseRetryAfter('soon')).toBeNull();
		expect(parseRetryAfter(undefined)).toBeNull();
	});

	test('backoff doubles and is capped', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(backoffDelay(policy, 0)).toBeGreaterThanOrEqual(80);
		expect(backoffDelay(policy, 0)).toBeLessThanOrEqual(120);
		expect(backoffDelay(policy, 2)).toBeGreaterThanOrEqual(320);
		expect(backoffDelay(policy, 10)).toBeLessThanOrEqual(1200);
	});
});
