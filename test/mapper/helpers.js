/** Shared test helpers for the Payment Status Mapper: the compiled policy, the node and a small execute() context. */
const path = require('path');

const DIST = path.join(__dirname, '../../dist/nodes/PaymentStatusMapper');
const { decide, normaliseOptions } = require(path.join(DIST, 'decide.js'));
const { PaymentStatusMapper } = require(path.join(DIST, 'PaymentStatusMapper.node.js'));

/** 2026-11-03: two days after the fixtures' renewal on 2026-11-01 (1793491200). */
const NOW = Date.parse('2026-11-03T12:00:00Z');

/** decide() with a fresh (or given) store and a fixed clock. */
function decider(options = {}, { staticData = {}, now = NOW } = {}) {
	const fn = (json, extra = {}) => decide(json, { ...options, ...extra }, { staticData, now });
	fn.staticData = staticData;
	return fn;
}

/** A minimal IExecuteFunctions-like context. */
function context(items, params = {}, { continueOnFail = false, staticData = {} } = {}) {
	const node = { id: 'mapper-1', name: 'Payment Status Mapper', type: 'n8n-nodes-1ot.paymentStatusMapper', typeVersion: 1, position: [0, 0], parameters: params };
	return {
		staticData,
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter(name, itemIndex, fallback) {
			const value = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined;
			return value === undefined ? fallback : value;
		},
		getNode: () => node,
		continueOnFail: () => continueOnFail,
		getWorkflowStaticData: () => staticData,
		helpers: {
			returnJsonArray: (d) => (Array.isArray(d) ? d : [d]).map((json) => ({ json })),
			constructExecutionMetaData: (items, { itemData }) => items.map((it) => ({ ...it, pairedItem: itemData })),
		},
	};
}

async function run(items, params, opts) {
	const ctx = context(items, params, opts);
	const out = await new PaymentStatusMapper().execute.call(ctx);
	return { out, ctx };
}

/**
 * Deliveries as a gateway makes them, for property tests (fast-check): each event once, some again (at least once),
 * all in a random order.
 */
function deliveriesOf(events) {
	const fc = require('fast-check');
	return fc
		.tuple(fc.array(fc.nat(events.length - 1), { maxLength: events.length }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2 * events.length, maxLength: 2 * events.length }))
		.map(([repeats, keys]) => {
			const all = [...events, ...repeats.map((i) => events[i])];
			return all.map((e, i) => [keys[i], e]).sort((a, b) => a[0] - b[0]).map(([, e]) => e);
		});
}

module.exports = { DIST, decide, normaliseOptions, PaymentStatusMapper, NOW, decider, context, run, deliveriesOf };
