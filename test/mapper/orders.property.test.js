/**
 * Right whatever the order: every life of fixtures/lives.js, replayed in 500 random orders with random duplicate
 * deliveries through one store (default options), ends with each device in the state the in-order replay gives,
 * and that state is the one the life calls for. Prints the counts.
 */
const fc = require('fast-check');
const { lives, EXPECTED } = require('./fixtures/lives');
const { decide, deliveriesOf } = require('./helpers');

const ORDERS = 500;

/** Replays deliveries through one store; the SIM takes each Activate / Suspend in turn (as Set State would). */
function replay(life, deliveries) {
	const staticData = {};
	let sim = 'untouched';
	for (const evt of deliveries) {
		const { item } = decide(structuredClone(evt), {}, { staticData, now: life.now });
		const id = item.iccid ?? item.imei;
		if (item.action === 'none') continue;
		expect(id).toBe(life.device.iccid ?? life.device.imei);
		sim = item.action === 'activate' ? 'live' : 'suspended';
	}
	return sim;
}


test(`every life ends right in ${ORDERS} random orders with duplicates (store alone)`, () => {
	const rows = [];
	let wrongTotal = 0;
	for (const life of lives({ withDeviceOnDispute: true })) {
		const inOrder = replay(life, life.events);
		expect({ life: life.name, state: inOrder }).toEqual({ life: life.name, state: EXPECTED[life.name] });
		let wrong = 0;
		for (const deliveries of fc.sample(deliveriesOf(life.events), { numRuns: ORDERS, seed: 11 })) {
			if (replay(life, deliveries) !== inOrder) wrong += 1;
		}
		rows.push(`${life.name.padEnd(44)} ${String(life.events.length).padStart(2)} events  in order: ${inOrder.padEnd(9)}  wrong: ${wrong}/${ORDERS}`);
		wrongTotal += wrong;
	}
	process.stdout.write(`\nstore alone, ${ORDERS} orders per life:\n${rows.join('\n')}\nwrong final decisions: ${wrongTotal}\n`);
	expect(wrongTotal).toBe(0);
});
