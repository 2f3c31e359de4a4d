/**
 * One bench case in its own process, so that its peak memory (maxRSS) is its own and not the simulator's or an
 * earlier case's. The parent (bench/run.js) forks it with the case as JSON in argv[2]; the child loads the engine
 * and the input, warms up on a throwaway fleet, says "ready", waits for "go" (the parent resets the simulator's
 * request counts in between), runs the workflow through n8n-core's engine, and sends back time, memory and what
 * came out.
 */
require('../../test/helpers/env');
const fs = require('fs');
const os = require('os');
const path = require('path');

fs.mkdirSync(process.env.N8N_USER_FOLDER || path.join(os.tmpdir(), 'n8n-nodes-1ot-test-home'), { recursive: true });

const { loadPackage } = require('../../test/helpers/node-types');
const { runWorkflow } = require('../../test/helpers/engine');
const workflows = require('./workflows');

const spec = JSON.parse(process.argv[2]);

/** Peak heap, sampled (RSS comes exactly from the kernel's maxRSS at the end). */
function memorySampler() {
	let peakHeap = process.memoryUsage().heapUsed;
	const timer = setInterval(() => {
		peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
	}, 10);
	return () => {
		clearInterval(timer);
		return Math.max(peakHeap, process.memoryUsage().heapUsed);
	};
}

function readItems(file) {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

async function prepare() {
	switch (spec.kind) {
		case 'package': {
			const pkg = loadPackage();
			const wf = workflows.packageWorkflow(readItems(spec.itemsFile), pkg, spec.options || {});
			return { pkg, wf, node: '1oT Terminal' };
		}
		case 'imei': {
			const pkg = loadPackage();
			return { pkg, wf: workflows.imeiWorkflow(readItems(spec.itemsFile), pkg), node: '1oT Terminal' };
		}
		case 'getMany': {
			const pkg = loadPackage();
			return { pkg, wf: workflows.getManyWorkflow(pkg), node: '1oT Terminal' };
		}
		case 'baseline': {
			const { loadHttpRequest } = require('./httpRequestNode');
			const pkg = loadPackage({ extraNodes: [loadHttpRequest()] });
			const wf = workflows.baselineWorkflow(readItems(spec.itemsFile), pkg, spec.baseUrl, spec.batching);
			return { pkg, wf, node: 'Set state' };
		}
		case 'mapper': {
			const { mapperEvents } = require('./events');
			const pkg = loadPackage();
			const { manualWorkflow } = require('../../test/helpers/engine');
			const events = await mapperEvents(spec.count);
			const wf = manualWorkflow([{ name: 'Payment Status Mapper', type: 'paymentStatusMapper', parameters: { gateway: 'auto', options: {} } }], {
				pinItems: events,
				package: pkg,
			});
			return { pkg, wf, node: 'Payment Status Mapper', outputs: 3 };
		}
		case 'mapperLives': {
			// the same Stripe events with Confirm With Gateway on (reads from the stand-in at spec.gatewayUrl) or off
			const { livesEvents } = require('./lives');
			const pkg = loadPackage();
			const { manualWorkflow } = require('../../test/helpers/engine');
			const { events } = livesEvents(spec.count);
			const parameters = spec.gatewayUrl
				? { gateway: 'stripe', confirmWithGateway: true, options: { gatewayBaseUrl: spec.gatewayUrl } }
				: { gateway: 'stripe', options: {} };
			const wf = manualWorkflow([{ name: 'Payment Status Mapper', type: 'paymentStatusMapper', parameters }], { pinItems: events, package: pkg });
			return { pkg, wf, node: 'Payment Status Mapper', outputs: 3 };
		}
		default:
			throw new Error(`unknown case kind ${spec.kind}`);
	}
}

/**
 * The package's dist files, waited for: in a shared working tree another build may be rewriting dist/ at the
 * moment this case starts (tsc and gulp take a few seconds).
 */
async function waitForDist() {
	const root = path.join(__dirname, '..', '..');
	const pkgJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const files = [...(pkgJson.n8n.nodes || []), ...(pkgJson.n8n.credentials || [])].map((f) => path.join(root, f));
	for (let waited = 0; waited < 120000; waited += 1000) {
		if (files.every((f) => fs.existsSync(f))) {
			if (waited) await new Promise((resolve) => setTimeout(resolve, 3000));
			return;
		}
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	throw new Error('dist/ is incomplete: run `npm run build`');
}

/**
 * A long-running n8n has run its code before the execution that matters: warm this process once on a small
 * throwaway fleet (2,000 SIMs) with its own simulator, so the measured run is not the process's first (JIT, module caches).
 * The same for the package and the baseline; nothing of it touches the measured simulator or its counts.
 */
async function warmUp(pkg) {
	if (spec.kind !== 'package' && spec.kind !== 'baseline') return;
	const { startSimulator } = require('../../simulator');
	const sim = await startSimulator({ fleet: { count: 2000, seed: 99 }, requestLogLimit: 0 });
	try {
		const states = sim.states();
		const items = sim.iccids().map((iccid, i) => ({
			iccid,
			state: i % 3 === 0 ? (states[iccid].secondary === 'LIVE' ? 'suspended' : 'live') : states[iccid].secondary === 'LIVE' ? 'live' : 'suspended',
		}));
		const credentials = {
			oneOtTerminalApi: { username: sim.credentials.username, password: sim.credentials.password, baseUrl: sim.baseUrl },
		};
		const wf =
			spec.kind === 'package'
				? workflows.packageWorkflow(items, pkg, spec.options || {})
				: workflows.baselineWorkflow(items, pkg, sim.baseUrl, null);
		await runWorkflow(wf, { credentials, package: pkg });
	} finally {
		await sim.close();
	}
}

/** With BENCH_PROFILE=<dir>, the measured run's CPU profile is written there (open it in Chrome's DevTools). */
async function startProfile() {
	const dir = process.env.BENCH_PROFILE;
	if (!dir) return async () => {};
	const inspector = require('inspector');
	const session = new inspector.Session();
	session.connect();
	const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
	await post('Profiler.enable');
	await post('Profiler.setSamplingInterval', { interval: 200 });
	await post('Profiler.start');
	return async () => {
		const { profile } = await post('Profiler.stop');
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, `${spec.label.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`), JSON.stringify(profile));
		session.disconnect();
	};
}

