/**
 * Mixed payment events for the Payment Status Mapper bench, built from the test fixtures (Stripe objects shaped
 * after stripe@23, Braintree notifications signed and parsed by the Braintree SDK) and varied per event: 10,000
 * devices, unique event ids, later events later in time.
 *
 * Mix: 60 % Stripe events (subscription created/updated/deleted in every status, invoice paid / payment failed,
 * both invoice shapes), 10 % Stripe subscription objects (as the API lists them for the nightly reconcile),
 * 25 % Braintree Trigger notifications (subscription kinds), 5 % Braintree subscription objects.
 */
const stripeFx = require('../../test/mapper/fixtures/stripe');
const braintreeFx = require('../../test/mapper/fixtures/braintree');
const { prng } = require('./scenario');

const DEVICES = 10000;
let seq = 0;
const STRIPE_STATUSES = ['active', 'active', 'active', 'past_due', 'unpaid', 'canceled', 'trialing', 'paused', 'incomplete'];
const BT_STATUSES = ['Active', 'Active', 'Past Due', 'Canceled', 'Expired'];

function iccidOf(device) {
	return `89883030${String(device).padStart(11, '0')}`;
}

async function templates() {
	const stripeEvents = [];
	for (const status of STRIPE_STATUSES) {
		const type = status === 'canceled' ? 'customer.subscription.deleted' : 'customer.subscription.updated';
		stripeEvents.push(stripeFx.event(type, stripeFx.subscription({ status })));
	}
	stripeEvents.push(stripeFx.event('customer.subscription.created', stripeFx.subscription({ status: 'active' })));
	stripeEvents.push(stripeFx.event('invoice.paid', stripeFx.invoice({ status: 'paid' })));
	stripeEvents.push(stripeFx.event('invoice.payment_failed', stripeFx.invoice({ status: 'open', attemptCount: 2 })));
	stripeEvents.push(
		stripeFx.event('invoice.payment_failed', stripeFx.invoice({ status: 'open', legacy: true }), { apiVersion: stripeFx.LEGACY_API_VERSION }),
	);
	const stripeObjects = STRIPE_STATUSES.map((status) => stripeFx.subscription({ status }));
	const btNotifications = [];
	for (const kind of braintreeFx.SUBSCRIPTION_KINDS) btNotifications.push(await braintreeFx.notification(kind));
	const btObjects = BT_STATUSES.map((status) => braintreeFx.subscriptionObject({ status }));
	return { stripeEvents, stripeObjects, btNotifications, btObjects };
}

function setStripeDevice(obj, iccid, subId) {
	if (obj.object === 'subscription') {
		obj.id = subId;
		obj.metadata = { iccid };
	} else if (obj.object === 'invoice') {
		obj.id = `in_${subId.slice(4)}_${seq++}`;
		if (obj.parent) obj.parent.subscription_details = { subscription: subId, metadata: { iccid } };
		if (obj.subscription_details) {
			obj.subscription = subId;
			obj.subscription_details = { metadata: { iccid } };
		}
		for (const line of obj.lines.data) line.metadata = { iccid };
	}
}

/** `count` events, deterministic. */
async function mapperEvents(count) {
	const t = await templates();
	const random = prng(11);
	const pick = (list) => list[Math.floor(random() * list.length)];
	const events = new Array(count);
	const base = 1793491260;
	for (let i = 0; i < count; i++) {
		const device = Math.floor(random() * DEVICES);
		const iccid = iccidOf(device);
		const subId = `sub_bench${String(device).padStart(10, '0')}`;
		const r = random();
		let e;
		if (r < 0.6) {
			e = structuredClone(pick(t.stripeEvents));
			e.id = `evt_bench${String(i).padStart(12, '0')}`;
			e.created = base + i;
			setStripeDevice(e.data.object, iccid, subId);
		} else if (r < 0.7) {
			e = structuredClone(pick(t.stripeObjects));
			setStripeDevice(e, iccid, subId);
		} else if (r < 0.95) {
			e = structuredClone(pick(t.btNotifications));
			const btId = `iccid-${iccid}`;
			e.timestamp = new Date((base + i) * 1000).toISOString();
			if (e.subscription) e.subscription.id = btId;
			if (e.subject && e.subject.subscription) e.subject.subscription.id = btId;
		} else {
			e = structuredClone(pick(t.btObjects));
			e.id = `iccid-${iccid}`;
		}
		events[i] = e;
	}
	return events;
}

module.exports = { mapperEvents, iccidOf };
