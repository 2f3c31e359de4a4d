// The Payment Webhook Trigger's verifiers (dist/nodes/PaymentWebhookTrigger/verify), checked against the gateways'
// own SDKs where they have a verifier (Paddle: @paddle/paddle-node-sdk `Webhooks.isSignatureValid`; GoCardless:
// gocardless-nodejs `webhooks.parse`; Chargebee: chargebee `basicAuthValidator`), against the documented
// algorithm where they have none (Lemon Squeezy: docs.lemonsqueezy.com "Signing requests"), and against GitHub's
// published test vector for a generic HMAC sender (docs.github.com, "Validating webhook deliveries").
const fc = require('fast-check');
const { Paddle } = require('@paddle/paddle-node-sdk');
const gocardless = require('gocardless-nodejs/webhooks');
const { basicAuthValidator } = require('chargebee');
const { verifyDelivery } = require('../../dist/nodes/PaymentWebhookTrigger/verify');
const { readConfig } = require('../../dist/nodes/PaymentWebhookTrigger/verify/config');
const { SECRETS, paddleSignature, gocardlessSignature, lemonSqueezySignature, chargebeeAuthorization, genericSignature } = require('./signers');
const paddle = require('../mapper/fixtures/paddle');

const NOW = () => Date.now();
// The SDK's documented entry point: `paddle.webhooks` (the Paddle constructor selects the Node runtime's crypto).
const paddleWebhooks = new Paddle('pdl_sdbx_apikey_offline_fixture').webhooks;
const config = (data) => {
	const read = readConfig(data);
	if (!read.config) throw new Error(read.problems.join(' '));
	return read.config;
};
const verify = (data, raw, headers, now = NOW()) => verifyDelivery(config(data), { raw: Buffer.from(raw), headers, now });

const PADDLE = { provider: 'paddle', secret: SECRETS.paddle };
const GOCARDLESS = { provider: 'gocardless', secret: SECRETS.gocardless };
const LEMON = { provider: 'lemonSqueezy', secret: SECRETS.lemonSqueezy };
const CHARGEBEE = { provider: 'chargebee', ...SECRETS.chargebee };

/** Arbitrary bodies: JSON text with any unicode, and raw bytes that are not even UTF-8. */
const bodies = fc.oneof(fc.json(), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a).toString('latin1')));
const secrets = fc.string({ minLength: 1, maxLength: 64 });

