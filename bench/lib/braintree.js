/**
 * The Braintree Trigger's parser per notification, beside the Braintree SDK's own parse (which n8n users would
 * otherwise need a Code node and an external module for). Notifications are the SDK's signed samples of every
 * kind our parser knows, so both sides parse the same bytes.
 */
const path = require('path');
const braintree = require('braintree');

const DIST = path.join(__dirname, '..', '..', 'dist', 'nodes', 'BraintreeTrigger');
const KEYS = { merchantId: 'bench_merchant', publicKey: 'bench_public_key', privateKey: 'bench_private_key' };

const KINDS = [
	'subscription_went_active',
	'subscription_charged_successfully',
	'subscription_charged_unsuccessfully',
	'subscription_went_past_due',
	'subscription_canceled',
	'subscription_expired',
	'dispute_opened',
	'dispute_won',
	'dispute_lost',
	'transaction_settled',
	'disbursement',
	'check',
];

function samples(count) {
	const gateway = new braintree.BraintreeGateway({ environment: braintree.Environment.Sandbox, ...KEYS });
	const out = [];
	for (let i = 0; i < count; i++) {
		out.push(gateway.webhookTesting.sampleNotification(KINDS[i % KINDS.length], `iccid-89883030${String(i).padStart(11, '0')}`));
	}
	return { gateway, notifications: out };
}

function perNotification(count, fn) {
	const t0 = process.hrtime.bigint();
	for (let i = 0; i < count; i++) fn(i);
	return Number(process.hrtime.bigint() - t0) / 1e3 / count;
}

/** µs per notification: ours (parse; verify + parse) and the SDK's parse (which verifies too). */
async function benchBraintree(count = 20000) {
	const { parseNotificationPayload } = require(path.join(DIST, 'notification.js'));
	const { verifyBraintreeSignature } = require(path.join(DIST, 'signature.js'));
	const { gateway, notifications } = samples(Math.min(count, 2000));
	const n = notifications.length;
	const parse = (i) => parseNotificationPayload(notifications[i % n].bt_payload);
	const verifyParse = (i) => {
		const s = notifications[i % n];
		if (!verifyBraintreeSignature(s.bt_signature, s.bt_payload, KEYS.publicKey, KEYS.privateKey).valid) throw new Error('bad signature');
		return parseNotificationPayload(s.bt_payload);
	};
	perNotification(Math.min(count, 2000), verifyParse); // warm-up
	const oursParse = perNotification(count, parse);
	const oursVerifyParse = perNotification(count, verifyParse);
	const sdkCount = Math.min(count, 5000);
	const t0 = process.hrtime.bigint();
	for (let i = 0; i < sdkCount; i++) {
		const s = notifications[i % n];
		await gateway.webhookNotification.parse(s.bt_signature, s.bt_payload);
	}
	const sdk = Number(process.hrtime.bigint() - t0) / 1e3 / sdkCount;
	return { count, sdkCount, kinds: KINDS.length, oursParseUs: oursParse, oursVerifyParseUs: oursVerifyParse, sdkParseUs: sdk };
}

module.exports = { benchBraintree };
