// Shared helpers for the Braintree tests: an SDK gateway with obviously fake keys, an independent signer, and the
// JSON normalisation used to compare our parser with the SDK's.
const crypto = require('crypto');
const braintree = require('braintree');

const KEYS = Object.freeze({ merchantId: 'fake_merchant', publicKey: 'fake_public_key', privateKey: 'fake_private_key_0000' });

function sdkGateway(keys = KEYS) {
	return new braintree.BraintreeGateway({ environment: braintree.Environment.Sandbox, ...keys });
}

/** Independent of the code under test: hex(HMAC-SHA1(key = SHA1(privateKey), payload)). */
function sign(payload, privateKey = KEYS.privateKey) {
	const key = crypto.createHash('sha1').update(privateKey).digest();
	return crypto.createHmac('sha1', key).update(payload).digest('hex');
}

/** XML → { bt_signature, bt_payload } the way Braintree sends it (base64 + "\n", signed over that). */
function signedPayload(xml, { publicKey = KEYS.publicKey, privateKey = KEYS.privateKey, newline = true } = {}) {
	const payload = Buffer.from(xml, 'utf8').toString('base64') + (newline ? '\n' : '');
	return { bt_signature: `${publicKey}|${sign(payload, privateKey)}`, bt_payload: payload };
}

/**
 * The comparison normalisation: JSON round trip (class instances → their own enumerable data, Date → ISO string,
 * undefined dropped, NaN → null).
 */
function norm(value) {
	return JSON.parse(JSON.stringify(value));
}

/**
 * Properties that braintree_node's classes add in their constructors and that are not Braintree data (see
 * nodes/BraintreeTrigger/notification.ts). The SDK object may have these where ours does not; nothing else.
 */
const SDK_CLASS_EXTRAS = new Set([
	// Transaction: payment instrument objects built even when absent, and a derived flag
	'creditCard',
	'paypalAccount',
	'paypalHereDetails',
	'localPayment',
	'applePayCard',
	'androidPayCard',
	'disbursementDetails',
	'visaCheckoutCard',
	'samsungPayCard',
	'partiallyAuthorized',
	// CreditCard
	'maskedNumber',
	'expirationDate',
	// UsBankAccount defaults
	'achMandate',
	'verifications',
	// AttributeSetter alias
	'graphQLId',
]);

/**
 * Asserts that `ours` carries exactly the SDK's data: every value we have equals the SDK's at the same path, and
 * every SDK property we lack is one of SDK_CLASS_EXTRAS.
 */
function expectSameData(ours, sdk, path = '$') {
	if (Array.isArray(sdk)) {
		if (!Array.isArray(ours)) throw new Error(`${path}: expected an array, got ${JSON.stringify(ours)}`);
		if (ours.length !== sdk.length) throw new Error(`${path}: length ${ours.length} ≠ SDK ${sdk.length}`);
		sdk.forEach((item, i) => expectSameData(ours[i], item, `${path}[${i}]`));
		return;
	}
	if (sdk !== null && typeof sdk === 'object') {
		if (ours === null || typeof ours !== 'object' || Array.isArray(ours)) {
			throw new Error(`${path}: expected an object, got ${JSON.stringify(ours)}`);
		}
		for (const key of Object.keys(ours)) {
			if (!(key in sdk)) throw new Error(`${path}.${key}: we have it, the SDK does not`);
		}
		for (const key of Object.keys(sdk)) {
			if (key in ours) expectSameData(ours[key], sdk[key], `${path}.${key}`);
			else if (!SDK_CLASS_EXTRAS.has(key)) throw new Error(`${path}.${key}: the SDK has it, we do not`);
		}
		return;
	}
	if (ours !== sdk) throw new Error(`${path}: ${JSON.stringify(ours)} ≠ SDK ${JSON.stringify(sdk)}`);
}

module.exports = { braintree, KEYS, sdkGateway, sign, signedPayload, norm, expectSameData, SDK_CLASS_EXTRAS };
