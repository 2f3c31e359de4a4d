import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Braintree webhook signatures, without the SDK.
 *
 * Braintree signs `bt_payload` with HMAC-SHA1 whose key is the raw 20-byte SHA1 digest of the private key, and
 * sends `bt_signature` as one or more `publicKey|hexSignature` pairs joined by `&`. The Control Panel's URL check
 * (`GET ?bt_challenge=<hex>`) must be answered with `publicKey|hex(HMAC-SHA1(SHA1(privateKey), challenge))`.
 * This mirrors braintree_node's `webhook_notification_gateway.js` and `digest.js` (strings are hashed with the
 * `binary` / latin1 encoding there, so they are here too).
 */

/** The characters the SDK allows in a payload (base64 plus the newline Braintree appends). */
const PAYLOAD_CHARACTERS = /^[A-Za-z0-9+=/\n]+$/;

/** The SDK accepts challenges of 20 to 32 lowercase hex characters. */
const CHALLENGE_FORMAT = /^[a-f0-9]{20,32}$/;

export type SignatureFailure =
	| 'missingSignature'
	| 'missingPayload'
	| 'illegalPayloadCharacters'
	| 'noMatchingPublicKey'
	| 'signatureMismatch';

export type SignatureCheck = { valid: true } | { valid: false; reason: SignatureFailure; message: string };

/** hex(HMAC-SHA1(key = SHA1(privateKey), message)), as braintree_node's `Digest.Sha1hexdigest`. */
export function braintreeHmacHex(privateKey: string, message: string): string {
	const key = createHash('sha1').update(privateKey, 'latin1').digest();
	return createHmac('sha1', key).update(message, 'latin1').digest('hex');
}

/** Constant-time comparison of two hex strings (false when the lengths differ). */
export function hexEquals(expected: string, candidate: string): boolean {
	const a = Buffer.from(expected.toLowerCase(), 'latin1');
	const b = Buffer.from(candidate.toLowerCase(), 'latin1');
	if (a.length !== b.length) {
		// Still spend the time of one comparison so the length is all that leaks.
		timingSafeEqual(a, a);
		return false;
	}
	return timingSafeEqual(a, b);
}

/** Splits `bt_signature` into its `publicKey|signature` pairs (pairs without a `|` are ignored, as in the SDK). */
export function signaturePairs(signatureHeader: string): Array<{ publicKey: string; signature: string }> {
	return signatureHeader
		.split('&')
		.filter((pair) => pair.includes('|'))
		.map((pair) => {
			const [publicKey, signature] = pair.split('|');
			return { publicKey: publicKey.trim(), signature: (signature ?? '').trim() };
		});
}

/**
 * Verifies `bt_signature` against `bt_payload` for our key pair. Every pair that names our public key is tried
 * (the SDK takes the first one only); the payload is accepted as sent or with one trailing newline added, as the
 * SDK does. Comparison is constant-time.
 */
export function verifyBraintreeSignature(
	signatureHeader: unknown,
	payload: unknown,
	publicKey: string,
	privateKey: string,
): SignatureCheck {
	if (typeof signatureHeader !== 'string' || signatureHeader === '') {
		return { valid: false, reason: 'missingSignature', message: 'bt_signature is missing' };
	}
	if (typeof payload !== 'string' || payload === '') {
		return { valid: false, reason: 'missingPayload', message: 'bt_payload is missing' };
	}
	if (!PAYLOAD_CHARACTERS.test(payload)) {
		return {
			valid: false,
			reason: 'illegalPayloadCharacters',
			message: 'bt_payload contains characters that base64 never has',
		};
	}
	const ours = signaturePairs(signatureHeader).filter((pair) => pair.publicKey === publicKey);
	if (ours.length === 0) {
		return {
			valid: false,
			reason: 'noMatchingPublicKey',
			message: 'bt_signature has no signature for the public key of the credential',
		};
	}
	const expected = [braintreeHmacHex(privateKey, payload), braintreeHmacHex(privateKey, `${payload}\n`)];
	let matched = false;
	for (const pair of ours) {
		for (const digest of expected) {
			// No early exit: every candidate is compared.
			if (hexEquals(digest, pair.signature)) matched = true;
		}
	}
	if (!matched) {
		return {
			valid: false,
			reason: 'signatureMismatch',
			message: 'bt_signature does not match bt_payload: the payload was modified or signed with another key',
		};
	}
	return { valid: true };
}

export function isValidChallenge(challenge: unknown): challenge is string {
	return typeof challenge === 'string' && CHALLENGE_FORMAT.test(challenge);
}

/**
 * The answer to Braintree's `bt_challenge` URL check: `publicKey|hex(HMAC-SHA1(SHA1(privateKey), challenge))`.
 * Throws on a challenge the SDK would refuse (not 20–32 lowercase hex characters).
 */
export function answerChallenge(challenge: unknown, publicKey: string, privateKey: string): string {
	if (!isValidChallenge(challenge)) {
		throw new Error('bt_challenge must be 20 to 32 lowercase hexadecimal characters');
	}
	return `${publicKey}|${braintreeHmacHex(privateKey, challenge)}`;
}
