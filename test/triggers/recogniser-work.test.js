// The 1oT Terminal Trigger's recogniser does work in proportion to the body, counted (not timed): every key of
// the objects it looks into is read once, the raw body once per request (and only when an identifier arrived as
// a JSON number), a text up to a bound. And what it finds stays right: digits recovered per notification in a
// batch, key-like text inside strings not taken for a key, the body passed on whole.
const fc = require('fast-check');
const { normaliseBody, indexDigits, LIMITS } = require('../../dist/nodes/shared/terminalEvents/normalise');

const AT = Date.parse('2026-03-01T10:00:00Z');
const recognise = (body, rawBody) => {
	const work = { keys: 0, chars: 0 };
	const events = normaliseBody(body, { rawBody, work, receivedAt: AT });
	return { events, work };
};

/** n keys that fold like the table's names (I_C_C_I_D_1, Iccid_2 …) but are none of them, then the real ones. */
function lookalikes(n, extra = {}) {
	const spellings = ['I_C_C_I_D', 'Iccid', 'i-ccid', 'IMEI', 'im_ei', 'Country', 'Trigger', 'event-type', 'Message', 'DATA'];
	const body = {};
	for (let i = 0; i < n; i++) body[`${spellings[i % spellings.length]}_${i}`] = i;
	return Object.assign(body, extra);
}

describe('work grows linearly with the body', () => {
	test('each key of the body is read once, however many fields and wrappers are looked up', () => {
		for (const n of [1000, 4000, 16000]) {
			const body = lookalikes(n, { trigger: 'Data limit exceeded', iccid: '8988303000000000010' });
			const { events, work } = recognise(body);
			expect(events).toHaveLength(1);
			expect(events[0]).toMatchObject({ event: 'dataUsage', iccid: '8988303000000000010' });
			expect(events[0].body).toBe(body);
			expect(work.keys).toBe(n + 2);
		}
	});

	test('inside wrappers: each wrapper object read once too', () => {
		const body = { data: lookalikes(3000, { iccid: '8988303000000000010' }), event: lookalikes(2000, { message: 'IMEI changed' }) };
		const { events, work } = recognise(body);
		expect(events[0]).toMatchObject({ event: 'imeiChange', iccid: '8988303000000000010' });
		expect(work.keys).toBe(2 + 3001 + 2001);
	});

	test('a batch: the raw body is read exactly once, whatever the number of notifications with numeric ICCIDs', () => {
		const per = [];
		for (const count of [500, 2000, 5000]) {
			const triggers = [];
			const items = [];
			for (let i = 0; i < count; i++) {
				const trigger = i % 2 ? 'Data limit exceeded' : 'Device outside its deployment country';
				triggers.push(trigger);
				items.push(`{"trigger":"${trigger}","iccid":${8988303000000000000n + BigInt(i) * 1000003n}}`);
			}
			const raw = `[${items.join(',')}]`;
			const { events, work } = recognise(JSON.parse(raw), raw);
			expect(events).toHaveLength(count);
			expect(events[count - 1].iccid).toBe(String(8988303000000000000n + BigInt(count - 1) * 1000003n));
			expect(work.chars).toBe(raw.length + triggers.reduce((n, t) => n + t.length, 0));
			expect(work.keys).toBe(2 * count);
			per.push(work.chars / count);
		}
		// per notification the work is the same at 500 and at 5,000 (it was the whole body per notification)
		expect(Math.max(...per) / Math.min(...per)).toBeLessThan(1.01);
	});

	test('the raw body is not read when no identifier arrived as a number', () => {
		const raw = JSON.stringify({ trigger: 'IMEI changed', iccid: '8988303000000000010', pad: 'x'.repeat(100000) });
		const { work } = recognise(JSON.parse(raw), raw);
		expect(work.chars).toBe('IMEI changed'.length);
	});

	test('a huge text is classified by its first characters only; the text and body are kept whole', () => {
		const text = 'Data usage exceeded '.repeat(250000); // 5 MB
		const json = recognise({ message: text, iccid: '8988303000000000010' });
		expect(json.work.chars).toBe(LIMITS.TEXT_LIMIT);
		expect(json.events[0].event).toBe('dataUsage');
		expect(json.events[0].trigger === text.trim()).toBe(true); // whole (trimmed), not cut at the bound
		const plain = recognise(text);
		expect(plain.work.chars).toBe(LIMITS.TEXT_LIMIT);
		expect(plain.events[0].body === text).toBe(true);
		// a word beyond the bound does not count: the bound is real
		expect(recognise({ message: `${'x '.repeat(LIMITS.TEXT_LIMIT)} IMEI changed` }).events[0].event).toBe('other');
	});

	test('a very long key is counted but not folded (it cannot be a name of the table)', () => {
		const long = 'iccid'.repeat(100000);
		const { events, work } = recognise({ [long]: '8988303000000000010', trigger: 'IMEI changed' });
		expect(events[0].iccid).toBeNull();
		expect(work.keys).toBe(2);
	});
});

describe('what it finds stays right', () => {
	test('a key-like text inside a string value is not taken for a key', () => {
		const raw = '{"note":"\\"iccid\\": 8988303000000000010","iccid":8988303000000000051,"trigger":"IMEI changed"}';
		const { events } = recognise(JSON.parse(raw), raw);
		expect(events[0].iccid).toBe('8988303000000000051');
		expect(indexDigits(raw).get('iccid').size).toBe(1);
		expect(indexDigits(raw).get('note')).toBeUndefined();
	});

	test('batches of random notifications: every numeric ICCID is recovered, or left out with a warning when ambiguous', () => {
		const notification = fc.record({
			offset: fc.bigInt({ min: 0n, max: 10n ** 11n }),
			asNumber: fc.boolean(),
			trigger: fc.constantFrom('Data limit exceeded', 'IMEI changed', 'Roaming started', 'Something new'),
			wrapped: fc.boolean(),
		});
		fc.assert(
			fc.property(fc.array(notification, { minLength: 1, maxLength: 40 }), (list) => {
				const digits = list.map((n) => String(8988303000000000000n + n.offset));
				const raw = `[${list
					.map((n, i) => {
						const iccid = n.asNumber ? digits[i] : `"${digits[i]}"`;
						const inner = `"trigger":"${n.trigger}","iccid":${iccid}`;
						return n.wrapped ? `{"data":{${inner}}}` : `{${inner}}`;
					})
					.join(',')}]`;
				const body = JSON.parse(raw);
				const { events } = recognise(body, raw);
				expect(events).toHaveLength(list.length);
				list.forEach((n, i) => {
					expect(events[i].body).toBe(body[i]);
					// ambiguous: another numeric ICCID with other digits that JSON.parse reads as the same number
					const clash = list.some((m, j) => m.asNumber && digits[j] !== digits[i] && Number(digits[j]) === Number(digits[i]));
					if (n.asNumber && clash) {
						expect(events[i].iccid).toBeNull();
						expect(events[i].warnings[0]).toMatch(/ICCID.*JSON number/);
					} else {
						expect(events[i].iccid).toBe(digits[i]);
					}
				});
			}),
			{ numRuns: 200 },
		);
	});
});