describe('Paddle: Paddle-Signature ts=…;h1=…', () => {
	const raw = JSON.stringify(paddle.event('subscription.activated', paddle.subscription()));

	test('a delivery signed as Paddle documents it passes ours and the SDK\'s verifier', async () => {
		const header = paddleSignature(raw);
		expect(verify(PADDLE, raw, { 'paddle-signature': header })).toEqual({ ok: true });
		await expect(paddleWebhooks.isSignatureValid(raw, SECRETS.paddle, header)).resolves.toBe(true);
		const parsed = await paddleWebhooks.unmarshal(raw, SECRETS.paddle, header);
		expect(parsed.eventType).toBe('subscription.activated');
	});

	test('property: for any body and secret, ours and the SDK agree on genuine and tampered deliveries', async () => {
		await fc.assert(
			fc.asyncProperty(bodies, secrets, fc.boolean(), async (body, secret, tamper) => {
				const header = paddleSignature(body, { secret });
				const received = tamper ? `${body} ` : body;
				const ours = verify({ provider: 'paddle', secret }, received, { 'Paddle-Signature': header }).ok;
				const sdk = await paddleWebhooks.isSignatureValid(received, secret, header);
				expect(ours).toBe(sdk);
				expect(ours).toBe(!tamper);
			}),
			{ numRuns: 200 },
		);
	});

	test('during a secret rotation any h1 may match (the SDK reads only one)', () => {
		const header = paddleSignature(raw, { extraH1: ['0'.repeat(64)] });
		expect(verify(PADDLE, raw, { 'paddle-signature': header }).ok).toBe(true);
	});

	test.each([
		['missing header → 401', {}, 401, /missing/],
		['empty header → 401', { 'paddle-signature': '' }, 401, /missing/],
		['no ts → 403', { 'paddle-signature': 'h1=abc' }, 403, /not "ts=/],
		['no h1 → 403', { 'paddle-signature': 'ts=1700000000' }, 403, /not "ts=/],
		['h1 not hex → 403', { 'paddle-signature': 'ts=1700000000;h1=zz' }, 403, /does not match/],
	])('%s', (_label, headers, status, reason) => {
		const v = verify(PADDLE, raw, headers);
		expect(v).toMatchObject({ ok: false, status });
		expect(v.reason).toMatch(reason);
	});

	test('tampered body, wrong secret → 403', () => {
		const header = paddleSignature(raw);
		expect(verify(PADDLE, raw.replace('active', 'canceled'), { 'paddle-signature': header })).toMatchObject({ ok: false, status: 403 });
		expect(verify({ ...PADDLE, secret: 'pdl_ntfset_other' }, raw, { 'paddle-signature': header })).toMatchObject({ ok: false, status: 403 });
	});

	test('replay window: 300 s by default, either side, configurable', () => {
		const now = 1_800_000_000_000;
		const at = (ageSeconds, data = PADDLE) =>
			verify(data, raw, { 'paddle-signature': paddleSignature(raw, { ts: now / 1000 - ageSeconds }) }, now);
		expect(at(299).ok).toBe(true);
		expect(at(301)).toMatchObject({ ok: false, status: 403 });
		expect(at(301).reason).toMatch(/301 s old/);
		expect(at(-301)).toMatchObject({ ok: false, status: 403 });
		expect(at(-301).reason).toMatch(/future/);
		expect(at(3000, { ...PADDLE, toleranceSeconds: 3600 }).ok).toBe(true);
		// the SDK's own 5 s window agrees that an hour-old signature is stale
		return expect(paddleWebhooks.isSignatureValid(raw, SECRETS.paddle, paddleSignature(raw, { ts: Math.floor(Date.now() / 1000) - 3600 }))).resolves.toBe(false);
	});
});

describe('GoCardless: Webhook-Signature', () => {
	const raw = JSON.stringify({ events: [{ id: 'EV0001', resource_type: 'subscriptions', action: 'created', links: { subscription: 'SB0001' } }], meta: { webhook_id: 'WB0001' } });

	test('signed as documented: ours passes, and the SDK\'s parse accepts the same signature', () => {
		const sig = gocardlessSignature(raw);
		expect(verify(GOCARDLESS, raw, { 'webhook-signature': sig })).toEqual({ ok: true });
		expect(gocardless.parse(raw, SECRETS.gocardless, sig)[0].id).toBe('EV0001');
	});

	test('property: ours and the SDK\'s verifySignature agree for any body, secret and hex signature', () => {
		fc.assert(
			fc.property(bodies, secrets, fc.oneof(fc.constant(null), fc.stringMatching(/^[0-9a-f]{64}$/)), (body, secret, other) => {
				const sig = other ?? gocardlessSignature(body, secret);
				let sdk = true;
				try {
					gocardless.verifySignature(body, secret, sig);
				} catch {
					sdk = false;
				}
				expect(verify({ provider: 'gocardless', secret }, body, { 'Webhook-Signature': sig }).ok).toBe(sdk);
			}),
			{ numRuns: 300 },
		);
	});

	test('missing → 401; tampered, wrong secret, garbage after the hex → 403', () => {
		const sig = gocardlessSignature(raw);
		expect(verify(GOCARDLESS, raw, {})).toMatchObject({ ok: false, status: 401 });
		expect(verify(GOCARDLESS, raw.replace('created', 'cancelled'), { 'webhook-signature': sig })).toMatchObject({ ok: false, status: 403 });
		expect(verify({ ...GOCARDLESS, secret: 'other' }, raw, { 'webhook-signature': sig })).toMatchObject({ ok: false, status: 403 });
		// Buffer.from(…, 'hex') stops at the first non-hex character; we do not
		expect(verify(GOCARDLESS, raw, { 'webhook-signature': `${sig}zz` })).toMatchObject({ ok: false, status: 403 });
	});
});

describe('Lemon Squeezy: X-Signature (no SDK verifier; the documented algorithm)', () => {
	const raw = JSON.stringify(require('./lemonSqueezy').subscriptionEvent());

	test('genuine passes; missing 401; tampered and wrong secret 403; upper-case hex is still the same digest', () => {
		const sig = lemonSqueezySignature(raw);
		expect(verify(LEMON, raw, { 'x-signature': sig })).toEqual({ ok: true });
		expect(verify(LEMON, raw, { 'x-signature': sig.toUpperCase() })).toEqual({ ok: true });
		expect(verify(LEMON, raw, {})).toMatchObject({ ok: false, status: 401 });
		expect(verify(LEMON, `${raw}\n`, { 'x-signature': sig })).toMatchObject({ ok: false, status: 403 });
		expect(verify({ ...LEMON, secret: 'x' }, raw, { 'x-signature': sig })).toMatchObject({ ok: false, status: 403 });
	});
});

describe('Chargebee: HTTP Basic auth', () => {
	test('property: ours and the SDK\'s basicAuthValidator agree on any user and password offered', async () => {
		const sdk = basicAuthValidator((u, p) => u === SECRETS.chargebee.user && p === SECRETS.chargebee.password);
		const user = fc.oneof(fc.constant(SECRETS.chargebee.user), fc.string({ maxLength: 20 }).filter((s) => !s.includes(':')));
		const password = fc.oneof(fc.constant(SECRETS.chargebee.password), fc.string({ maxLength: 40 }));
		await fc.assert(
			fc.asyncProperty(user, password, async (u, p) => {
				const headers = { authorization: chargebeeAuthorization({ user: u, password: p }) };
				const sdkOk = await sdk(headers).then(
					() => true,
					() => false,
				);
				expect(verify(CHARGEBEE, '{}', headers).ok).toBe(sdkOk);
			}),
			{ numRuns: 200 },
		);
	});

	test('no or wrong credentials → 401 with a Basic challenge', () => {
		for (const headers of [{}, { authorization: 'Bearer x' }, { authorization: chargebeeAuthorization({ user: 'chargebee-hook', password: 'guess' }) }]) {
			const v = verify(CHARGEBEE, '{}', headers);
			expect(v).toMatchObject({ ok: false, status: 401 });
			expect(v.headers['WWW-Authenticate']).toMatch(/^Basic realm=/);
		}
		expect(verify(CHARGEBEE, '{}', { Authorization: chargebeeAuthorization() })).toEqual({ ok: true });
	});
});

describe('Generic HMAC', () => {
	const GITHUB = { provider: 'genericHmac', secret: SECRETS.genericHmac, signatureHeader: 'X-Hub-Signature-256', algorithm: 'sha256', encoding: 'hex', signaturePrefix: 'sha256=' };

	test('GitHub\'s published test vector passes', () => {
		const vector = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
		expect(verify(GITHUB, 'Hello, World!', { 'x-hub-signature-256': vector })).toEqual({ ok: true });
		expect(verify(GITHUB, 'Hello, World?', { 'x-hub-signature-256': vector })).toMatchObject({ ok: false, status: 403 });
		expect(verify(GITHUB, 'Hello, World!', { 'x-hub-signature-256': vector.slice(7) })).toMatchObject({ ok: false, status: 403 });
	});

	test('property: every algorithm and encoding, with and without prefix, accepts its own signature and nothing else', () => {
		fc.assert(
			fc.property(
				bodies,
				secrets,
				fc.constantFrom('sha1', 'sha256', 'sha512'),
				fc.constantFrom('hex', 'base64'),
				fc.constantFrom('', 'v1=', 'sha512='),
				fc.boolean(),
				(body, secret, algorithm, encoding, prefix, tamper) => {
					const data = { provider: 'genericHmac', secret, signatureHeader: 'X-Sig', algorithm, encoding, signaturePrefix: prefix };
					const sig = prefix + genericSignature([body], { secret, algorithm, encoding });
					expect(verify(data, tamper ? `${body}x` : body, { 'x-sig': sig }).ok).toBe(!tamper);
				},
			),
			{ numRuns: 300 },
		);
	});

	test('timestamp header: signed content template, replay window, several signatures during rotation', () => {
		const now = 1_800_000_000_000;
		const data = { ...GITHUB, signaturePrefix: 'v0=', signatureHeader: 'X-Signature', timestampHeader: 'X-Timestamp', signedContent: 'v0:{timestamp}:{body}', toleranceSeconds: 60 };
		const body = 'token=abc&team_id=T1';
		const sign = (ts, b = body) => `v0=${genericSignature([`v0:${ts}:`, b])}`;
		const ts = String(now / 1000);
		expect(verify(data, body, { 'x-signature': sign(ts), 'x-timestamp': ts }, now)).toEqual({ ok: true });
		expect(verify(data, body, { 'x-signature': `v0=${'ab'.repeat(32)}, ${sign(ts)}`, 'x-timestamp': ts }, now)).toEqual({ ok: true });
		// a signature for another time does not pass with this one
		expect(verify(data, body, { 'x-signature': sign(Number(ts) - 1), 'x-timestamp': ts }, now)).toMatchObject({ ok: false, status: 403 });
		const old = String(now / 1000 - 61);
		expect(verify(data, body, { 'x-signature': sign(old), 'x-timestamp': old }, now)).toMatchObject({ ok: false, status: 403, reason: expect.stringMatching(/61 s old/) });
		expect(verify(data, body, { 'x-signature': sign(ts) }, now)).toMatchObject({ ok: false, status: 401, reason: 'Header X-Timestamp is missing' });
		expect(verify(data, body, { 'x-signature': sign('soon'), 'x-timestamp': 'soon' }, now)).toMatchObject({ ok: false, status: 403 });
		// milliseconds are read as such
		const ms = String(now - 1000);
		expect(verify(data, body, { 'x-signature': sign(ms), 'x-timestamp': ms }, now)).toEqual({ ok: true });
	});

	test('base64: standard and URL-safe alphabets; damaged base64 is refused', () => {
		const data = { ...GITHUB, signaturePrefix: '', encoding: 'base64' };
		const sig = genericSignature(['payload'], { encoding: 'base64' });
		expect(verify(data, 'payload', { 'x-hub-signature-256': sig })).toEqual({ ok: true });
		expect(verify(data, 'payload', { 'x-hub-signature-256': sig.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') })).toEqual({ ok: true });
		expect(verify(data, 'payload', { 'x-hub-signature-256': `${sig}!` })).toMatchObject({ ok: false, status: 403 });
	});
});

describe('the credential', () => {
	test.each([
		[{ provider: 'paddle', secret: '' }, /secret is empty/],
		[{ provider: 'chargebee', user: 'a:b', password: 'p' }, /must not contain ":"/],
		[{ provider: 'chargebee', user: 'u' }, /password is empty/],
		[{ provider: 'genericHmac', secret: 's', signatureHeader: 'bad header' }, /not a valid HTTP header name/],
		[{ provider: 'genericHmac', secret: 's', signatureHeader: 'X-S', algorithm: 'md5' }, /Algorithm "md5"/],
		[{ provider: 'genericHmac', secret: 's', signatureHeader: 'X-S', timestampHeader: 'X-T', signedContent: '{body}' }, /must contain \{timestamp\} and \{body\}/],
		[{ provider: 'paddle', secret: 's', toleranceSeconds: 0 }, /above 0/],
		[{ provider: 'stripe', secret: 's' }, /Provider "stripe"/],
	])('%j is refused: %s', (data, problem) => {
		const read = readConfig(data);
		expect(read.config).toBeUndefined();
		expect(read.problems.join(' ')).toMatch(problem);
	});

	test('problems never repeat a secret', () => {
		const read = readConfig({ provider: 'genericHmac', secret: 'TOPSECRET-value', signatureHeader: 'X S', algorithm: 'md5', encoding: 'rot13', toleranceSeconds: -1 });
		expect(read.problems.length).toBeGreaterThan(2);
		expect(read.problems.join(' ')).not.toContain('TOPSECRET');
	});
});
