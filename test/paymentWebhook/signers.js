/**
 * How each gateway signs a webhook, written from its documentation, independent of the code under test. Where
 * the gateway's SDK has a verifier, the tests check these signers against it (signatures.test.js).
 */
const crypto = require('crypto');

const hmacHex = (algorithm, secret, ...parts) => {
	const mac = crypto.createHmac(algorithm, secret);
	for (const p of parts) mac.update(p);
	return mac.digest('hex');
};

const SECRETS = Object.freeze({
	paddle: 'pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_FAKEfakeFAKEfakeFAKEfake0000',
	gocardless: 'fake-gocardless-webhook-endpoint-secret-0000',
	lemonSqueezy: 'fake-lemon-signing-secret',
	genericHmac: "It's a Secret to Everybody",
	chargebee: { user: 'chargebee-hook', password: 'fake-chargebee-basic-password' },
});

/** Paddle Billing: `ts=<unix s>;h1=<hex HMAC-SHA256("<ts>:<raw body>")>` (developer.paddle.com, "Verify webhook signatures"). */
function paddleSignature(raw, { secret = SECRETS.paddle, ts = Math.floor(Date.now() / 1000), extraH1 = [] } = {}) {
	const h1 = hmacHex('sha256', secret, `${ts}:`, raw);
	return [`ts=${ts}`, ...extraH1.map((h) => `h1=${h}`), `h1=${h1}`].join(';');
}

/** GoCardless: `Webhook-Signature` = hex HMAC-SHA256 of the body (developer.gocardless.com, "Webhooks"). */
const gocardlessSignature = (raw, secret = SECRETS.gocardless) => hmacHex('sha256', secret, raw);

/** Lemon Squeezy: `X-Signature` = HMAC-SHA256 hex digest of the body (docs.lemonsqueezy.com, "Signing requests"). */
const lemonSqueezySignature = (raw, secret = SECRETS.lemonSqueezy) => hmacHex('sha256', secret, raw);

/** Chargebee: HTTP Basic auth with the user and password of its webhook settings. */
const chargebeeAuthorization = ({ user, password } = SECRETS.chargebee) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Any HMAC signer: digest of the parts in the given encoding. */
function genericSignature(parts, { secret = SECRETS.genericHmac, algorithm = 'sha256', encoding = 'hex' } = {}) {
	const mac = crypto.createHmac(algorithm, secret);
	for (const p of parts) mac.update(p);
	return mac.digest(encoding);
}

module.exports = { SECRETS, paddleSignature, gocardlessSignature, lemonSqueezySignature, chargebeeAuthorization, genericSignature };