async function main() {
	await waitForDist();
	const { pkg, wf, node, outputs = 1 } = await prepare();
	await warmUp(pkg);
	if (global.gc) global.gc();
	const heapBefore = process.memoryUsage().heapUsed;
	process.send({ type: 'ready' });
	await new Promise((resolve) => process.once('message', resolve));

	const stopProfile = await startProfile();
	const stopSampling = memorySampler();
	const cpu0 = process.cpuUsage();
	const t0 = process.hrtime.bigint();
	const r = await runWorkflow(wf, { credentials: spec.credentials, package: pkg });
	const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
	const cpu = process.cpuUsage(cpu0);
	const peakHeap = stopSampling();
	await stopProfile();

	const perOutput = [];
	let errorItems = 0;
	for (let o = 0; o < outputs; o++) {
		const out = r.output(node, o);
		perOutput.push(out.length);
		for (const json of out) if (json && json.error !== undefined) errorItems++;
	}
	let errorsFirst = null;
	if (errorItems) {
		const first = r.output(node, 0).find((j) => j && j.error !== undefined);
		errorsFirst = first ? String(first.error && first.error.message ? first.error.message : first.error).slice(0, 200) : null;
	}
	// The baseline's first node: how many of its GETs failed.
	let getErrors = null;
	if (spec.kind === 'baseline') getErrors = r.output('Get status').filter((j) => j && j.error !== undefined).length;

	process.send({
		type: 'result',
		result: {
			status: r.status,
			error: r.error ? String(r.error.message).slice(0, 300) : null,
			wallMs,
			cpuMs: (cpu.user + cpu.system) / 1000,
			maxRssMB: process.resourceUsage().maxRSS / 1024,
			peakHeapMB: peakHeap / 1048576,
			heapBeforeMB: heapBefore / 1048576,
			perOutput,
			errorItems,
			errorsFirst,
			getErrors,
		},
	});
}

main().catch((error) => {
	process.send({ type: 'error', error: String(error && error.stack ? error.stack : error) });
});
