#!/usr/bin/env node
'use strict';
/*
 * `npm start`: the demo. A real n8n with this package, the templates and their credentials (published), the 1oT
 * Terminal simulator with the five E-Bikes Ltd bikes, then the story told with real signed webhooks (see story.js).
 * n8n keeps running for you to look at; Ctrl-C stops everything this script started.
 *
 * It builds the package itself (npm's `start` script execs it, no shell in between): SIGINT or SIGTERM sent to
 * `npm start` alone, as an IDE's stop button does, then reaches this process, which stops the build, the n8n
 * install, n8n with its task runner and the simulator, whichever is running.
 *
 *   npm start                       # build, story, then keep n8n running until Ctrl-C
 *   npm start -- --no-wait          # build, story, stop (exit 0 when every step did what it should, else 1)
 *   npm start -- --no-build         # use dist/ as it is
 *   DEMO_EXIT=1 npm start           # same as --no-wait
 *   node scripts/demo/start.js --version 2.8.4   # another n8n from the e2e cache (default 2.41.1)
 *
 * n8n itself is installed once into ~/.cache/n8n-nodes-1ot-e2e (scripts/e2e/n8n-install.js; a few minutes the
 * first time). The stack (simulator, Stripe-API stand-in, packed package, credentials, adapted templates, n8n,
 * owner, API key) is scripts/e2e/stack.js. n8n's own output goes to a log file whose path is printed.
 */
const fs = require('node:fs');
const os = require('node:os');
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const e2e = require('../e2e/n8n');
const install = require('../e2e/n8n-install');
const { createUi } = require('./ui');

const REPO = path.resolve(__dirname, '..', '..');
const DEFAULT_VERSION = '2.41.1';
const PREFERRED_PORTS = { n8n: 5678, simulator: 8765 };
// Demo-only values: this n8n listens on 127.0.0.1 and lives in a temporary folder deleted on exit.
const DEMO_OWNER = Object.freeze({ email: 'demo@e-bikes.example', password: 'DemoPassw0rd!', firstName: 'Demo', lastName: 'Owner' });
const LOG_DIR = path.join(os.tmpdir(), 'n8n-nodes-1ot-demo');

function parseArgs(argv) {
	const opts = { wait: !/^(1|true|yes)$/i.test(process.env.DEMO_EXIT || ''), version: DEFAULT_VERSION, build: true };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--no-wait' || a === '--exit') opts.wait = false;
		else if (a === '--wait') opts.wait = true;
		else if (a === '--no-build') opts.build = false;
		else if (a === '--version') opts.version = argv[++i];
		else if (a.startsWith('--version=')) opts.version = a.slice('--version='.length);
		else if (a === '--help' || a === '-h') opts.help = true;
		else throw new Error(`unknown option ${a} (try --help)`);
	}
	return opts;
}

/** The preferred port when it is free on 127.0.0.1, else 0 (any free port). */
function portOr0(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(0));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(port)));
	});
}

/** `npm run build` in its own process group (so that a signal can stop all of it); `current` tracks the child. */
const building = { current: null };
function build() {
	return new Promise((resolve, reject) => {
		const child = spawn('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		building.current = child;
		let output = ''; // tsc reports on stdout, npm on stderr
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			building.current = null;
			if (code === 0) resolve();
			else reject(new Error(`npm run build failed (${signal || `exit ${code}`})${output.trim() ? `:\n${output.trim()}` : ''}`));
		});
	});
}

function stopBuild(signal) {
	if (!building.current) return;
	try {
		process.kill(-building.current.pid, signal);
	} catch {
		/* already gone */
	}
}

function checkBuilt() {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
	const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((p) => !fs.existsSync(path.join(REPO, p)));
	if (missing.length) throw new Error(`dist/ is not built (missing ${missing[0]}${missing.length > 1 ? ` and ${missing.length - 1} more` : ''}): run \`npm start\` (it builds) or \`npm run build\``);
}

/**
 * The e2e library's signal hooks kill n8n and exit 130: right while the stack starts, but once the demo is up a
 * Ctrl-C is how it ends, so it stops everything in order and exits 0.
 */
function onSignals(handler) {
	e2e.installExitHooks();
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		const previous = process.listeners(sig);
		process.removeAllListeners(sig);
		process.on(sig, () => handler(sig, () => previous.forEach((fn) => fn(sig))));
	}
}

