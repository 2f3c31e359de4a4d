/** Property-based: random and malformed input never throws out of execute() with Continue On Fail; every item
 * leaves on exactly one output (an error item on No Action); decide() throws only its own item errors. */
const fc = require('fast-check');
const S = require('./fixtures/stripe');
const { run, decide } = require('./helpers');

const statuses = fc.constantFrom('active', 'trialing', 'past_due', 'unpaid', 'paused', 'canceled', 'incomplete', 'incomplete_expired', 'Active', 'Past Due', 'Canceled', 'weird', '');
const eventTypes = fc.constantFrom(
	'invoice.paid', 'invoice.payment_succeeded', 'invoice.payment_failed', 'customer.subscription.created', 'customer.subscription.updated',
	'customer.subscription.deleted', 'customer.subscription.paused', 'customer.subscription.resumed', 'checkout.session.completed',
	'payment_intent.succeeded', 'charge.refunded', 'charge.dispute.created', 'charge.dispute.closed', 'something.else',
);
const junk = fc.oneof(fc.anything({ maxDepth: 3 }), fc.constant(null), fc.constant(undefined), fc.integer(), fc.string());
const metadata = fc.oneof(junk, fc.record({ iccid: fc.oneof(fc.constant(S.ICCID), fc.string(), fc.integer(), fc.double(), junk) }, { requiredKeys: [] }));

/** Stripe-ish objects with random holes and wrong types. */
const stripeish = fc.record(
	{
		id: fc.oneof(fc.string(), junk),
		object: fc.constantFrom('event', 'subscription', 'invoice', 'checkout.session', 'payment_intent', 'charge', 'dispute', 'x'),
		type: fc.oneof(eventTypes, junk),
		created: fc.oneof(fc.integer(), fc.double(), junk),
		data: fc.oneof(
			fc.record({ object: fc.record({ id: fc.oneof(fc.string(), junk), object: fc.constantFrom('subscription', 'invoice', 'dispute', 'charge'), status: fc.oneof(statuses, junk), metadata, lines: junk, parent: junk, items: junk, customer: junk }, { requiredKeys: ['object'] }), previous_attributes: junk }, { requiredKeys: ['object'] }),
			junk,
		),
		status: fc.oneof(statuses, junk),
		metadata,
		kind: fc.oneof(fc.constantFrom('subscription_canceled', 'dispute_won', 'check'), junk),
		subscription: fc.oneof(fc.record({ id: fc.oneof(fc.constant('iccid-8988303000000000001'), fc.string(), junk), status: statuses, paidThroughDate: fc.oneof(fc.string(), junk) }), junk),
		timestamp: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), junk),
		paidThroughDate: fc.oneof(fc.string(), junk),
		body: junk,
	},
	{ requiredKeys: [] },
);

/** Deeply nested trees (as JSON items are), in every place the node looks. */
const deep = fc.integer({ min: 100, max: 5000 }).map((n) => {
	let o = { x: 1 };
	for (let i = 0; i < n; i++) o = [{ body: o }, { subscription: o }, { data: { object: o } }][i % 3];
	return o;
});

const inputs = fc.array(fc.oneof(stripeish, fc.object(), junk, deep, deep.map((o) => ({ kind: 'check', subject: o, timestamp: 'x' }))), { maxLength: 6 });
const paramsArb = fc.record(
	{
		gateway: fc.constantFrom('auto', 'stripe', 'braintree', 'custom', 'bogus'),
		statusField: fc.oneof(fc.constant('status'), fc.string()),
		deviceIdField: fc.oneof(fc.constant('metadata.iccid'), fc.string()),
		options: fc.record({ graceDays: fc.oneof(fc.integer(), fc.string(), junk), onMissingDeviceId: fc.constantFrom('error', 'ignore'), deviceIdKeys: fc.oneof(fc.string(), junk), dedupe: fc.boolean() }, { requiredKeys: [] }),
	},
	{ requiredKeys: [] },
);

test('execute() with Continue On Fail never throws and puts every item on exactly one output', async () => {
	await fc.assert(
		fc.asyncProperty(inputs, paramsArb, async (items, params) => {
			const json = items.map((v) => v); // getInputData wraps as { json }
			const { out } = await run(json, params, { continueOnFail: true, staticData: {} });
			expect(out).toHaveLength(3);
			const seen = out.flat().map((i) => i.pairedItem.item).sort((a, b) => a - b);
			expect(seen).toEqual(items.map((_, i) => i));
			for (const item of out.flat()) {
				if (item.json.error !== undefined) expect(typeof item.json.error).toBe('string');
				else expect(['activate', 'suspend', 'none']).toContain(item.json.action);
			}
			for (const item of out[0]) expect(item.json.desiredState).toBe('live');
			for (const item of out[1]) expect(item.json.desiredState).toBe('suspended');
		}),
		{ numRuns: 300 },
	);
});

test('without Continue On Fail, execute() throws only NodeOperationError', async () => {
	const { NodeOperationError } = require('n8n-workflow');
	await fc.assert(
		fc.asyncProperty(inputs, async (items) => {
			try {
				await run(items, {});
			} catch (e) {
				expect(e).toBeInstanceOf(NodeOperationError);
				expect(e.message).toMatch(/^Item \d+: /);
			}
		}),
		{ numRuns: 200 },
	);
});

test('decide() on well-formed events with random metadata: output fields have the contract types', () => {
	fc.assert(
		fc.property(eventTypes, statuses, metadata, (type, status, meta) => {
			const obj = type.startsWith('invoice') ? S.invoice({ metadata: meta, lineMetadata: meta, status: status === 'paid' ? 'paid' : 'open' }) : S.subscription({ status, metadata: meta });
			let d;
			try {
				d = decide(S.event(type, obj), { onMissingDeviceId: 'ignore' }, { now: Date.parse('2026-11-03T00:00:00Z') }).item;
			} catch (e) {
				throw new Error(`threw ${e.message}`);
			}
			expect(d.iccid === null || typeof d.iccid === 'string').toBe(true);
			expect(['active', 'grace', 'suspended', 'ended', 'pending', 'ignored']).toContain(d.billingStatus);
			expect({ activate: 'live', suspend: 'suspended', none: null }[d.action]).toBe(d.desiredState);
		}),
		{ numRuns: 300 },
	);
});

test('an object graph with shared parts (2^5000 paths) does not hang the Braintree hash', async () => {
	// Counts the work instead of timing it: every property read and key listing goes through the proxy. The node's
	// hash has a budget of 20,000 values; a walk without one would read without end, so past the limit the proxy
	// throws and the item comes out as an error instead of the test hanging.
	const LIMIT = 100_000;
	let reads = 0;
	const count = () => {
		if (++reads > LIMIT) throw new Error(`more than ${LIMIT} reads: the walk is not bounded`);
	};
	const counted = (target) =>
		new Proxy(target, {
			get: (t, k, r) => (count(), Reflect.get(t, k, r)),
			ownKeys: (t) => (count(), Reflect.ownKeys(t)),
		});
	let o = counted({ x: 1 });
	for (let i = 0; i < 5000; i++) o = counted({ body: o, subscription: o });
	const { out } = await run([{ kind: 'check', subject: o }, o], {}, { continueOnFail: true });
	expect(out[2]).toHaveLength(2);
	expect(out[2][0].json).toMatchObject({ gateway: 'braintree', eventType: 'check', billingStatus: 'ignored', eventId: expect.stringMatching(/^bt_[0-9a-f]{40}$/) });
	expect(out[2][1].json.error).toMatch(/^Item 1: not a recognised payment event/);
	expect(reads).toBeLessThanOrEqual(LIMIT);
});
