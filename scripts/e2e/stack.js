'use strict';
/*
 * A whole local stack around a REAL n8n: the 1oT Terminal simulator, a Stripe-API stand-in, the packed package
 * installed into a fresh n8n user folder, credentials, the templates from workflows/ adapted for a local run and
 * published, `n8n start`, an owner and an API key. Used by the E2E suite (test/e2e/templates.e2e.js) and the demo.
 *
 *   const { startStack } = require('./scripts/e2e/stack');
 *   const stack = await startStack({ version: '2.41.1', fleet: { count: 20, demo: true }, log: console.error });
 *   stack.urls.stripe / .braintree / .terminal        // production webhook URLs
 *   await stack.executeReconcile();                    // n8n execute --id=<nightly reconcile>
 *   await stack.executions(stack.workflowIds['stripe-subscriptions-to-sim']);
 *   await stack.stop();                                 // n8n, the simulator and the stand-in
 *
 * What is adapted for a local run (and why) — everything else is the template as users import it:
 * - each trigger gets a fresh webhookId, as the editor gives one to every trigger it imports (the templates carry
 *   none, so that every copy listens on its own URL; n8n's CLI import, used here, would give none);
 * - nodes that declare a credential type get the matching imported credential {id, name} attached;
 * - the guard's operator URL https://api.example.com/sim-events → <simulator>/operator/sim-events;
 * - the Stripe Trigger registers its endpoint with Stripe's API when published, which cannot happen offline: it is
 *   swapped for n8n's Webhook node (POST, fixed path) under the same name "Stripe Trigger". That stand-in does NOT
 *   check Stripe-Signature; the Payment Status Mapper reads the Webhook node's `body`-wrapped event;
 * - the nightly reconcile's HTTP Request node lists subscriptions from the Stripe-API stand-in (no Stripe
 *   credential), and its Schedule Trigger becomes a Manual Trigger (same name) so `n8n execute --id` can run it.
 *
 * Options of startStack (all optional):
 *   version            n8n version in the e2e cache (default 2.41.1)
 *   fleet              simulator fleet (array or createFleet options; default { count: 20, demo: true })
 *   simulatorOptions   more startSimulator options (port, pendingDelayMs, latencyMs, ...)
 *   templates          names of workflows/*.json without .json (default: all four)
 *   stripe             Stripe stand-in options: { port, pageSize (default 2, so pagination is exercised), subscriptions }
 *   n8nPort            fixed n8n port (default: a free one)
 *   owner              { email, password, firstName, lastName } for the n8n owner
 *   tarball            a packed package to install (default: npm pack of this repository)
 *   env                extra env for every n8n process
 *   logFile            append n8n start's output there
 *   extraCredentials   more credentials to import, [{ id, name, type, data }] (the suites' own, e.g. paymentWebhookApi)
 *   extraWorkflows     more workflows to import and publish (objects with an id and their credentials attached);
 *                      the suite waits for their webhooks itself
 *   publishVia         'api' (default: POST /api/v1/workflows/<id>/activate once n8n runs, as the editor's Publish
 *                      button) or 'cli' (publish:workflow / update:workflow --active=true before start; ~5 s each)
 *   adapt              (workflow, name) => workflow: a last change to each adapted template before import
 *   log                progress messages, (msg) => void
 *
 * Loopback only; every process stops with stop() (and the e2e library kills n8n's process group on exit anyway).
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const { NodeHelpers } = require('n8n-workflow');

const e2e = require('./n8n');
const install = require('./n8n-install');
const { startStripeStandIn: startStandIn } = require('../../simulator/gateways/stripe');
const { startBraintreeStandIn } = require('../../simulator/gateways/braintree');

const REPO = path.resolve(__dirname, '..', '..');

const TEMPLATE_FILES = {
	'stripe-subscriptions-to-sim': 'stripe-subscriptions-to-sim.json',
	'braintree-subscriptions-to-sim': 'braintree-subscriptions-to-sim.json',
	'terminal-alerts-guard': 'terminal-alerts-guard.json',
	'nightly-reconcile': 'nightly-reconcile.json',
};
// n8n keeps explicit 16-character workflow ids on import
const WORKFLOW_IDS = {
	'stripe-subscriptions-to-sim': 'tplStripeToSim01',
	'braintree-subscriptions-to-sim': 'tplBraintreeSim1',
	'terminal-alerts-guard': 'tplTerminalGuard',
	'nightly-reconcile': 'tplNightlyRecon1',
};
const WEBHOOK_TEMPLATES = ['stripe-subscriptions-to-sim', 'braintree-subscriptions-to-sim', 'terminal-alerts-guard'];

/** Obviously fake keys: they only have to agree between the credential and whoever signs test notifications. */
const BRAINTREE_KEYS = Object.freeze({ environment: 'sandbox', merchantId: 'fake_merchant_e2e', publicKey: 'fake_public_key_e2e', privateKey: 'fake_private_key_e2e_0000' });
const TERMINAL_WEBHOOK = Object.freeze({ authType: 'headerSecret', headerName: 'X-Webhook-Secret', headerValue: 'fake-terminal-webhook-secret-e2e' });
const STRIPE_WEBHOOK_PATH = 'stripe-events-e2e';
const OPERATOR_URL = 'https://api.example.com/sim-events';
const DEFAULT_OWNER = Object.freeze({ email: 'ci@example.com', firstName: 'CI', lastName: 'Bot', password: 'CiPassw0rd!' });

