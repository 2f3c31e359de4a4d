const { runPoll, chainWorkflow } = require('../helpers/engine');
const { fixturePackage } = require('./fixtures');
const { startServer } = require('./fixtures/server');

let server;
let pkg;
let credentials;

beforeAll(async () => {
	server = await startServer();
	pkg = fixturePackage();
	credentials = { fixtureTokenApi: { baseUrl: server.url, username: 'user', password: 'secret' } };
});
afterAll(async () => server.close());

const pollWorkflow = () =>
	chainWorkflow(
		[
			{ name: 'Poll', type: 'fixturePoll' },
			{ name: 'Count', type: 'fixtureCounter' },
		],
		{ package: pkg },
	);

describe('runPoll', () => {
	test('nothing new: poll() returns null and no execution runs', async () => {
		server.state.events = [];
		const r = await runPoll(pollWorkflow(), { credentials, package: pkg });
		expect(r.error).toBeNull();
		expect(r.items).toBeNull();
		expect(r.run).toBeNull();
		// The token fetched on the way is stored.
		expect(r.credentials.fixtureTokenApi.token).toMatch(/^tok-/);
	});

	test('new items run the workflow from the poll node in trigger mode; static data chains polls', async () => {
		server.state.events = [
			{ id: 1, kind: 'a' },
			{ id: 2, kind: 'b' },
		];
		const first = await runPoll(pollWorkflow(), { credentials, package: pkg });
		expect(first.items[0].map((i) => i.json.id)).toEqual([1, 2]);
		expect(first.run.status).toBe('success');
		expect(first.run.run.mode).toBe('trigger');
		expect(first.run.output('Count').map((j) => [j.id, j.count])).toEqual([
			[1, 1],
			[2, 1],
		]);
		expect(first.staticData).toEqual({ 'node:Poll': { lastId: 2 }, global: { count: 1 } });

		const same = await runPoll(pollWorkflow(), {
			credentials: first.credentials,
			staticData: first.staticData,
			package: pkg,
		});
		expect(same.items).toBeNull();

		server.state.events.push({ id: 3, kind: 'c' });
		const next = await runPoll(pollWorkflow(), {
			credentials: same.credentials,
			staticData: same.staticData,
			package: pkg,
		});
		expect(next.run.output('Count')).toEqual([{ id: 3, kind: 'c', count: 2, version: 2 }]);
	});

	test('an error in poll() is returned, not thrown', async () => {
		const r = await runPoll(pollWorkflow(), {
			credentials: { fixtureTokenApi: { ...credentials.fixtureTokenApi, password: 'wrong' } },
			package: pkg,
		});
		expect(r.items).toBeNull();
		expect(r.error).toBeTruthy();
	});
});
