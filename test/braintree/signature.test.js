// Signature and challenge checks, with the SDK as the oracle where it has an opinion.
const fc = require('fast-check');
const { KEYS, sdkGateway, sign, signedPayload } = require('./helpers');
const {
	verifyBraintreeSignature,
	answerChallenge,
	braintreeHmacHex,
	hexEquals,
	signaturePairs,
} = require('../../dist/nodes/BraintreeTrigger/signature');
const { handleNotification, respondToChallenge } = require('../../dist/nodes/BraintreeTrigger/webhook');

const gateway = sdkGateway();
const NOW = Date.parse('2026-11-01T12:00:00Z');

function xmlAt(timestamp, kind = 'subscription_went_active', id = 'iccid-8988303000000000001') {
	return `<notification><timestamp type="datetime">${timestamp}</timestamp><kind>${kind}</kind><subject><subscription><id>${id}</id><status>Active</status><transactions type="array"/></subscription></subject></notification>`;
}

const verify = (sig, payload, keys = KEYS) => verifyBraintreeSignature(sig, payload, keys.publicKey, keys.privateKey);

async function sdkAccepts(sig, payload) {
	return gateway.webhookNotification.parse(sig, payload).then(
		() => true,
		() => false,
	);
}

describe('verifyBraintreeSignature', () => {
	const { bt_signature, bt_payload } = signedPayload(xmlAt('2026-11-01T11:00:00Z'));

	test('our HMAC equals an independent one', () => {
		expect(braintreeHmacHex(KEYS.privateKey, bt_payload)).toBe(sign(bt_payload));
	});

	test('a valid signature', async () => {
		expect(verify(bt_signature, bt_payload)).toEqual({ valid: true });
		expect(await sdkAccepts(bt_signature, bt_payload)).toBe(true);
	});

	test('an SDK sample signature', async () => {
		const sample = await gateway.webhookTesting.sampleNotification('subscription_canceled', 'sub_1');
		expect(verify(sample.bt_signature, sample.bt_payload).valid).toBe(true);
	});

	test('a tampered payload', async () => {
		const xml = xmlAt('2026-11-01T11:00:00Z').replace('Active', 'Canceled');
		const tampered = Buffer.from(xml).toString('base64') + '\n';
		expect(verify(bt_signature, tampered)).toMatchObject({ valid: false, reason: 'signatureMismatch' });
		expect(await sdkAccepts(bt_signature, tampered)).toBe(false);
		// one flipped character of the base64
		const flipped = (bt_payload[5] === 'A' ? 'B' : 'A') + '';
		const oneChar = bt_payload.slice(0, 5) + flipped + bt_payload.slice(6);
		expect(verify(bt_signature, oneChar).valid).toBe(false);
	});

	test('signed with a different private key', async () => {
		const forged = signedPayload(xmlAt('2026-11-01T11:00:00Z'), { privateKey: 'fake_other_private_key' });
		expect(verify(forged.bt_signature, forged.bt_payload)).toMatchObject({ valid: false, reason: 'signatureMismatch' });
		expect(await sdkAccepts(forged.bt_signature, forged.bt_payload)).toBe(false);
	});

	test('a key name that is not ours', async () => {
		const other = signedPayload(xmlAt('2026-11-01T11:00:00Z'), { publicKey: 'fake_someone_else' });
		expect(verify(other.bt_signature, other.bt_payload)).toMatchObject({ valid: false, reason: 'noMatchingPublicKey' });
		expect(await sdkAccepts(other.bt_signature, other.bt_payload)).toBe(false);
	});

	test('several publicKey|signature pairs, ours not first', async () => {
		const header = `fake_old_key|${sign(bt_payload, 'fake_old_private')}&junk&${bt_signature}`;
		expect(signaturePairs(header).map((p) => p.publicKey)).toEqual(['fake_old_key', KEYS.publicKey]);
		expect(verify(header, bt_payload)).toEqual({ valid: true });
		expect(await sdkAccepts(header, bt_payload)).toBe(true);
	});

	test('our key twice: the first pair decides, as in the SDK (a later right signature is no second chance)', async () => {
		const wrongFirst = `${KEYS.publicKey}|${'0'.repeat(40)}&${bt_signature}`;
		expect(verify(wrongFirst, bt_payload)).toMatchObject({ valid: false, reason: 'signatureMismatch' });
		expect(await sdkAccepts(wrongFirst, bt_payload)).toBe(false);
		const rightFirst = `${bt_signature}&${KEYS.publicKey}|${'0'.repeat(40)}`;
		expect(verify(rightFirst, bt_payload)).toEqual({ valid: true });
		expect(await sdkAccepts(rightFirst, bt_payload)).toBe(true);
	});

	test('payload with or without its trailing newline', async () => {
		const xml = xmlAt('2026-11-01T11:00:00Z');
		const base = Buffer.from(xml).toString('base64');
		// signed over "payload\n", delivered without the newline
		const sigWithNewline = `${KEYS.publicKey}|${sign(base + '\n')}`;
		expect(verify(sigWithNewline, base)).toEqual({ valid: true });
		expect(await sdkAccepts(sigWithNewline, base)).toBe(true);
		// signed and delivered with the newline
		expect(verify(sigWithNewline, base + '\n')).toEqual({ valid: true });
		// signed without, delivered without
		const sigPlain = `${KEYS.publicKey}|${sign(base)}`;
		expect(verify(sigPlain, base)).toEqual({ valid: true });
		// two newlines added: not the signed payload
		expect(verify(sigPlain, base + '\n\n').valid).toBe(false);
	});

	test('missing parts and illegal characters', async () => {
		expect(verify(undefined, bt_payload)).toMatchObject({ valid: false, reason: 'missingSignature' });
		expect(verify('', bt_payload)).toMatchObject({ valid: false, reason: 'missingSignature' });
		expect(verify(bt_signature, undefined)).toMatchObject({ valid: false, reason: 'missingPayload' });
		expect(verify(bt_signature, ['a'])).toMatchObject({ valid: false, reason: 'missingPayload' });
		const spaced = bt_payload.replace(/\+/g, ' ');
		if (spaced !== bt_payload) {
			expect(verify(bt_signature, spaced)).toMatchObject({ valid: false, reason: 'illegalPayloadCharacters' });
			expect(await sdkAccepts(bt_signature, spaced)).toBe(false);
		}
		expect(verify(bt_signature, bt_payload + '\r')).toMatchObject({ valid: false, reason: 'illegalPayloadCharacters' });
	});

	test('hexEquals is exact', () => {
		expect(hexEquals('abc123', 'abc123')).toBe(true);
		expect(hexEquals('abc123', 'ABC123')).toBe(false);
		expect(hexEquals('abc123', 'abc12\u0133')).toBe(false); // latin1 would keep 0x33, '3'
		expect(hexEquals('abc123', 'abc12')).toBe(false);
		expect(hexEquals('abc123', 'abc124')).toBe(false);
	});
});

