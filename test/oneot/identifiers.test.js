const { checkIdentifier } = require('../../dist/nodes/shared/identifiers');

describe('identifier checks', () => {
	test('ICCIDs of 18, 19 and 20 digits pass and stay exact strings', () => {
		for (const iccid of ['898830300000000001', '8988303000000000001', '89883030000000000017']) {
			expect(checkIdentifier('iccid', iccid)).toEqual({ ok: true, value: iccid });
		}
		expect(checkIdentifier('iccid', ' 8988303000000000001 ')).toEqual({ ok: true, value: '8988303000000000001' });
	});

	test('a number is refused, with the reason', () => {
		// eslint-disable-next-line no-loss-of-precision -- the point: as a number, a 20-digit ICCID has already lost digits
		const check = checkIdentifier('iccid', 89883030000000000017);
		expect(check.ok).toBe(false);
		expect(check.problem).toMatch(/arrived as a number .*2\^53/);
	});

	test.each([
		['iccid', '8988-3030-0000', /digits only/],
		['iccid', '12345', /has 5 digits; an ICCID has 18 to 20/],
		['iccid', '', /empty/],
		['iccid', null, /empty/],
		['iccid', ['8988303000000000001'], /not a list/],
		['imei', '35691108123456', /has 14 digits; an IMEI has 15 to 16/],
		['imei', '3569110812345A6', /digits only/],
		['eid', '123', /has 3 digits/],
	])('%s %p is refused', (kind, value, message) => {
		const check = checkIdentifier(kind, value);
		expect(check.ok).toBe(false);
		expect(check.problem).toMatch(message);
	});

	test('IMEIs of 15 and 16 digits pass', () => {
		expect(checkIdentifier('imei', '356911081234563').ok).toBe(true);
		expect(checkIdentifier('imei', '3569110812345631').ok).toBe(true);
	});
});
