// Every template in workflows/ imports as it is: its node types exist (in this package or in n8n), its
// connections are whole, and it carries no credential ids or secrets.
const fs = require('fs');
const path = require('path');
const { loadPackage } = require('../helpers/engine');

const dir = path.join(__dirname, '..', '..', 'workflows');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
const pkg = loadPackage();

/**
 * n8n's built-in nodes the templates use, with type versions that exist in every n8n this package
 * supports (1.123 and 2.x). The E2E suite imports and runs the templates in a real n8n as well.
 */
const BUILT_IN = {
	'n8n-nodes-base.stickyNote': [1],
	'n8n-nodes-base.noOp': [1],
	'n8n-nodes-base.stripeTrigger': [1],
	'n8n-nodes-base.scheduleTrigger': [1, 1.1, 1.2],
	'n8n-nodes-base.httpRequest': [4, 4.1, 4.2],
	'n8n-nodes-base.splitOut': [1],
	'n8n-nodes-base.if': [2],
	'n8n-nodes-base.switch': [3],
	'n8n-nodes-base.set': [3.4],
	'n8n-nodes-base.manualTrigger': [1],
};

const SECRET_PATTERNS = [
	/sk_(live|test)_[0-9a-zA-Z]{8,}/,
	/rk_(live|test)_[0-9a-zA-Z]{8,}/,
	/whsec_[0-9a-zA-Z]{8,}/,
	/Bearer [0-9a-zA-Z-_.]{16,}/,
	/\b[0-9a-f]{64}\b/,
	/"(password|privateKey|secret|accessToken|apiKey)"\s*:\s*"[^"]+"/i,
];

const SPEC_TEMPLATES = [
	'stripe-subscriptions-to-sim.json',
	'braintree-subscriptions-to-sim.json',
	'terminal-alerts-guard.json',
	'nightly-reconcile.json',
	'any-gateway-to-sim.json',
];

test('the templates of the contract are there', () => {
	expect(files).toEqual(expect.arrayContaining(SPEC_TEMPLATES));
});

describe.each(files)('%s', (file) => {
	const text = fs.readFileSync(path.join(dir, file), 'utf8');
	const workflow = JSON.parse(text);
	const byName = new Map(workflow.nodes.map((n) => [n.name, n]));

	test('node types and versions exist', () => {
		for (const node of workflow.nodes) {
			if (node.type.startsWith(`${pkg.packageName}.`)) {
				expect(pkg.nodeTypes.has(node.type)).toBe(true);
				const type = pkg.nodeTypes.getByName(node.type);
				const versions = [type.description.version].flat();
				expect(versions).toContain(node.typeVersion);
			} else {
				expect(BUILT_IN).toHaveProperty([node.type]);
				expect(BUILT_IN[node.type]).toContain(node.typeVersion);
			}
		}
	});

	test('names and ids are unique; a trigger\'s webhook id, when a template has one, is a UUID', () => {
		expect(new Set(workflow.nodes.map((n) => n.name)).size).toBe(workflow.nodes.length);
		expect(new Set(workflow.nodes.map((n) => n.id)).size).toBe(workflow.nodes.length);
		for (const node of workflow.nodes) {
			const webhook = /Trigger$/.test(node.type) && !/schedule|manual/i.test(node.type) && !/AlertTrigger$/.test(node.type);
			// SPEC 4: no fixed webhookId (n8n gives each imported copy its own); older templates still carry one.
			if (webhook && node.webhookId !== undefined) expect(node.webhookId).toMatch(/^[0-9a-f-]{36}$/);
		}
	});

	test('connections join existing nodes on existing outputs', () => {
		for (const [source, { main }] of Object.entries(workflow.connections)) {
			const node = byName.get(source);
			expect(node).toBeDefined();
			const type = pkg.nodeTypes.has(node.type) ? pkg.nodeTypes.getByName(node.type).description : null;
			if (type) expect(main.length).toBeLessThanOrEqual(type.outputs.length);
			for (const targets of main) {
				for (const target of targets) {
					expect(byName.has(target.node)).toBe(true);
					expect(target.type).toBe('main');
				}
			}
		}
		// every node but triggers and sticky notes has an incoming connection
		const targets = new Set(Object.values(workflow.connections).flatMap((c) => c.main.flat().map((t) => t.node)));
		for (const node of workflow.nodes) {
			if (/stickyNote|Trigger$|trigger$/.test(node.type)) continue;
			expect([node.name, targets.has(node.name)]).toEqual([node.name, true]);
		}
	});

	test('no credential ids and no secrets', () => {
		for (const node of workflow.nodes) {
			for (const credential of Object.values(node.credentials ?? {})) {
				expect(credential.id ?? '').toBe('');
			}
		}
		for (const pattern of SECRET_PATTERNS) expect(text).not.toMatch(pattern);
	});

	test('sticky notes explain the set-up', () => {
		const notes = workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThan(0);
		expect(notes.map((n) => n.parameters.content).join('\n')).toMatch(/set up/i);
	});
});
