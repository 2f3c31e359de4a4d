/**
 * Right whatever the order: every life of fixtures/lives.js, replayed in 500 random orders with random duplicate
 * deliveries (default options), ends with each device in the state the in-order replay gives, and that state is the
 * one the life calls for — with the store alone, and with Confirm With Gateway against the Stripe stand-in holding
 * the life's final state (there also with the store emptied before every delivery, as a second worker sees it).
 * Prints the counts.
 */
const http = require('node:http');
const fc = require('fast-check');
const { lives, EXPECTED } = require('./fixtures/lives');
const { decide, deliveriesOf } = require('./helpers');
const { startStripeStandIn } = require('../../simulator/gateways/stripe');

const DIST = '../../dist/nodes/PaymentStatusMapper';
const { decideInterpreted, interpret, normaliseOptions } = require(`${DIST}/decide`);
const { confirmWithGateway } = require(`${DIST}/delivery/confirm`);

const ORDERS = 500;
const CONCURRENT = 25;

/** Replays deliveries through one store; the SIM takes each Activate / Suspend in turn (as Set State would). */
async function replay(life, deliveries, { read = null, emptyStore = false } = {}) {
	let staticData = {};
	let sim = 'untouched';
	for (const evt of deliveries) {
		if (emptyStore) staticData = {};
		let item;
		if (read) {
			const o = normaliseOptions({ confirmWithGateway: true });
			const json = structuredClone(evt);
			const interp = interpret(json, o);
			const confirmed = await confirmWithGateway(interp, o, read);
			item = decideInterpreted(json, interp, o, { staticData, now: life.now, confirmed }).item;
		} else {
			item = decide(structuredClone(evt), {}, { staticData, now: life.now }).item;
		}
		const id = item.iccid ?? item.imei;
		if (item.action === 'none') continue;
		expect(id).toBe(life.device.iccid ?? life.device.imei);
		sim = item.action === 'activate' ? 'live' : 'suspended';
	}
	return sim;
}

/** Every life in ORDERS random orders; returns the table rows and the number of wrong final states. */
async function everyLife(list, mode, setUp = async () => {}) {
	const rows = [];
	let wrongTotal = 0;
	for (const life of list) {
		await setUp(life);
		const inOrder = await replay(life, life.events, mode);
		expect({ life: life.name, state: inOrder }).toEqual({ life: life.name, state: EXPECTED[life.name] });
		let wrong = 0;
		const orders = fc.sample(deliveriesOf(life.events), { numRuns: ORDERS, seed: 11 });
		// orders are independent replays (each its own store): run a few at once, each delivery still in turn
		for (let i = 0; i < orders.length; i += CONCURRENT) {
			const ends = await Promise.all(orders.slice(i, i + CONCURRENT).map((deliveries) => replay(life, deliveries, mode)));
			wrong += ends.filter((end) => end !== inOrder).length;
		}
		rows.push(`${life.name.padEnd(44)} ${String(life.events.length).padStart(2)} events  in order: ${inOrder.padEnd(9)}  wrong: ${wrong}/${ORDERS}`);
		wrongTotal += wrong;
	}
	return { rows, wrongTotal };
}

function print(title, { rows, wrongTotal }) {
	process.stdout.write(`\n${title}, ${ORDERS} orders per life:\n${rows.join('\n')}\nwrong final decisions: ${wrongTotal}\n`);
}

test(`every life ends right in ${ORDERS} random orders with duplicates (store alone)`, async () => {
	const result = await everyLife(lives({ withDeviceOnDispute: true }), {});
	print('store alone', result);
	expect(result.wrongTotal).toBe(0);
});

describe('Confirm With Gateway (Stripe stand-in holding each life\'s final state)', () => {
	let standIn;
	const KEY = 'sk_test_orders';
	beforeAll(async () => {
		standIn = await startStripeStandIn({ secretKey: KEY });
	});
	afterAll(async () => {
		agent.destroy();
		await standIn.close();
	});

	/** The mapper's reads, as plain HTTP with the key (the node makes them with n8n's helper; see confirm.workflow.test.js). */
	const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENT });
	const read = (gateway, path, qs) =>
		new Promise((resolve, reject) => {
			const url = new URL(path, standIn.url);
			for (const [k, v] of Object.entries(qs ?? {})) url.searchParams.set(k, v);
			http
				.get(url, { agent, headers: { authorization: `Bearer ${KEY}` } }, (res) => {
					let text = '';
					res.setEncoding('utf8');
					res.on('data', (c) => (text += c));
					res.on('end', () => {
						const body = JSON.parse(text);
						if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${body.error?.message}`));
						else resolve(body);
					});
				})
				.on('error', reject);
		});
	const setUp = async (life) => {
		standIn.setSubscriptions(Object.values(life.truth.subscriptions));
		standIn.setDisputes(Object.values(life.truth.disputes));
		standIn.setInvoices(Object.values(life.truth.invoices));
		standIn.setInvoicePayments(life.truth.invoicePayments);
	};

	test.each([
		['store kept', false],
		['store emptied before every delivery', true],
	])(`every life (real disputes: no device on them) ends right in ${ORDERS} random orders with duplicates, %s`, async (title, emptyStore) => {
		standIn.resetRequests();
		const result = await everyLife(lives(), { read, emptyStore }, setUp);
		print(`confirmWithGateway, ${title} (${standIn.requests().length} gateway reads)`, result);
		expect(result.wrongTotal).toBe(0);
	}, 600_000);
});
