// A Braintree notification's event id is the hash of the signed payload when the Braintree Trigger gives it,
// so a redelivery is recognised even after an earlier node added fields to the item.
const { decide } = require('../../dist/nodes/PaymentStatusMapper/decide');
const { notification } = require('./fixtures/braintree');

const options = (o = {}) => ({ gateway: 'auto', ...o });

test('the same payload hash is one event, whatever else the item carries', async () => {
	const n = await notification('subscription_went_active');
	const hash = 'a'.repeat(64);
	const staticData = {};
	const first = decide({ ...n, payloadHash: hash }, options(), { staticData, now: Date.now() });
	const enriched = decide({ ...n, payloadHash: hash, bikeName: 'bike-001' }, options(), { staticData, now: Date.now() });
	expect(first.item.eventId).toBe(`bt_${hash.slice(0, 40)}`);
	expect(enriched.item.eventId).toBe(first.item.eventId);
	expect(enriched.item.action).toBe('none');
	expect(enriched.item.reason).toMatch(/^Duplicate delivery: /);
});

test('without a payload hash, the notification itself is hashed (key order does not matter)', async () => {
	const n = await notification('subscription_went_active');
	const reordered = Object.fromEntries(Object.entries(n).reverse());
	const a = decide(n, options(), { staticData: {}, now: Date.now() });
	const b = decide(reordered, options(), { staticData: {}, now: Date.now() });
	expect(a.item.eventId).toMatch(/^bt_[0-9a-f]{40}$/);
	expect(b.item.eventId).toBe(a.item.eventId);
});