async function main() {
	const ui = createUi();
	const { c } = ui;
	let opts;
	try {
		opts = parseArgs(process.argv.slice(2));
	} catch (e) {
		ui.fail(e.message);
		return 2;
	}
	if (opts.help) {
		ui.line(fs.readFileSync(__filename, 'utf8').split('/*')[1].split('*/')[0].replace(/^ \* ?/gm, '').trim());
		return 0;
	}

	let stack = null;
	let stopping = null;
	const stopStack = () => (stopping = stopping || (stack ? stack.stop() : Promise.resolve()));
	onSignals((sig, fallback) => {
		if (!stack) {
			ui.line('');
			ui.warn(`${sig}: stopping`);
			stopBuild('SIGTERM');
			install.killChildren('SIGTERM'); // an n8n install under way (npm in its own process group)
			return fallback(); // the e2e library: kill n8n's process group, exit 130
		}
		if (stopping) return;
		ui.line('');
		ui.wait('stopping n8n, the simulator and the Stripe stand-in …');
		const force = setTimeout(() => {
			e2e.killAll('SIGKILL');
			process.exit(1);
		}, 20000);
		stopStack().then(() => {
			clearTimeout(force);
			ui.ok('stopped; bye');
			process.exit(0);
		});
	});

	ui.title('n8n-nodes-1ot demo: E-Bikes Ltd, Stripe and the 1oT Terminal');
	if (opts.build) {
		ui.wait('building the package (npm run build) …');
		await build();
	}
	checkBuilt();
	ui.ok('package built (dist/)');

	/* n8n, installed once per machine */
	const target = install.resolveTarget(opts.version);
	if (!install.installed(target.version)) {
		ui.wait(`installing n8n ${target.version} into ${install.CACHE} — the first time takes a few minutes (later runs reuse it)`);
		const t0 = Date.now();
		await install.ensureN8n(target.version);
		ui.ok(`n8n ${target.version} installed (${Math.round((Date.now() - t0) / 1000)} s)`);
	} else {
		ui.ok(`n8n ${target.version} (cached in ${install.CACHE})`);
	}

	/* the stack */
	fs.mkdirSync(LOG_DIR, { recursive: true });
	const logFile = path.join(LOG_DIR, 'n8n.log');
	fs.writeFileSync(logFile, `# n8n-nodes-1ot demo, ${new Date().toISOString()}\n`);
	const logLine = (msg) => fs.appendFileSync(logFile, `[demo] ${msg}\n`);
	ui.wait(`starting the 1oT Terminal simulator and n8n (about half a minute; n8n's log: ${logFile})`);
	const { startStack } = require('../e2e/stack');
	const { demoFleet } = require('../../simulator');
	const t0 = Date.now();
	stack = await startStack({
		version: target.version,
		fleet: demoFleet(),
		simulatorOptions: { port: await portOr0(PREFERRED_PORTS.simulator) },
		n8nPort: (await portOr0(PREFERRED_PORTS.n8n)) || undefined,
		owner: DEMO_OWNER,
		logFile,
		log: logLine,
	});
	const { sim, n8n } = stack;
	ui.ok(`1oT Terminal simulator at ${sim.baseUrl} with the ${sim.iccids().length} E-Bikes Ltd bikes`);
	ui.ok(`n8n ${stack.version} at ${n8n.baseUrl} with this package and ${Object.keys(stack.workflowIds).length} templates (${Math.round((Date.now() - t0) / 1000)} s)`);
	ui.info(
		c.dim(
			'For a local run the Stripe Trigger is n8n’s Webhook node under the same name (the real one registers itself with Stripe), ' +
				"and the guard's operator URL points at the simulator's operator stand-in.",
		),
	);

	ui.title('The fleet');
	const states = sim.states();
	for (const iccid of sim.iccids()) {
		const s = sim.getSim(iccid);
		ui.info(`${s.name}  ${iccid}  ${states[iccid].primary}/${states[iccid].secondary}`);
	}

	/* the story */
	const { runStory } = require('./story');
	let result;
	try {
		result = await runStory(stack, { out: ui });
	} catch (e) {
		ui.fail(e.message);
		ui.info(c.dim(`n8n's log: ${logFile}`));
		result = { ok: false };
	}
	ui.line('');
	if (result.ok) ui.ok(c.bold('the story went as it should'));
	else ui.fail(c.bold(`the story did not go as it should${result.failures ? ` (${result.failures} step(s))` : ''}`));

	if (!opts.wait) {
		ui.wait('stopping (--no-wait) …');
		await stopStack();
		ui.ok('stopped');
		return result.ok ? 0 : 1;
	}

	ui.title('n8n keeps running — have a look');
	ui.info(`Editor      ${c.cyan(stack.editorUrl)}`);
	ui.info(`Login       ${DEMO_OWNER.email} / ${DEMO_OWNER.password}   ${c.dim('(demo-only values; this n8n lives in a temporary folder)')}`);
	ui.info(`Executions  ${c.cyan(`${n8n.baseUrl}/workflow/${stack.workflowIds['stripe-subscriptions-to-sim']}/executions`)}`);
	ui.info(`Simulator   ${c.cyan(sim.baseUrl)}   user ${sim.credentials.username} / password ${sim.credentials.password}   ${c.dim('(fake simulator credentials)')}`);
	ui.info(`Webhooks    Stripe ${stack.urls.stripe}`);
	ui.info(`            1oT Terminal ${stack.urls.terminal} (header ${stack.credentials.terminalWebhook.headerName}: ${stack.credentials.terminalWebhook.headerValue})`);
	ui.info(`n8n log     ${logFile}`);
	ui.line('');
	ui.info(c.bold('Ctrl-C stops everything.'));
	await new Promise(() => {}); // until a signal
	return 0;
}

main().then(
	(code) => process.exit(code),
	(e) => {
		process.stderr.write(`\n✗ ${e.stack || e.message}\n`);
		process.exit(1);
	},
);
