// Our dependency-free parser against the official SDK (braintree@3.40.0) on every sample notification kind.
const { braintree, KEYS, sdkGateway, norm, expectSameData } = require('./helpers');
const { parseNotificationPayload } = require('../../dist/nodes/BraintreeTrigger/notification');
const { verifyBraintreeSignature } = require('../../dist/nodes/BraintreeTrigger/signature');
const { BRAINTREE_KINDS } = require('../../dist/nodes/BraintreeTrigger/kinds');

const gateway = sdkGateway();
const SDK_KINDS = Object.values(braintree.WebhookNotification.Kind);

test('the kinds list is exactly the SDK WebhookNotification.Kind', () => {
	expect(BRAINTREE_KINDS.map((k) => k.value).sort()).toEqual([...SDK_KINDS].sort());
});

describe.each(SDK_KINDS)('sample notification %s', (kind) => {
	test.each([
		['an ordinary id', 'sub_123', undefined],
		['an iccid id and a source merchant', 'iccid-8988303000000000001', 'source_merchant_1'],
	])('agrees with webhookNotification.parse (%s)', async (_label, id, sourceMerchantId) => {
		const sample = await gateway.webhookTesting.sampleNotification(kind, id, sourceMerchantId);
		expect(verifyBraintreeSignature(sample.bt_signature, sample.bt_payload, KEYS.publicKey, KEYS.privateKey)).toEqual({
			valid: true,
		});
		const sdk = norm(await gateway.webhookNotification.parse(sample.bt_signature, sample.bt_payload));
		const ours = parseNotificationPayload(sample.bt_payload);

		// Our result is JSON already: a round trip changes nothing.
		expect(norm(ours)).toEqual(ours);
		expect(ours.kind).toBe(kind);
		expect(typeof ours.timestamp).toBe('string');
		expect(ours.timestamp).toBe(sdk.timestamp);
		// The raw subject is identical, byte for byte after JSON.
		expect(ours.subject).toEqual(sdk.subject);
		// Same top-level properties (the lifted entities under the SDK's names) …
		expect(Object.keys(ours).sort()).toEqual(Object.keys(sdk).sort());
		// … with the same data (SDK class conveniences aside).
		expectSameData(ours, sdk);
		if (sourceMerchantId) expect(ours.sourceMerchantId).toBe(sourceMerchantId);
	});
});

test('subscription samples: id kept as a string, transactions typed as the SDK types them', async () => {
	const sample = await gateway.webhookTesting.sampleNotification(
		braintree.WebhookNotification.Kind.SubscriptionChargedSuccessfully,
		'89883030000000000012',
	);
	const ours = parseNotificationPayload(sample.bt_payload);
	expect(ours.subscription.id).toBe('89883030000000000012');
	expect(ours.subscription.addOns).toEqual([]);
	expect(ours.subscription.discounts).toEqual([]);
	expect(ours.subscription.transactions).toEqual([
		{ id: '89883030000000000012', status: 'submitted_for_settlement', amount: '49.99' },
	]);
});

test('dispute samples carry the SDK derived transactionDetails and protectionLevel', async () => {
	const sample = await gateway.webhookTesting.sampleNotification(braintree.WebhookNotification.Kind.DisputeOpened, 'dp_1');
	const ours = parseNotificationPayload(sample.bt_payload);
	const sdk = norm(await gateway.webhookNotification.parse(sample.bt_signature, sample.bt_payload));
	expect(ours.dispute.transactionDetails).toEqual(sdk.dispute.transactionDetails);
	expect(ours.dispute.protectionLevel).toBe(sdk.dispute.protectionLevel);
	expect(ours.dispute.transaction.id).toBe('dp_1');
});
