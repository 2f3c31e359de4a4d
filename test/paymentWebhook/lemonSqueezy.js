/**
 * A Lemon Squeezy webhook body (docs.lemonsqueezy.com, "Webhooks" and "The subscription object"): `meta` with
 * event_name and custom_data, `data` a JSON:API resource. The lemonsqueezy.js SDK types describe the same object.
 */
function subscriptionEvent(eventName = 'subscription_created', { status = 'active', customData = { iccid: '89490200001234567890' } } = {}) {
	return {
		meta: { test_mode: true, event_name: eventName, custom_data: customData, webhook_id: 'c3a1e0f4-55a4-4b3e-9d7e-3b4b1b2f6a10' },
		data: {
			type: 'subscriptions',
			id: '1',
			attributes: {
				store_id: 1,
				customer_id: 1,
				order_id: 1,
				product_id: 1,
				variant_id: 1,
				status,
				renews_at: '2026-12-01T00:00:00.000000Z',
				ends_at: null,
				created_at: '2026-11-01T00:00:00.000000Z',
				updated_at: '2026-11-01T00:00:00.000000Z',
				test_mode: true,
			},
		},
	};
}

module.exports = { subscriptionEvent };
