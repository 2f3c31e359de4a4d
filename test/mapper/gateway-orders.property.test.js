/**
 * Right whatever the order, for the Paddle, Chargebee, PayPal and GoCardless presets: every stage of each gateway's
 * life (fixtures/gatewayLives.js: paid; failed and retrying; given up; reactivated; canceled with a late event),
 * replayed in 500 random orders with random duplicate deliveries through one store (default options), ends with the
 * device in the state the in-order replay gives, and that is the state the life calls for. Prints the counts.
 */
const fc = require('fast-check');
const { gatewayLives } = require('./fixtures/gatewayLives');
const { decide, deliveriesOf } = require('./helpers');

const ORDERS = 500;
const BIKE = { iccid: '8988303000000000051', imei: '359131080000052' };
const { LIVES, NOW } = gatewayLives(BIKE, Math.floor(Date.parse('2026-11-20T12:00:00Z') / 1000));

/** The stages of a life: its events up to and including a step, and the SIM state that step leaves. */
const STAGES = ['paid', 'failed, retrying', 'given up', 'reactivated', null];

/** What reaches the mapper: GoCardless bodies are split into one item per event by the Payment Webhook Trigger. */
const asItem = (provider, body) => (provider === 'gocardless' ? body.events[0] : body);

function stagesOf(provider) {
	const steps = LIVES[provider]();
	return STAGES.map((until) => {
		const last = until === null ? steps.length - 1 : steps.findIndex(([step]) => step === until);
		return { name: `${provider}: ${until ?? 'canceled, then a late event'}`, events: steps.slice(0, last + 1).map((s) => asItem(provider, s[1])), expected: steps[last][3] === 'ON/LIVE' ? 'live' : 'suspended' };
	});
}

function replay(events) {
	const staticData = {};
	let sim = 'untouched';
	for (const evt of events) {
		const { item } = decide(structuredClone(evt), {}, { staticData, now: NOW });
		if (item.action === 'none') continue;
		expect(item.iccid ?? item.imei).toBe(item.gateway === 'gocardless' ? BIKE.imei : BIKE.iccid);
		sim = item.action === 'activate' ? 'live' : 'suspended';
	}
	return sim;
}


test(`every stage of every gateway's life ends right in ${ORDERS} random orders with duplicates`, () => {
	const rows = [];
	let wrongTotal = 0;
	for (const provider of Object.keys(LIVES)) {
		for (const stage of stagesOf(provider)) {
			const inOrder = replay(stage.events);
			expect({ life: stage.name, state: inOrder }).toEqual({ life: stage.name, state: stage.expected });
			let wrong = 0;
			for (const deliveries of fc.sample(deliveriesOf(stage.events), { numRuns: ORDERS, seed: 13 })) {
				if (replay(deliveries) !== inOrder) wrong += 1;
			}
			rows.push(`${stage.name.padEnd(44)} ${String(stage.events.length).padStart(2)} events  in order: ${inOrder.padEnd(9)}  wrong: ${wrong}/${ORDERS}`);
			wrongTotal += wrong;
		}
	}
	process.stdout.write(`\ngateway lives, ${ORDERS} orders per stage:\n${rows.join('\n')}\nwrong final decisions: ${wrongTotal}\n`);
	expect(wrongTotal).toBe(0);
});