const CREDENTIALS = {
	oneOtTerminalApi: { id: 'e2eOneOtSimCred1', name: '1oT Terminal (simulator)' },
	braintreeApi: { id: 'e2eBraintreeFak1', name: 'Braintree (fake sandbox keys)' },
	oneOtTerminalWebhookApi: { id: 'e2eTerminalHook1', name: '1oT Terminal Webhook (header secret)' },
	stripeReadApi: { id: 'e2eStripeReadKy1', name: 'Stripe Read API (stand-in)' },
};
/** An obviously fake restricted key: the Stripe-API stand-in accepts any key (the reconcile lists without one). */
const STRIPE_READ_KEY = 'rk_test_e2e_standin_read';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* ---------------- the Stripe-API stand-in ---------------- */

/** The Stripe-API stand-in (simulator/gateways/stripe.js), paginating by 2 here so that pagination is exercised. */
function startStripeStandIn({ pageSize = 2, ...rest } = {}) {
	return startStandIn({ pageSize, ...rest });
}

/* ---------------- templates → local workflows ---------------- */

/** Node type name → the credential types its description declares (read from the built package). */
/** The package's node descriptions by type (`n8n-nodes-1ot.<name>`), from the built dist/. */
function nodeDescriptions(repoDir = REPO) {
	const pkg = JSON.parse(fs.readFileSync(path.join(repoDir, 'package.json'), 'utf8'));
	const out = {};
	for (const p of pkg.n8n.nodes) {
		const mod = require(path.join(repoDir, p));
		for (const Cls of Object.values(mod)) {
			if (typeof Cls !== 'function') continue;
			let d;
			try {
				d = new Cls().description;
			} catch {
				continue;
			}
			if (d && d.name) out[`${pkg.name}.${d.name}`] = d;
		}
	}
	return out;
}

function credentialTypesByNode(repoDir = REPO) {
	return Object.fromEntries(Object.entries(nodeDescriptions(repoDir)).map(([type, d]) => [type, (d.credentials || []).map((c) => c.name)]));
}

/**
 * Adapts one template for a local run (see the header). Returns the workflow object ready for Log lines
 * describing every change go to `notes`.
 */