describe('strictness: our verdict is the SDK\'s', () => {
	const { bt_signature, bt_payload } = signedPayload(xmlAt('2026-11-01T11:00:00Z'));
	const [pk, hex] = bt_signature.split('|');
	const verdicts = async (header) => ({ ours: verify(header, bt_payload).valid, sdk: await sdkAccepts(header, bt_payload) });

	test.each([
		['upper-case hex', `${pk}|${hex.toUpperCase()}`],
		['one upper-case hex digit', `${pk}|${hex.replace(/[a-f]/, (c) => c.toUpperCase())}`],
		['a space before the key', ` ${pk}|${hex}`],
		['a space after the key', `${pk} |${hex}`],
		['a space before the signature', `${pk}| ${hex}`],
		['a newline after the signature', `${pk}|${hex}\n`],
		['a tab after the signature', `${pk}|${hex}\t`],
		['spaces around the pair, among others', `other|abc & ${pk}|${hex} `],
		['the signature cut by one character', `${pk}|${hex.slice(0, -1)}`],
		['the signature with one character more', `${pk}|${hex}0`],
		['the key in another case', `${pk.toUpperCase()}|${hex}`],
		['no separator', `${pk}${hex}`],
		['an empty signature', `${pk}|`],
	])('%s: refused, as the SDK refuses it', async (_label, header) => {
		expect(await verdicts(header)).toEqual({ ours: false, sdk: false });
	});

	test.each([
		['as sent', `${pk}|${hex}`],
		['a third |-part (ignored by the SDK)', `${pk}|${hex}|junk`],
		['after junk pairs', `junk&a|b&${pk}|${hex}`],
		['followed by an empty pair', `${pk}|${hex}&`],
	])('%s: accepted, as the SDK accepts it', async (_label, header) => {
		expect(await verdicts(header)).toEqual({ ours: true, sdk: true });
	});

	test('random edits of a valid header (case, whitespace, duplicates, order): same verdict as the SDK', async () => {
		const edit = fc.oneof(
			fc.record({ kind: fc.constant('case'), at: fc.nat() }),
			fc.record({ kind: fc.constant('insert'), at: fc.nat(), ch: fc.constantFrom(' ', '\t', '\n', '&', '|', '0', 'a', 'A') }),
			fc.record({ kind: fc.constant('delete'), at: fc.nat() }),
			fc.record({ kind: fc.constant('pair'), first: fc.boolean(), signature: fc.constantFrom('0'.repeat(40), hex, hex.toUpperCase(), '') }),
		);
		const apply = (header, e) => {
			const i = header.length ? e.at % header.length : 0;
			if (e.kind === 'case') {
				const c = header[i] || '';
				return header.slice(0, i) + (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) + header.slice(i + 1);
			}
			if (e.kind === 'insert') return header.slice(0, i) + e.ch + header.slice(i);
			if (e.kind === 'delete') return header.slice(0, i) + header.slice(i + 1);
			const pair = `${pk}|${e.signature}`;
			return e.first ? `${pair}&${header}` : `${header}&${pair}`;
		};
		let accepted = 0;
		await fc.assert(
			fc.asyncProperty(fc.array(edit, { maxLength: 3 }), async (edits) => {
				const header = edits.reduce(apply, bt_signature);
				const v = await verdicts(header);
				if (v.sdk) accepted++;
				expect(v.ours).toBe(v.sdk);
			}),
			{ numRuns: 300 },
		);
		expect(accepted).toBeGreaterThan(0); // the property saw both verdicts, not only refusals
	});
});

