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

/** What a Braintree signature is made of: lower-case hex (the SDK compares case and all). */
const LOWER_HEX = /^[0-9a-f]*$/;

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

/**
 * Constant-time, exact comparison of two signatures (false when the lengths differ). Case counts: the SDK compares
 * the characters as sent, so an upper-case hex signature is not Braintree's and is refused.
 */
export function hexEquals(expected: string, candidate: string): boolean {
	const a = Buffer.from(expected, 'latin1');
	const b = Buffer.from(candidate, 'latin1');
	// Anything but lower-case hex is never Braintree's (and latin1 would keep the low byte of a wider character:
	// 'š' would pass for 'a'), so it is refused before the bytes are compared.
	if (a.length !== b.length || !LOWER_HEX.test(candidate)) {
		// Still spend the time of one comparison so the length is all that leaks.
		timingSafeEqual(a, a);
		return false;
	}
	return timingSafeEqual(a, b);
}

/**
 * Splits `bt_signature` into its `publicKey|signature` pairs as the SDK does: pairs without a `|` are ignored,
 * nothing is trimmed (a key or signature with spaces around it is not the one Braintree sent).
 */
export function signaturePairs(signatureHeader: string): Array<{ publicKey: string; signature: string }> {
	return signatureHeader
		.split('&')
		.filter((pair) => pair.includes('|'))
		.map((pair) => {
			const [publicKey, signature] = pair.split('|');
			return { publicKey, signature };
		});
}

/**
 * Verifies `bt_signature` against `bt_payload` for our key pair, as braintree_node's `validateSignature`: the
 * first pair that names our public key is the one checked (a later pair for the same key is not a second
 * chance), against the payload as sent or with one trailing newline added. Comparison is constant-time.
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
	const ours = signaturePairs(signatureHeader).find((pair) => pair.publicKey === publicKey);
	if (!ours) {
		return {
			valid: false,
			reason: 'noMatchingPublicKey',
			message: 'bt_signature has no signature for the public key of the credential',
		};
	}
	// Both candidates are compared (no early exit).
	const matches = [braintreeHmacHex(privateKey, payload), braintreeHmacHex(privateKey, `${payload}\n`)].map((digest) =>
		hexEquals(digest, ours.signature),
	);
	if (!matches.includes(true)) {
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
