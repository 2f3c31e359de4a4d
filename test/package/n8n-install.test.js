// The real-n8n installer's two guards for a fresh machine: npm runs without the parent's npm_config_* (a run
// started by `npm start` carries the project's ignore-scripts=true, which turned the sqlite3 rebuild into a no-op),
// and an install whose sqlite3 does not load is found, wherever the copy sits.
const fs = require('fs');
const os = require('os');
const path = require('path');

const { npmEnv, sqliteProblem } = require('../../scripts/e2e/n8n-install');

describe('npmEnv', () => {
	const saved = { ...process.env };
	afterEach(() => {
		for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
		Object.assign(process.env, saved);
	});

	test("drops every npm_config_*, npm_package_* and npm_lifecycle_* of the parent, keeps the rest, adds what is asked", () => {
		process.env.npm_config_ignore_scripts = 'true';
		process.env.NPM_CONFIG_IGNORE_SCRIPTS = 'true';
		process.env.npm_config_nodedir = '/wrong';
		process.env.npm_package_name = 'n8n-nodes-1ot';
		process.env.npm_lifecycle_event = 'start';
		process.env.KEEP_ME = 'yes';
		const env = npmEnv({ npm_config_nodedir: '/node24' });
		expect(Object.keys(env).filter((k) => /^npm_(config|package|lifecycle)_/i.test(k))).toEqual(['npm_config_update_notifier', 'npm_config_nodedir']);
		expect(env.npm_config_nodedir).toBe('/node24');
		expect(env.KEEP_ME).toBe('yes');
		expect(env.PATH).toBe(process.env.PATH);
	});
});

describe('sqliteProblem', () => {
	let dir;
	beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-check-'))));
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	// A stand-in for the sqlite3 package: loads and opens a database, or fails as an unbuilt binding does.
	function sqlite(at, works) {
		fs.mkdirSync(at, { recursive: true });
		fs.writeFileSync(path.join(at, 'package.json'), JSON.stringify({ name: 'sqlite3', main: 'index.js' }));
		fs.writeFileSync(
			path.join(at, 'index.js'),
			works
				? 'exports.Database = class { constructor(f) { this.f = f; } close() {} };'
				: "throw new Error('Could not locate the bindings file. Tried: build/node_sqlite3.node');",
		);
	}

	test('an install without sqlite3 is a problem', () => {
		fs.mkdirSync(path.join(dir, 'node_modules', 'n8n'), { recursive: true });
		expect(sqliteProblem(process.execPath, dir)).toBe('no sqlite3 in the install');
	});

	test('a loadable sqlite3 is none; an unbuilt one, even nested under a scope, is named with its error', () => {
		sqlite(path.join(dir, 'node_modules', 'sqlite3'), true);
		expect(sqliteProblem(process.execPath, dir)).toBeNull();
		sqlite(path.join(dir, 'node_modules', '@n8n', 'typeorm', 'node_modules', 'sqlite3'), false);
		const problem = sqliteProblem(process.execPath, dir);
		expect(problem).toContain(path.join('node_modules', '@n8n', 'typeorm', 'node_modules', 'sqlite3'));
		expect(problem).toContain('Could not locate the bindings file');
	});
});