describe('bt_challenge', () => {
	test.each(['20c3d5b6e7f8091a2b3c', 'abcdef0123456789abcdef0123456789', '0123456789abcdef0123'])('answer for %s equals the SDK verify()', (challenge) => {
		expect(answerChallenge(challenge, KEYS.publicKey, KEYS.privateKey)).toBe(gateway.webhookNotification.verify(challenge));
		expect(respondToChallenge({ bt_challenge: challenge }, KEYS)).toEqual({ ok: true, body: gateway.webhookNotification.verify(challenge) });
	});

	test.each([
		['uppercase hex', 'ABCDEF0123456789ABCD'],
		['too short', 'abcdef0123'],
		['too long', 'a'.repeat(33)],
		['not hex', 'zzzzzzzzzzzzzzzzzzzz'],
		['an injection attempt', 'abcdef0123456789abcd|x'],
		['an array', ['abcdef0123456789abcd']],
		['empty', ''],
	])('refuses %s, as the SDK does', (_label, challenge) => {
		expect(() => answerChallenge(challenge, KEYS.publicKey, KEYS.privateKey)).toThrow();
		expect(respondToChallenge({ bt_challenge: challenge }, KEYS).ok).toBe(false);
		if (typeof challenge === 'string') expect(() => gateway.webhookNotification.verify(challenge)).toThrow();
	});

	test('missing challenge', () => {
		expect(respondToChallenge({}, KEYS)).toEqual({ ok: false, message: 'bt_challenge is missing' });
		expect(respondToChallenge(undefined, KEYS).ok).toBe(false);
	});
});