function adaptTemplate(name, template, { sim, stripeStandIn, braintreeStandIn, credTypes, notes = [] }) {
	const wf = JSON.parse(JSON.stringify(template));
	wf.id = WORKFLOW_IDS[name];
	wf.active = false;
	wf.settings = { ...(wf.settings || {}), saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all', saveManualExecutions: true };
	delete wf.pinData;
	const descriptions = nodeDescriptions();
	for (const node of wf.nodes) {
		// The templates carry no webhookId; the editor gives each imported trigger a fresh one with n8n-workflow's
		// resolveNodeWebhookId (n8n's CLI import gives none, and a trigger without one is not reachable by its URL).
		if (descriptions[node.type]) NodeHelpers.resolveNodeWebhookId(node, descriptions[node.type]);
		const types = credTypes[node.type] || [];
		for (const t of types) {
			if (!CREDENTIALS[t]) continue;
			node.credentials = { ...(node.credentials || {}), [t]: { ...CREDENTIALS[t] } };
			notes.push(`${name}: "${node.name}" uses credential "${CREDENTIALS[t].name}"`);
		}
		if (node.type.endsWith('.paymentStatusMapper') && node.parameters.confirmWithGateway === true) {
			// Confirm With Gateway reads Stripe's or Braintree's API: here their stand-ins (simulator/gateways/)
			const standIn = node.parameters.gateway === 'braintree' ? braintreeStandIn : stripeStandIn;
			if (standIn) {
				node.parameters.options = { ...(node.parameters.options || {}), gatewayBaseUrl: standIn.url };
				notes.push(`${name}: "${node.name}" confirms with the ${node.parameters.gateway} stand-in (${standIn.url})`);
			}
		}
		if (node.type === 'n8n-nodes-base.httpRequest' && node.parameters.url === OPERATOR_URL) {
			node.parameters.url = `${sim.url}/operator/sim-events`;
			notes.push(`${name}: "${node.name}" → the simulator's operator API stand-in (${node.parameters.url})`);
		}
		if (node.type === 'n8n-nodes-base.stripeTrigger') {
			// The Stripe Trigger registers its endpoint with api.stripe.com on publish: impossible offline. n8n's
			// Webhook node takes its place under the same name; it does not verify Stripe-Signature.
			const webhookId = node.webhookId || crypto.randomUUID();
			Object.assign(node, {
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId,
				parameters: { httpMethod: 'POST', path: STRIPE_WEBHOOK_PATH, responseMode: 'onReceived', options: {} },
			});
			delete node.credentials;
			notes.push(`${name}: "Stripe Trigger" is n8n's Webhook node (POST /webhook/${STRIPE_WEBHOOK_PATH}) standing in for the Stripe Trigger, which registers with Stripe's API on publish; the stand-in does not check Stripe-Signature`);
		}
		if (node.type === 'n8n-nodes-base.httpRequest' && /api\.stripe\.com\/v1\/subscriptions/.test(String(node.parameters.url))) {
			node.parameters.url = stripeStandIn.subscriptionsUrl;
			node.parameters.authentication = 'none';
			delete node.parameters.nodeCredentialType;
			delete node.credentials;
			notes.push(`${name}: "${node.name}" lists subscriptions from the Stripe-API stand-in (${node.parameters.url}), no Stripe credential`);
		}
		if (node.type === 'n8n-nodes-base.scheduleTrigger') {
			Object.assign(node, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
			notes.push(`${name}: "${node.name}" is a Manual Trigger (instead of the schedule) so \`n8n execute --id\` runs it`);
		}
	}
	return wf;
}

function readTemplate(name, repoDir = REPO) {
	const file = TEMPLATE_FILES[name];
	if (!file) throw new Error(`unknown template "${name}" (known: ${Object.keys(TEMPLATE_FILES).join(', ')})`);
	return JSON.parse(fs.readFileSync(path.join(repoDir, 'workflows', file), 'utf8'));
}

/**
 * The production URL of a webhook node: <base>/webhook/<path> for the Webhook node (full path), else
 * <base>/webhook/<webhookId>/<path>. Templates carry no webhookId: adaptTemplate gives one, as the editor does.
 */
function productionUrl(baseUrl, node) {
	if (node.type === 'n8n-nodes-base.webhook') return `${baseUrl}/webhook/${node.parameters.path}`;
	if (!node.webhookId) throw new Error(`"${node.name}" has no webhookId (the editor gives one on import: adaptTemplate does too)`);
	return `${baseUrl}/webhook/${node.webhookId}/webhook`;
}

/** The credentials every stack imports (`n8n import:credentials` input), pointed at this simulator. */
function importableCredentials(sim) {
	return [
		{ ...CREDENTIALS.oneOtTerminalApi, type: 'oneOtTerminalApi', data: { username: sim.credentials.username, password: sim.credentials.password, baseUrl: sim.baseUrl } },
		{ ...CREDENTIALS.braintreeApi, type: 'braintreeApi', data: { ...BRAINTREE_KEYS } },
		{ ...CREDENTIALS.oneOtTerminalWebhookApi, type: 'oneOtTerminalWebhookApi', data: { ...TERMINAL_WEBHOOK } },
		{ ...CREDENTIALS.stripeReadApi, type: 'stripeReadApi', data: { secretKey: STRIPE_READ_KEY } },
	];
}

function checkDist(repoDir = REPO) {
	const pkg = JSON.parse(fs.readFileSync(path.join(repoDir, 'package.json'), 'utf8'));
	const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((p) => !fs.existsSync(path.join(repoDir, p)));
	if (missing.length) throw new Error(`dist/ is not built (missing ${missing.join(', ')}); run \`npm run build\` first`);
}

/* ---------------- the stack ---------------- */

async function startStack({
	version = '2.41.1',
	fleet = { count: 20, demo: true },
	simulatorOptions = {},
	templates = Object.keys(TEMPLATE_FILES),
	stripe = {},
	n8nPort,
	owner = {},
	tarball,
	env,
	logFile,
	publishVia = 'api',
	extraCredentials = [],
	extraWorkflows = [],
	adapt = (wf) => wf,
	log = () => {},
} = {}) {
	e2e.installExitHooks();
	version = install.resolveTarget(version).version;
	e2e.runtime(version); // throws with the install command when missing
	checkDist();
	const login = { ...DEFAULT_OWNER, ...owner };
	const timings = {};
	const t = (k, t0) => (timings[k] = Date.now() - t0);
	const { startSimulator } = require('../../simulator');

	const parts = { sim: null, stripeStandIn: null, braintreeStandIn: null, n8n: null };
	const stopAll = async () => {
		if (parts.n8n) await parts.n8n.stop().catch(() => {});
		if (parts.sim) await parts.sim.close().catch(() => {});
		if (parts.stripeStandIn) await parts.stripeStandIn.close().catch(() => {});
		if (parts.braintreeStandIn) await parts.braintreeStandIn.close().catch(() => {});
		parts.n8n = parts.sim = parts.stripeStandIn = parts.braintreeStandIn = null;
	};
	try {
		let t0 = Date.now();
		const sim = (parts.sim = await startSimulator({ host: '127.0.0.1', port: 0, ...simulatorOptions, fleet }));
		const stripeStandIn = (parts.stripeStandIn = await startStripeStandIn(stripe));
		const braintreeStandIn = (parts.braintreeStandIn = await startBraintreeStandIn({ merchantId: BRAINTREE_KEYS.merchantId, publicKey: BRAINTREE_KEYS.publicKey, privateKey: BRAINTREE_KEYS.privateKey }));
		log(`simulator ${sim.url}, Stripe-API stand-in ${stripeStandIn.url}`);

		const userFolder = e2e.makeTempDir(`stack-${version}`);
		if (!tarball) tarball = e2e.packRepo(REPO, e2e.makeTempDir('pack'));
		e2e.installPackage(userFolder, tarball);
		t('install', t0);

		const credTypes = credentialTypesByNode();
		const notes = [];
		const workflows = templates.map((name) => adapt(adaptTemplate(name, readTemplate(name), { sim, stripeStandIn, braintreeStandIn, credTypes, notes }), name));
		for (const n of notes) log(`adapted ${n}`);

		const cli = e2e.createN8n({ version, userFolder, env });
		t0 = Date.now();
		await cli.importCredentials([...importableCredentials(sim), ...extraCredentials]);
		await cli.importWorkflow([...workflows, ...extraWorkflows]);
		t('import', t0);
		const workflowIds = {};
		templates.forEach((name, i) => (workflowIds[name] = workflows[i].id));
		const toPublish = templates.filter((n) => WEBHOOK_TEMPLATES.includes(n));
		for (const wf of extraWorkflows) {
			workflowIds[wf.name] = wf.id;
			toPublish.push(wf.name);
		}
		if (publishVia === 'cli') {
			t0 = Date.now();
			for (const name of toPublish) await cli.publishWorkflow(workflowIds[name]);
			t('publish', t0);
		}
		log(`imported ${templates.length} template(s) (${(timings.import / 1000).toFixed(1)}s)`);

		t0 = Date.now();
		const n8n = (parts.n8n = await e2e.startN8n({ version, userFolder, port: n8nPort, env, logFile }));
		const byName = Object.fromEntries([...templates.map((n, i) => [n, workflows[i]]), ...extraWorkflows.map((wf) => [wf.name, wf])]);
		const webhookNode = (name, nodeName) => byName[name] && byName[name].nodes.find((x) => x.name === nodeName);
		const urls = {};
		const urlOf = (name, nodeName) => productionUrl(n8n.baseUrl, webhookNode(name, nodeName));
		if (byName['stripe-subscriptions-to-sim']) urls.stripe = urlOf('stripe-subscriptions-to-sim', 'Stripe Trigger');
		if (byName['braintree-subscriptions-to-sim']) urls.braintree = urlOf('braintree-subscriptions-to-sim', 'Braintree Trigger');
		if (byName['terminal-alerts-guard']) urls.terminal = urlOf('terminal-alerts-guard', '1oT Terminal Trigger');
		t('start', t0);
		log(`n8n ${version} ready at ${n8n.baseUrl} (${(timings.start / 1000).toFixed(1)}s)`);

		await n8n.setupOwner(login);
		await n8n.createApiKey();
		if (publishVia !== 'cli') {
			// What the editor's Publish button does, through the public API (2.x publishes the current version).
			t0 = Date.now();
			for (const name of toPublish) await n8n.api('POST', `/workflows/${workflowIds[name]}/activate`);
			t('publish', t0);
		}
		t0 = Date.now();
		await waitForWebhooks(urls, { timeoutMs: 60000 });
		t('webhooksReady', t0);
		log(`published ${toPublish.length} workflow(s) via ${publishVia === 'cli' ? 'the CLI' : 'the public API'}; webhooks answer`);

		const executions = async (workflowId) => {
			const all = [];
			let cursor;
			for (let page = 0; page < 50; page++) {
				const q = new URLSearchParams({ workflowId, limit: '250' });
				if (cursor) q.set('cursor', cursor);
				const r = await n8n.api('GET', `/executions?${q}`);
				all.push(...(r.data || []));
				cursor = r.nextCursor;
				if (!cursor) break;
			}
			return all;
		};
		const handle = {
			version,
			n8n,
			sim,
			stripeStandIn,
			braintreeStandIn,
			urls,
			workflowIds,
			workflows: byName,
			login: { email: login.email, password: login.password },
			editorUrl: `${n8n.baseUrl}/`,
			userFolder,
			timings,
			notes,
			credentials: { braintree: { ...BRAINTREE_KEYS }, terminalWebhook: { ...TERMINAL_WEBHOOK } },
			/** `n8n execute --id=<nightly reconcile>` beside the running n8n → { code, result, output, ms } */
			executeReconcile: () => {
				if (!workflowIds['nightly-reconcile']) throw new Error('the nightly-reconcile template was not imported');
				return cli.executeWorkflow(workflowIds['nightly-reconcile']);
			},
			/** Every saved execution of a workflow (public API), newest first. */
			executions,
			/**
			 * Waits until a workflow has at least `count` saved executions, none of them still running; returns them
			 * (newest first). Webhook triggers answer before their execution ends, so tests wait with this.
			 */
			async waitForExecutions(workflowId, count, { timeoutMs = 30000 } = {}) {
				const until = Date.now() + timeoutMs;
				for (;;) {
					const list = await executions(workflowId);
					const busy = list.some((x) => ['new', 'running', 'waiting'].includes(x.status) || (x.finished === false && !x.stoppedAt));
					if (list.length >= count && !busy) return list;
					if (Date.now() > until) throw new Error(`workflow ${workflowId}: ${list.length} execution(s) after ${timeoutMs} ms, expected ${count}${busy ? ' (some still running)' : ''}`);
					await sleep(200);
				}
			},
			stop: stopAll,
		};
		return handle;
	} catch (e) {
		await stopAll();
		throw e;
	}
}

/**
 * After readiness, n8n may answer 404 on production webhooks for a few seconds (1.x). Probe each URL in a way that
 * starts no execution: Braintree's GET bt_challenge, the Terminal trigger without its secret (401), and OPTIONS
 * (CORS preflight, answered by n8n itself) on the Webhook node standing in for Stripe.
 */
async function waitForWebhooks(urls, { timeoutMs = 60000 } = {}) {
	const until = Date.now() + timeoutMs;
	const probes = [];
	if (urls.braintree) probes.push(['braintree', () => e2e.request('GET', `${urls.braintree}?bt_challenge=${'0'.repeat(20)}`), (r) => r.status === 200 && r.text.includes('|')]);
	if (urls.terminal) probes.push(['terminal', () => e2e.request('POST', urls.terminal, { body: {} }), (r) => r.status === 401]);
	if (urls.stripe) probes.push(['stripe', () => e2e.request('OPTIONS', urls.stripe, { headers: { origin: 'http://127.0.0.1', 'access-control-request-method': 'POST' } }), (r) => r.status !== 404 && r.status < 500]);
	for (const [what, probe, ok] of probes) {
		let last;
		for (;;) {
			try {
				last = await probe();
				if (ok(last) && !String(last.type).includes('text/html')) break;
			} catch (e) {
				last = { status: 0, text: e.message };
			}
			if (Date.now() > until) throw new Error(`the ${what} webhook never became ready (last: ${last.status} ${String(last.text).slice(0, 200)})`);
			await sleep(300);
		}
	}
}

module.exports = {
	startStack,
	startStripeStandIn,
	adaptTemplate,
	readTemplate,
	credentialTypesByNode,
	nodeDescriptions,
	productionUrl,
	TEMPLATE_FILES,
	WORKFLOW_IDS,
	BRAINTREE_KEYS,
	TERMINAL_WEBHOOK,
	STRIPE_WEBHOOK_PATH,
	CREDENTIALS,
	WEBHOOK_TEMPLATES,
	waitForWebhooks,
	checkDist,
	importableCredentials,
};
