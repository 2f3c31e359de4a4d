// The package as n8n and npm see it: what the tarball ships, what package.json promises, and that the
// shipped code needs nothing but n8n-workflow and Node's built-ins.
const fs = require('fs');
const path = require('path');
const { builtinModules } = require('module');
const { execFileSync } = require('child_process');

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function walk(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? walk(full) : [full];
	});
}

test('package.json: name, keyword, licence, no runtime dependencies, n8n-workflow as the only peer', () => {
	expect(pkg.name).toBe('n8n-nodes-1ot');
	expect(pkg.keywords).toContain('n8n-community-node-package');
	expect(pkg.license).toBe('MIT');
	expect(pkg.dependencies ?? {}).toEqual({});
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(pkg.files).toEqual(['dist']);
	for (const script of ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish']) {
		expect(pkg.scripts).not.toHaveProperty(script);
	}
});

test('the n8n block lists every node and credential, and each one is built', () => {
	expect(pkg.n8n).toMatchObject({ n8nNodesApiVersion: 1, strict: true });
	const built = walk(path.join(root, 'dist')).map((f) => path.relative(root, f));
	const nodes = built.filter((f) => f.endsWith('.node.js')).sort();
	const credentials = built.filter((f) => f.endsWith('.credentials.js')).sort();
	expect([...pkg.n8n.nodes].sort()).toEqual(nodes);
	expect([...pkg.n8n.credentials].sort()).toEqual(credentials);
	const names = pkg.n8n.nodes.map((file) => {
		const mod = require(path.join(root, file));
		return new (Object.values(mod)[0])().description.name;
	});
	expect(names.sort()).toEqual(
		['braintreeTrigger', 'oneOtTerminal', 'oneOtTerminalAlertTrigger', 'oneOtTerminalTrigger', 'paymentStatusMapper', 'paymentWebhookTrigger'].sort(),
	);
	const credentialNames = pkg.n8n.credentials.map((file) => new (Object.values(require(path.join(root, file)))[0])().name);
	expect(credentialNames.sort()).toEqual(['braintreeApi', 'mollieApi', 'oneOtTerminalApi', 'oneOtTerminalWebhookApi', 'paymentWebhookApi', 'stripeReadApi']);
});

test('the shipped code requires only n8n-workflow and Node built-ins', () => {
	const allowed = new Set(['n8n-workflow', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
	const foreign = [];
	for (const file of walk(path.join(root, 'dist')).filter((f) => f.endsWith('.js'))) {
		const source = fs.readFileSync(file, 'utf8');
		for (const [, name] of source.matchAll(/require\(["']([^"']+)["']\)/g)) {
			if (!name.startsWith('.') && !allowed.has(name)) foreign.push(`${path.relative(root, file)}: ${name}`);
		}
		for (const global of ['setTimeout(', 'setInterval(', 'console.', 'process.env']) {
			if (source.includes(global)) foreign.push(`${path.relative(root, file)}: ${global}`);
		}
	}
	expect(foreign).toEqual([]);
});

test('npm pack ships dist/, the README, the licence and package.json, nothing else', () => {
	const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
	const files = report.files.map((f) => f.path);
	const others = files.filter((f) => !f.startsWith('dist/'));
	// npm adds README, LICENCE and package.json to `files: ["dist"]` itself (and CHANGELOG in some versions).
	expect(others).toEqual(expect.arrayContaining(['README.md', 'LICENSE.md', 'package.json']));
	expect(others.filter((f) => !['CHANGELOG.md', 'LICENSE.md', 'README.md', 'package.json'].includes(f))).toEqual([]);
	expect(files.filter((f) => f.startsWith('dist/nodes/') && f.endsWith('.node.js'))).toHaveLength(pkg.n8n.nodes.length);
	expect(files.some((f) => /(^|\/)test\/|\.test\.|tsbuildinfo/.test(f))).toBe(false);
});