describe('handleNotification: signature, age and kind together', () => {
	const base = { keys: KEYS, events: ['subscription_went_active'], maxAgeHours: 48, environment: 'sandbox', now: NOW };
	const run = (xml, extra = {}) => {
		const { bt_signature, bt_payload } = signedPayload(xml);
		return handleNotification({ ...base, signature: bt_signature, payload: bt_payload, ...extra });
	};

	test('accepted, with environment and payload hash added', () => {
		const result = run(xmlAt('2026-11-01T11:00:00Z'));
		expect(result.outcome).toBe('accepted');
		expect(result.item).toMatchObject({
			kind: 'subscription_went_active',
			timestamp: '2026-11-01T11:00:00Z',
			environment: 'sandbox',
			subscription: { id: 'iccid-8988303000000000001', status: 'Active', transactions: [] },
		});
		expect(result.item.payloadHash).toMatch(/^[0-9a-f]{64}$/);
	});

	test('too old (49 h with the default 48 h) is rejected; 47 h is accepted', () => {
		expect(run(xmlAt('2026-10-30T11:00:00Z')).outcome).toBe('rejected');
		expect(run(xmlAt('2026-10-30T13:00:00Z')).outcome).toBe('accepted');
		expect(run(xmlAt('2026-10-30T13:00:00Z'), { maxAgeHours: 24 }).outcome).toBe('rejected');
	});

	test('far in the future is rejected; a few minutes of clock skew is not', () => {
		expect(run(xmlAt('2026-11-01T13:00:00Z')).outcome).toBe('rejected');
		expect(run(xmlAt('2026-11-01T12:05:00Z')).outcome).toBe('accepted');
	});

	test('an unparsable timestamp is rejected', () => {
		expect(run(xmlAt('yesterday')).outcome).toBe('rejected');
	});

	test('a kind not selected is ignored; * takes every kind', () => {
		expect(run(xmlAt('2026-11-01T11:00:00Z', 'check'))).toMatchObject({ outcome: 'ignored', kind: 'check' });
		expect(run(xmlAt('2026-11-01T11:00:00Z', 'check'), { events: ['*'] }).outcome).toBe('accepted');
	});

	test('signature failures are rejected before anything is parsed', () => {
		const { bt_payload } = signedPayload(xmlAt('2026-11-01T11:00:00Z'));
		expect(handleNotification({ ...base, signature: `${KEYS.publicKey}|${'a'.repeat(40)}`, payload: bt_payload }).outcome).toBe('rejected');
	});

	test('a signed payload that is not a notification is rejected, not thrown', () => {
		const payload = Buffer.from('<other/>').toString('base64');
		expect(handleNotification({ ...base, signature: `${KEYS.publicKey}|${sign(payload)}`, payload }).outcome).toBe('rejected');
	});

	test('a "+" decoded as a space by a naive form decoder is repaired, and still verified', () => {
		// find a payload with a "+" in its base64
		let xml;
		let signed;
		for (let i = 0; i < 200; i++) {
			xml = xmlAt('2026-11-01T11:00:00Z', 'subscription_went_active', `iccid-${'8'.repeat(i % 10)}${i}>?>`);
			signed = signedPayload(xml);
			if (signed.bt_payload.includes('+')) break;
		}
		expect(signed.bt_payload).toContain('+');
		const spaced = signed.bt_payload.replace(/\+/g, ' ');
		expect(handleNotification({ ...base, signature: signed.bt_signature, payload: spaced }).outcome).toBe('accepted');
	});
});
