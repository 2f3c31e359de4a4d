#!/usr/bin/env node
'use strict';
/*
 * The README picture: the Stripe template as a user sees it in the n8n editor, saved as docs/stripe-template.png.
 *
 *   node scripts/screenshot                      # starts its own stack (scripts/e2e/stack.js), ~1 min, then stops it
 *   node scripts/screenshot --url http://127.0.0.1:5678 --email demo@e-bikes.example --password DemoPassw0rd!
 *                                                # uses a running n8n (e.g. the one `npm start` leaves running)
 *   options: --out <png> (docs/stripe-template.png), --width 1400, --height 800, --scale 1, --hide-sticky-notes,
 *            --pan-x 48 / --pan-y 0 (scroll the canvas after zoom to fit: clear of the editor's right-hand toolbar)
 *
 * The workflow in the picture is workflows/stripe-subscriptions-to-sim.json as shipped, with n8n's real Stripe
 * Trigger: it is added as an extra, unpublished workflow (the stack runs an adapted copy with a Webhook node in
 * its place), its nodes given the instance's 1oT Terminal credential and a Stripe credential with a fake key, as
 * a user's would be after set-up, so no node shows a missing-credential warning. Needs Chromium
 * (apt-get install -y chromium) and the dev dependency playwright-core; the package must be built (npm run build).
 */
const fs = require('node:fs');
const path = require('node:path');

const { captureWorkflow, restLogin } = require('./capture');

const REPO = path.resolve(__dirname, '..', '..');
const TEMPLATE = path.join(REPO, 'workflows', 'stripe-subscriptions-to-sim.json');
const STRIPE_CREDENTIAL = { name: 'Stripe account', type: 'stripeApi', data: { secretKey: 'sk_test_demo_not_a_real_key' } };
// Demo-only login of the n8n this script starts for itself.
const OWNER = { email: 'docs@e-bikes.example', password: 'DocsPassw0rd!', firstName: 'E-Bikes', lastName: 'Ltd' };

const log = (m) => process.stderr.write(`[screenshot] ${m}\n`);

function parseArgs(argv) {
	const o = { out: path.join(REPO, 'docs', 'stripe-template.png'), width: 1400, height: 800, scale: 1, hideStickyNotes: false, panX: 48, panY: 0 };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const val = () => argv[++i];
		if (a === '--url') o.url = val().replace(/\/+$/, '');
		else if (a === '--email') o.email = val();
		else if (a === '--password') o.password = val();
		else if (a === '--out') o.out = path.resolve(val());
		else if (a === '--width') o.width = Number(val());
		else if (a === '--height') o.height = Number(val());
		else if (a === '--scale') o.scale = Number(val());
		else if (a === '--hide-sticky-notes') o.hideStickyNotes = true;
		else if (a === '--pan-x') o.panX = Number(val());
		else if (a === '--pan-y') o.panY = Number(val());
		else if (a === '--help' || a === '-h') o.help = true;
		else throw new Error(`unknown option ${a}`);
	}
	if (o.url && !(o.email && o.password)) throw new Error('--url needs --email and --password');
	return o;
}

/** The editor's own REST API with the owner's session cookie. */
function restClient(baseUrl, cookies) {
	const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
	return async (method, p, body) => {
		const res = await fetch(`${baseUrl}/rest${p}`, {
			method,
			headers: { cookie, 'content-type': 'application/json', 'browser-id': 'n8n-nodes-1ot-screenshot' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /rest${p}: HTTP ${res.status} ${text.slice(0, 300)}`);
		const json = JSON.parse(text);
		return json && 'data' in json ? json.data : json;
	};
}

/**
 * Adds the template as shipped (unpublished) with credentials attached the way a user would pick them; returns
 * the new workflow's id.
 */
async function addShippedTemplate({ baseUrl, email, password }) {
	const rest = restClient(baseUrl, await restLogin(baseUrl, email, password));
	const creds = await rest('GET', '/credentials');
	const byType = (type) => creds.find((c) => c.type === type);
	let stripe = byType('stripeApi');
	if (!stripe) stripe = await rest('POST', '/credentials', STRIPE_CREDENTIAL);
	const oneot = byType('oneOtTerminalApi');
	const stripeRead = byType('stripeReadApi'); // the mapper's Confirm With Gateway

	const wf = JSON.parse(fs.readFileSync(TEMPLATE, 'utf8'));
	for (const node of wf.nodes) {
		if (node.type === 'n8n-nodes-base.stripeTrigger') node.credentials = { stripeApi: { id: stripe.id, name: stripe.name } };
		if (oneot && node.type === 'n8n-nodes-1ot.oneOtTerminal') node.credentials = { oneOtTerminalApi: { id: oneot.id, name: oneot.name } };
		if (stripeRead && node.type === 'n8n-nodes-1ot.paymentStatusMapper') node.credentials = { stripeReadApi: { id: stripeRead.id, name: stripeRead.name } };
	}
	const created = await rest('POST', '/workflows', {
		name: wf.name,
		nodes: wf.nodes,
		connections: wf.connections,
		settings: wf.settings || { executionOrder: 'v1' },
		active: false,
	});
	log(`added "${wf.name}" as shipped (unpublished): ${baseUrl}/workflow/${created.id}`);
	return created.id;
}

async function main() {
	const o = parseArgs(process.argv.slice(2));
	if (o.help) {
		process.stdout.write(fs.readFileSync(__filename, 'utf8').split('/*')[1].split('*/')[0].replace(/^ \* ?/gm, '').trim() + '\n');
		return 0;
	}
	let stack = null;
	try {
		let target = o.url ? { baseUrl: o.url, email: o.email, password: o.password } : null;
		if (!target) {
			const { startStack } = require('../e2e/stack');
			const { demoFleet } = require('../../simulator');
			log('starting n8n with the package (scripts/e2e/stack.js) …');
			stack = await startStack({ fleet: demoFleet(), templates: ['stripe-subscriptions-to-sim'], owner: OWNER, log });
			target = { baseUrl: stack.n8n.baseUrl, ...stack.login };
		}
		const workflowId = await addShippedTemplate(target);
		await captureWorkflow({ ...target, workflowId, out: o.out, width: o.width, height: o.height, scale: o.scale, hideStickyNotes: o.hideStickyNotes, panX: o.panX, panY: o.panY, log });
		return 0;
	} finally {
		if (stack) await stack.stop();
	}
}

main().then(
	(code) => process.exit(code),
	(e) => {
		log(e.stack || e.message);
		process.exit(1);
	},
);
