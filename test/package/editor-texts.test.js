/**
 * What the n8n editor shows of each node, checked without a browser: canvas subtitles evaluated by n8n-workflow's
 * own expression engine (as the editor does, on the node's parameters with their defaults), codex aliases for the
 * node search, descriptions and notices. The real editor checks the same in test/e2e/editor.e2e.js.
 */
const fs = require('node:fs');
const path = require('node:path');
const { Workflow, NodeHelpers } = require('n8n-workflow');
const { loadPackage, ROOT } = require('../helpers/node-types');

const pkg = loadPackage();
const pkgJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const nodePaths = pkgJson.n8n.nodes;
const typeOf = (name) => pkg.nodeTypes.getByNameAndVersion(`${pkg.packageName}.${name}`);

/** The subtitle as the editor shows it for a node with these parameters (defaults filled in). */
function subtitle(name, parameters = {}) {
	const type = typeOf(name);
	const node = { id: '1', name: 'N', type: `${pkg.packageName}.${name}`, typeVersion: 1, position: [0, 0], parameters: {} };
	node.parameters = NodeHelpers.getNodeParameters(type.description.properties, parameters, true, false, node, type.description);
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: pkg.nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, type.description.subtitle, 'internal', {});
}

test('every node of the package has a subtitle in words with its default parameters', () => {
	expect(pkg.problems).toEqual([]);
	for (const p of nodePaths) {
		const name = require(path.join(ROOT, p))[path.basename(p, '.node.js')];
		const type = new name();
		const text = subtitle(type.description.name);
		expect(typeof text).toBe('string');
		expect(text).not.toMatch(/\*|_|undefined|null|^\s*$/);
	}
});

test('1oT Terminal: the operation in words, Set State with the state', () => {
	expect(subtitle('oneOtTerminal')).toBe('Set state: Live');
	expect(subtitle('oneOtTerminal', { operation: 'setState', state: 'suspended' })).toBe('Set state: Suspended');
	expect(subtitle('oneOtTerminal', { operation: 'suspend' })).toBe('Suspend a SIM');
	expect(subtitle('oneOtTerminal', { operation: 'setGroup' })).toBe('Move a SIM to a group');
	expect(subtitle('oneOtTerminal', { resource: 'account', operation: 'getBalance' })).toBe('Get the account balance');
	expect(subtitle('oneOtTerminal', { resource: 'alert', operation: 'getMany' })).toBe('Get many alerts');
});

test('Payment Status Mapper: the gateway by name', () => {
	expect(subtitle('paymentStatusMapper')).toBe('Auto-detect gateway');
	expect(subtitle('paymentStatusMapper', { gateway: 'stripe' })).toBe('Stripe');
	expect(subtitle('paymentStatusMapper', { gateway: 'braintree' })).toBe('Braintree');
	expect(subtitle('paymentStatusMapper', { gateway: 'custom' })).toBe('Custom gateway');
});

test('Terminal triggers: "All events" for the wildcard, else the events by name', () => {
	expect(subtitle('oneOtTerminalTrigger')).toBe('All events');
	expect(subtitle('oneOtTerminalTrigger', { events: ['dataUsage', 'countryChange'] })).toBe('Data Usage, Country Change');
	expect(subtitle('oneOtTerminalTrigger', { events: ['dataUsage', 'countryChange', 'imeiChange', 'balance'] })).toBe('4 events');
	expect(subtitle('oneOtTerminalAlertTrigger')).toBe('Alerts of the account');
	const events = typeOf('oneOtTerminalTrigger').description.properties.find((p) => p.name === 'events');
	expect(events.options.find((o) => o.value === '*').name).toBe('All Events');
});

test('Braintree Trigger: a count for the default kinds, names for a few, "All notifications" for the wildcard', () => {
	expect(subtitle('braintreeTrigger')).toBe('8 notification kinds');
	expect(subtitle('braintreeTrigger', { events: ['subscription_canceled', 'dispute_opened'] })).toBe('Subscription Canceled, Dispute Opened');
	expect(subtitle('braintreeTrigger', { events: ['*'] })).toBe('All notifications');
	const events = typeOf('braintreeTrigger').description.properties.find((p) => p.name === 'events');
	expect(events.options.find((o) => o.value === '*').name).toBe('All Notification Kinds');
});

test('the node search finds the package by SIM, ICCID, IoT and subscription (codex aliases)', () => {
	const codex = nodePaths.map((p) => JSON.parse(fs.readFileSync(path.join(ROOT, p.replace(/\.js$/, '.json')), 'utf8')));
	for (const c of codex) expect(Array.isArray(c.alias) && c.alias.length > 0).toBe(true);
	const findable = (word) => codex.filter((c) => c.alias.some((a) => a.toLowerCase() === word.toLowerCase())).map((c) => c.node);
	expect(findable('SIM')).toEqual(expect.arrayContaining(['n8n-nodes-1ot.oneOtTerminal', 'n8n-nodes-1ot.paymentStatusMapper']));
	expect(findable('ICCID')).toContain('n8n-nodes-1ot.oneOtTerminal');
	expect(findable('IoT')).toContain('n8n-nodes-1ot.oneOtTerminal');
	expect(findable('subscription')).toEqual(expect.arrayContaining(['n8n-nodes-1ot.paymentStatusMapper', 'n8n-nodes-1ot.braintreeTrigger']));
});

test('1oT Terminal: every SIM operation and the IMEI and EID fields say what they do', () => {
	const props = typeOf('oneOtTerminal').description.properties;
	for (const p of props.filter((x) => x.name === 'operation')) {
		for (const o of p.options) expect({ operation: o.value, description: o.description }).toEqual({ operation: o.value, description: expect.any(String) });
	}
	for (const name of ['iccid', 'imei', 'eid']) expect(props.find((p) => p.name === name).description).toEqual(expect.any(String));
	const help = JSON.stringify(props);
	expect(help).not.toMatch(/\$JSON/);
});

test('Payment Status Mapper: a short notice that says where the ICCID comes from; the gateway explained', () => {
	const props = typeOf('paymentStatusMapper').description.properties;
	const notice = props.find((p) => p.type === 'notice').displayName;
	expect(notice.replace(/<[^>]+>/g, '').length).toBeLessThan(300);
	expect(notice).toMatch(/iccid/);
	expect(notice).toMatch(/Device ID Keys/);
	expect(notice).not.toMatch(/static data|worker/i);
	expect(props.find((p) => p.name === 'gateway').description).toEqual(expect.any(String));
});
