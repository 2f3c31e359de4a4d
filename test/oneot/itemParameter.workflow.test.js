// The node reads `{{ $json.field }}` parameters straight from the item when that gives the same answer as n8n's
// expression evaluation (it is most of the cost on a big fleet). These pin down that it does give the same answer.
const { plainJsonPath } = require('../../dist/nodes/OneOtTerminal/actions/parameters');
const { runWorkflow } = require('../helpers/engine');
const { startSimulator, credentialsFor, terminalWorkflow } = require('../helpers/terminal');

describe('plainJsonPath', () => {
	test.each([
		['={{ $json.iccid }}', ['iccid']],
		['={{$json.sim.iccid}}', ['sim', 'iccid']],
		['={{ $json["iccid"] }}', ['iccid']],
		["={{ $json['data']['iccid'] }}", ['data', 'iccid']],
		['={{ $json.iccid.trim() }}', null],
		['={{ $json.iccid }} ', null],
		['={{ $("Stripe").item.json.iccid }}', null],
		['=prefix {{ $json.iccid }}', null],
		['{{ $json.iccid }}', null],
		[8988303000000000010n, null],
	])('%p → %p', (raw, path) => {
		expect(plainJsonPath(raw)).toEqual(path);
	});
});

describe('1oT Terminal › per-item parameters read from the item', () => {
	let sim;
	beforeAll(async () => {
		sim = await startSimulator({ fleet: { count: 5, seed: 9 } });
	});
	afterAll(async () => sim.close());

	const get = (parameters, items) =>
		runWorkflow(terminalWorkflow({ resource: 'sim', operation: 'get', ...parameters }, items, { continueOnFail: true }), {
			credentials: credentialsFor(sim),
		});

	test('nested and bracket paths, and a fixed value, give what n8n would', async () => {
		const [a, b] = sim.iccids();
		const nested = await get({ iccid: '={{ $json.sim["iccid"] }}' }, [{ sim: { iccid: a } }, { sim: { iccid: b } }]);
		expect(nested.output('1oT Terminal').map((o) => o.iccid)).toEqual([a, b]);
		const fixed = await get({ iccid: a }, [{}, {}]);
		expect(fixed.output('1oT Terminal').map((o) => o.iccid)).toEqual([a, a]);
	});

	test('a missing field, a number and an expression with code fall back to n8n and fail or pass as before', async () => {
		const [a] = sim.iccids();
		const result = await get({ iccid: '={{ $json.iccid }}' }, [
			{},
			// eslint-disable-next-line no-loss-of-precision -- the point: as a number, a 20-digit ICCID has already lost digits
			{ iccid: 89883030000000000017 },
			{ iccid: a },
		]);
		const out = result.output('1oT Terminal');
		expect(out[0].error).toMatch(/Item 0: The ICCID is empty/);
		expect(out[1].error).toMatch(/Item 1: The ICCID arrived as a number/);
		expect(out[2].iccid).toBe(a);

		const code = await get({ iccid: '={{ $json.iccid.trim() }}' }, [{ iccid: ` ${a} ` }]);
		expect(code.output('1oT Terminal')[0].iccid).toBe(a);
	});
});
