#!/usr/bin/env node
/**
 * npm run bench: the 1oT Terminal node against the workflow a user builds without it, on fleets of 1,000 to
 * 100,000 SIMs, through n8n-core's real engine, against the bundled 1oT simulator.
 *
 *   node bench/run.js [--latency 20] [--rate 50] [--sizes 1000,10000,100000] [--share 0.3]
 *                     [--baseline-max 10000] [--mapper-events 100000] [--confirm-events 300] [--braintree 20000]
 *                     [--repeat 3] [--no-baseline] [--no-extras] [--out bench/RESULTS.md | --no-write]
 *
 * Defaults, and why:
 *   --latency 20     every /v1 answer waits 20 ms: a nearby cloud API that answers "in tens of milliseconds".
 *   --rate 50        50 requests per 1,000 ms fixed window (the simulator's limiter: 429 + Retry-After), the top of
 *                    the 20-50 requests/s that public IoT and billing APIs commonly allow. 1oT does not publish its
 *                    limit. A higher limit favours the baseline (it is limited by the rate, the package is not).
 *   --share 0.3      30 % of the SIMs must change state (a heavy night: billing run after a payment outage); the
 *                    rest already are where their item says. Fleet status mix: 85 % ON/LIVE, 8 % ON/SUSPENDED,
 *                    7 % OFF (no ON/TEST, which always needs a change).
 *   --repeat 3       the package's own cases (Set State, getMany, by IMEI) run this many times, each in a new process
 *                    against a fresh fleet; the row is the run of median wall time, with the fastest and slowest
 *                    beside it. On a 2-core virtual machine one run of 4 s varies by ±10 %; the median says what is
 *                    typical. The baselines (minutes each) run once.
 *   --baseline-max   the naive workflow is run up to this many SIMs; above it (100,000 SIMs would take more than an
 *                    hour at 50/s) its lower bound is printed instead, marked "not run".
 *
 * What runs, per fleet size, each case in its own child process (so its peak RSS is its own, not the simulator's
 * or an earlier case's; the cases run one after the other within this one bench run, on the same machine and
 * simulator settings, each against a freshly built fleet):
 *   package     Manual Trigger (items) → 1oT Terminal › SIM › Set State, default options.
 *   baseline    Manual Trigger (items) → HTTP Request GET /get_sim → HTTP Request PUT /<action>, n8n's real HTTP
 *               Request node (n8n-nodes-base 2.41.1, typeVersion 4.2), run twice: without batching (n8n sends every
 *               item's request at once) and with Items per Batch 1 / Batch Interval ceil(1.05 × 1000 / rate) ms,
 *               the fastest batching that stays inside a fixed-window limit (see bench/RESULTS.md).
 *   extras      getMany with Return All over the whole account; setState by IMEI (one listing for the index).
 * Then the Payment Status Mapper over 100,000 mixed events, and over the Stripe subscription lives of the property test
 * without and with Confirm With Gateway (a Stripe stand-in answering after the latency); the Braintree parser per
 * notification.
 *
 * With BENCH_PROFILE=<dir> in the environment, each case writes the CPU profile of its measured run to <dir>
 * (open it in Chrome's DevTools, Performance tab).
 *
 * The simulator runs in this process; the workflow in the child, so the API's own work is not the workflow's.
 * The access token is fetched before each case (n8n keeps it in the credential between executions), so no case
 * pays for a token request, and the request counts are the simulator's own (`counts()`), 429s included.
 *
 * Lower bound of a run: max(accepted calls / rate, latency chain). The chain is the latency times the rounds of
 * calls that must follow each other: for the package ceil(reads / concurrency) + ceil(actions / concurrency); for
 * the baseline 2 (all GETs at once, then all PUTs).
 */
const { fork } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const { startSimulator } = require('../simulator');
const { STATUS_MIX, buildInputs, countWrong } = require('./lib/scenario');

const ROOT = path.resolve(__dirname, '..');

// ---------------------------------------------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------------------------------------------

function parseArgs(argv) {
	const opts = {
		latency: 20,
		rate: 50,
		sizes: [1000, 10000, 100000],
		share: 0.3,
		baselineMax: 10000,
		repeat: 3,
		mapperEvents: 100000,
		confirmEvents: 300,
		braintree: 20000,
		baseline: true,
		extras: true,
		out: path.join(__dirname, 'RESULTS.md'),
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
		const value = () => (inline !== undefined ? inline : argv[++i]);
		const number = (name) => {
			const v = Number(value());
			if (!Number.isFinite(v) || v < 0) throw new Error(`${name} needs a number`);
			return v;
		};
		switch (flag) {
			case '--latency':
				opts.latency = number(flag);
				break;
			case '--rate':
				opts.rate = number(flag);
				if (!opts.rate) throw new Error('--rate must be above 0');
				break;
			case '--sizes':
				opts.sizes = String(value())
					.split(',')
					.map((s) => Math.floor(Number(s.trim())))
					.filter((n) => n > 0);
				break;
			case '--share':
				opts.share = number(flag);
				if (opts.share > 1) throw new Error('--share is a fraction from 0 to 1');
				break;
			case '--repeat':
				opts.repeat = Math.max(1, Math.floor(number(flag)));
				break;
			case '--baseline-max':
				opts.baselineMax = number(flag);
				break;
			case '--confirm-events':
				opts.confirmEvents = Math.floor(number(flag));
				break;
			case '--mapper-events':
				opts.mapperEvents = Math.floor(number(flag));
				break;
			case '--braintree':
				opts.braintree = Math.floor(number(flag));
				break;
			case '--no-baseline':
				opts.baseline = false;
				break;
			case '--no-extras':
				opts.extras = false;
				break;
			case '--out':
				opts.out = path.resolve(value());
				break;
			case '--no-write':
				opts.out = null;
				break;
			case '--help':
			case '-h':
				process.stdout.write(fs.readFileSync(__filename, 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*?/, '') + '\n');
				process.exit(0);
				break;
			default:
				throw new Error(`unknown flag ${arg} (see --help)`);
		}
	}
	return opts;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

function log(msg) {
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

function machine() {
	const cpus = os.cpus();
	return {
		cpu: cpus[0] ? cpus[0].model.trim() : 'unknown',
		cores: cpus.length,
		memoryGB: os.totalmem() / 1024 ** 3,
		node: process.version,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
		date: new Date().toISOString(),
	};
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The access token, fetched as the credential's preAuthentication does; n8n keeps it between executions. */
function fetchToken(sim) {
	const { username, password } = sim.credentials;
	const url = new URL(`${sim.baseUrl}/oauth/token`);
	for (const [k, v] of Object.entries({ grant_type: 'password', client_id: username, username, password })) url.searchParams.set(k, v);
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method: 'POST' }, (res) => {
			let body = '';
			res.on('data', (c) => (body += c));
			res.on('end', () => {
				try {
					resolve(JSON.parse(body).access_token);
				} catch (e) {
					reject(new Error(`token: ${res.statusCode} ${body}`));
				}
			});
		});
		req.on('error', reject);
		req.end();
	});
}

async function credentialsFor(sim) {
	return {
		oneOtTerminalApi: {
			username: sim.credentials.username,
			password: sim.credentials.password,
			baseUrl: sim.baseUrl,
			accessToken: await fetchToken(sim),
		},
	};
}

/** Forks a case, waits until it has loaded everything, resets the request counts, runs it. */
function runCase(spec, sim, { timeoutMs }) {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(__dirname, 'lib', 'child.js'), [JSON.stringify(spec)], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			execArgv: ['--max-old-space-size=4096'],
		});
		let settled = false;
		const timer = setTimeout(() => {
			if (settled) return;
			settled = true;
			child.kill('SIGKILL');
			reject(new Error(`case ${spec.label} took longer than ${Math.round(timeoutMs / 1000)} s; stopped`));
		}, timeoutMs);
		child.on('message', (msg) => {
			if (msg.type === 'ready') {
				if (sim) sim.resetRequests();
				child.send({ type: 'go' });
			} else if (msg.type === 'result' || msg.type === 'error') {
				settled = true;
				clearTimeout(timer);
				const counts = sim ? sim.counts() : null;
				child.kill();
				if (msg.type === 'error') reject(new Error(`case ${spec.label}: ${msg.error}`));
				else resolve({ ...msg.result, counts });
			}
		});
		child.on('exit', (code) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			reject(new Error(`case ${spec.label} exited with code ${code} before it answered`));
		});
	});
}

async function freshSimulator(opts, count) {
	return await startSimulator({
		fleet: { count, seed: 7, statusMix: STATUS_MIX },
		latencyMs: opts.latency,
		rateLimit: { requests: opts.rate, perMs: 1000 },
		requestLogLimit: 0,
	});
}

const READ_PATHS = new Set(['/v1/get_sims', '/v1/get_sim', '/v1/get_account_sims', '/v1/get_group_sims']);

/** Calls from the simulator's counts: total (token excluded), refused (429), reads, actions. */
function callsOf(counts) {
	let reads = 0;
	let total = 0;
	for (const [p, n] of Object.entries(counts.byPath)) {
		if (p === '/v1/oauth/token') continue;
		total += n;
		if (READ_PATHS.has(p)) reads += n;
	}
	const refused = counts.byStatus['429'] || 0;
	return { total, refused, accepted: total - refused, reads, actions: total - reads, token: counts.byPath['/v1/oauth/token'] || 0 };
}

function batchingFor(opts) {
	return { batchSize: 1, batchInterval: Math.ceil((1.05 * 1000) / opts.rate) };
}

// ---------------------------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------------------------

async function fleetSize(opts, n, tmp) {
	const rows = [];
	const setup = await freshSimulator(opts, n);
	const states0 = setup.states();
	const iccids = setup.iccids();
	const { items, changes } = buildInputs(states0, iccids, opts.share);
	const imeiItems = items.map(({ iccid, state }) => ({ imei: setup.getSim(iccid).imei, state }));
	await setup.close();
	const itemsFile = path.join(tmp, `items-${n}.json`);
	fs.writeFileSync(itemsFile, JSON.stringify(items));
	const imeiFile = path.join(tmp, `imei-${n}.json`);
	fs.writeFileSync(imeiFile, JSON.stringify(imeiItems));
	log(`${n} SIMs: ${changes} must change state`);

	/** A package case, `opts.repeat` times: the row of the median wall time, with every run's time on it. */
	const repeated = async (label, spec, options) => {
		const runs = [];
		for (let i = 0; i < opts.repeat; i++) runs.push(await one(label, spec, { ...options, keep: false }));
		runs.sort((a, b) => a.wallMs - b.wallMs);
		const row = { ...runs[Math.floor((runs.length - 1) / 2)], wallRunsMs: runs.map((r) => r.wallMs) };
		rows.push(row);
		return row;
	};

	const one = async (label, spec, { wrong = true, timeoutMs, keep = true } = {}) => {
		const sim = await freshSimulator(opts, n);
		try {
			const credentials = await credentialsFor(sim);
			await sleep(50);
			log(`  ${label} ...`);
			const result = await runCase({ ...spec, label, credentials, baseUrl: sim.baseUrl }, sim, { timeoutMs });
			const calls = callsOf(result.counts);
			const wrongSims = wrong ? countWrong(items, sim.states()) : null;
			const row = { size: n, label, changes, ...result, calls, wrongSims };
			log(
				`  ${label}: ${(result.wallMs / 1000).toFixed(2)} s, ${calls.total} calls (${calls.refused} refused), ` +
					`${wrong ? `${wrongSims} SIMs wrong, ` : ''}RSS ${result.maxRssMB.toFixed(0)} MB${result.error ? `, error: ${result.error}` : ''}`,
			);
			if (keep) rows.push(row);
			return row;
		} finally {
			await sim.close();
		}
	};

	const pkg = await repeated('package setState', { kind: 'package', itemsFile }, { timeoutMs: 30 * 60 * 1000 });
	pkg.role = 'package';
	pkg.concurrency = 4;

	if (opts.baseline && n <= opts.baselineMax) {
		const unbatched = await one('HTTP Request, no batching', { kind: 'baseline', itemsFile, batching: null }, { timeoutMs: 30 * 60 * 1000 });
		unbatched.role = 'unbatched';
		const b = batchingFor(opts);
		const expectedMs = 2 * n * b.batchInterval;
		log(`  the batched baseline will take about ${Math.ceil(expectedMs / 60000)} min`);
		const batched = await one(
			`HTTP Request, batch ${b.batchSize}/${b.batchInterval} ms`,
			{ kind: 'baseline', itemsFile, batching: b },
			{ timeoutMs: expectedMs * 2 + 10 * 60 * 1000 },
		);
		batched.role = 'batched';
	} else if (opts.baseline) {
		rows.push({ size: n, label: 'HTTP Request, batched', role: 'notRun', changes });
	}

	if (opts.extras) {
		const gm = await repeated('package getMany (Return All)', { kind: 'getMany' }, { wrong: false, timeoutMs: 30 * 60 * 1000 });
		gm.role = 'extra';
		gm.perOutputNote = `${gm.perOutput[0]} SIMs out`;
		const im = await repeated('package setState by IMEI', { kind: 'imei', itemsFile: imeiFile }, { timeoutMs: 30 * 60 * 1000 });
		im.role = 'extra';
	}
	return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------------------------

/** For a repeated case: the fastest and slowest run beside the median. */
function spread(r) {
	const runs = r.wallRunsMs;
	if (!runs || runs.length < 2) return '';
	return ` (${fmtS(runs[0] / 1000)}–${fmtS(runs[runs.length - 1] / 1000)})`;
}

/** max(accepted calls / rate, latency chain); see the top of the file. */
function lowerBound(row, opts) {
	const rateS = row.calls.accepted / opts.rate;
	let chainS;
	if (row.role === 'unbatched' || row.role === 'batched') chainS = (2 * opts.latency) / 1000;
	else {
		const c = row.concurrency || 4;
		chainS = ((Math.ceil(row.calls.reads / c) + Math.ceil((row.calls.accepted - row.calls.reads) / c)) * opts.latency) / 1000;
	}
	return Math.max(rateS, chainS);
}

const fmtS = (s) => (s >= 100 ? s.toFixed(0) : s >= 10 ? s.toFixed(1) : s.toFixed(2));
const fmtInt = (n) => n.toLocaleString('en-US');
const fmtX = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function tables(rows, opts) {
	const lines = [];
	lines.push('| SIMs | workflow | wall time | API calls (429 refused) | calls / SIM | SIMs wrong | peak RSS | peak heap | lower bound | time / bound |');
	lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
	const ratios = [];
	for (const n of opts.sizes) {
		const sized = rows.filter((r) => r.size === n);
		for (const r of sized) {
			if (r.role === 'notRun') {
				const bound = (2 * n) / opts.rate;
				lines.push(
					`| ${fmtInt(n)} | ${r.label} | not run (would take ~${Math.round((bound * 1.05) / 60)} min) | ${fmtInt(2 * n)} | 2 | | | | ${fmtS(bound)} s | |`,
				);
				r.boundS = bound;
				continue;
			}
			const bound = lowerBound(r, opts);
			r.boundS = bound;
			const wall = r.wallMs / 1000;
			lines.push(
				`| ${fmtInt(n)} | ${r.label}${r.status !== 'success' ? ` (${r.status})` : ''} | ${fmtS(wall)} s${spread(r)} | ${fmtInt(r.calls.total)} (${fmtInt(r.calls.refused)}) | ${(r.calls.total / n).toFixed(4)} | ${r.wrongSims === null ? '–' : fmtInt(r.wrongSims)} | ${r.maxRssMB.toFixed(0)} MB | ${r.peakHeapMB.toFixed(0)} MB | ${fmtS(bound)} s | ${fmtX(wall / bound)}× |`,
			);
		}
		const pkg = sized.find((r) => r.role === 'package');
		const batched = sized.find((r) => r.role === 'batched');
		const notRun = sized.find((r) => r.role === 'notRun');
		if (pkg && batched) {
			ratios.push(
				`| ${fmtInt(n)} | ${fmtX(batched.wallMs / pkg.wallMs)}× faster | ${fmtX(batched.calls.total / pkg.calls.total)}× fewer | ${(pkg.maxRssMB / batched.maxRssMB).toFixed(2)} | ${(pkg.wallMs / batched.wallMs).toFixed(4)} | ${(pkg.calls.total / batched.calls.total).toFixed(4)} | ${fmtX(pkg.wallMs / 1000 / pkg.boundS)}× |`,
			);
		} else if (pkg && notRun) {
			ratios.push(
				`| ${fmtInt(n)} | ≥ ${fmtX(notRun.boundS / (pkg.wallMs / 1000))}× faster (vs the baseline's bound) | ${fmtX((2 * n) / pkg.calls.total)}× fewer | – | – | ${(pkg.calls.total / (2 * n)).toFixed(4)} | ${fmtX(pkg.wallMs / 1000 / pkg.boundS)}× |`,
			);
		}
	}
	const ratioLines = [
		'| SIMs | baseline (batched) / package: time | API calls | package / baseline: peak RSS | time | calls | package time / its bound |',
		'|---:|---|---|---:|---:|---:|---:|',
		...ratios,
	];
	return { main: lines.join('\n'), ratios: ratioLines.join('\n') };
}

/**
 * The mapper on the same Stripe subscription lives, without and with Confirm With Gateway, the gateway (the Stripe
 * stand-in) answering after the bench's latency: one execution, the events decided one after the other.
 */
async function confirmFigures(opts, log) {
	const { startStripeStandIn } = require('../simulator/gateways/stripe');
	const { livesEvents } = require('./lib/lives');
	const { truth } = livesEvents(1);
	const key = 'rk_test_bench_read';
	const standIn = await startStripeStandIn({ secretKey: key, latencyMs: opts.latency, ...truth });
	try {
		const out = {};
		for (const [name, gatewayUrl] of [['store', null], ['confirm', standIn.url]]) {
			log(`Payment Status Mapper over ${opts.confirmEvents} Stripe events, Confirm With Gateway ${gatewayUrl ? `on (gateway latency ${opts.latency} ms)` : 'off'} ...`);
			standIn.resetRequests();
			const spec = { kind: 'mapperLives', count: opts.confirmEvents, gatewayUrl, label: `mapper-${name}`, credentials: { stripeReadApi: { secretKey: key } } };
			const r = await runCase(spec, null, { timeoutMs: 20 * 60 * 1000 });
			out[name] = { ...r, count: opts.confirmEvents, reads: standIn.requests().length };
			log(`  ${(r.wallMs / 1000).toFixed(2)} s, ${out[name].reads} gateway reads, outputs ${r.perOutput.join(' / ')}, ${r.errorItems} error items${r.error ? `, error: ${r.error}` : ''}`);
		}
		return out;
	} finally {
		await standIn.close();
	}
}

function mapperTable(m, bt) {
	const lines = ['| what | count | wall time | throughput | peak RSS | peak heap |', '|---|---:|---:|---:|---:|---:|'];
	for (const [name, words] of [['store', 'Confirm With Gateway off'], ['confirm', 'Confirm With Gateway on']]) {
		const c = m && m.confirm && m.confirm[name];
		if (!c) continue;
		lines.push(
			`| Payment Status Mapper, Stripe subscription lives, ${words}${name === 'confirm' ? ` (${c.reads} gateway reads, each answered after the latency)` : ''} | ${fmtInt(c.count)} events | ${fmtS(c.wallMs / 1000)} s | ${fmtInt(Math.round(c.count / (c.wallMs / 1000)))} events/s | ${c.maxRssMB.toFixed(0)} MB | ${c.peakHeapMB.toFixed(0)} MB |`,
		);
	}
	if (m && m.wallMs !== undefined) {
		lines.push(
			`| Payment Status Mapper (engine, auto-detect, dedupe + stale guard on) | ${fmtInt(m.count)} events | ${fmtS(m.wallMs / 1000)} s | ${fmtInt(Math.round(m.count / (m.wallMs / 1000)))} events/s | ${m.maxRssMB.toFixed(0)} MB | ${m.peakHeapMB.toFixed(0)} MB |`,
		);
	}
	if (bt) {
		lines.push(`| Braintree Trigger parser (parse only) | ${fmtInt(bt.count)} notifications | | ${bt.oursParseUs.toFixed(1)} µs / notification | | |`);
		lines.push(`| Braintree Trigger: verify signature + parse | ${fmtInt(bt.count)} notifications | | ${bt.oursVerifyParseUs.toFixed(1)} µs / notification | | |`);
		lines.push(`| Braintree SDK \`webhookNotification.parse\` (verifies too), for comparison | ${fmtInt(bt.sdkCount)} notifications | | ${bt.sdkParseUs.toFixed(1)} µs / notification | | |`);
	}
	return lines.join('\n');
}

function extrasTable(rows, opts) {
	const lines = ['| SIMs | operation | wall time | API calls (429 refused) | of which reads / listings | peak RSS | peak heap | lower bound |', '|---:|---|---:|---:|---:|---:|---:|---:|'];
	for (const r of rows.filter((x) => x.role === 'extra')) {
		const bound = lowerBound({ ...r, concurrency: 4 }, opts);
		lines.push(
			`| ${fmtInt(r.size)} | ${r.label}${r.perOutputNote ? ` (${r.perOutputNote})` : ''}${r.wrongSims ? `, ${r.wrongSims} SIMs wrong` : ''} | ${fmtS(r.wallMs / 1000)} s | ${fmtInt(r.calls.total)} (${fmtInt(r.calls.refused)}) | ${fmtInt(r.calls.reads)} | ${r.maxRssMB.toFixed(0)} MB | ${r.peakHeapMB.toFixed(0)} MB | ${fmtS(bound)} s |`,
		);
	}
	return lines.join('\n');
}

function verdict(rows, opts) {
	const out = [];
	for (const n of opts.sizes) {
		const pkg = rows.find((r) => r.size === n && r.role === 'package');
		const batched = rows.find((r) => r.size === n && r.role === 'batched');
		const unbatched = rows.find((r) => r.size === n && r.role === 'unbatched');
		if (!pkg) continue;
		const runs = pkg.wallRunsMs ?? [pkg.wallMs];
		const range =
			runs.length > 1
				? ` (median of ${runs.length} runs; ${fmtX(runs[0] / 1000 / pkg.boundS)}–${fmtX(runs[runs.length - 1] / 1000 / pkg.boundS)}× over all runs)`
				: '';
		const parts = [`${fmtInt(n)} SIMs: package ${fmtS(pkg.wallMs / 1000)} s, ${pkg.calls.total} calls, ${pkg.wrongSims} wrong, ${fmtX(pkg.wallMs / 1000 / pkg.boundS)}× its bound${range}`];
		if (batched) {
			parts.push(`${fmtX(batched.calls.total / pkg.calls.total)}× fewer calls and ${fmtX(batched.wallMs / pkg.wallMs)}× faster than the batched baseline (${batched.wrongSims} wrong)`);
		}
		if (unbatched) parts.push(`unbatched baseline: ${unbatched.calls.refused} of ${unbatched.calls.total} requests refused, ${unbatched.wrongSims} of ${n} SIMs wrong`);
		out.push(`- ${parts.join('; ')}`);
	}
	return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------------

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const m = machine();
	const header = [
		`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB.toFixed(1)} GB RAM, ${m.os}, Node ${m.node}; load average at start ${m.load}`,
		`Date: ${m.date}`,
		`Simulator: ${opts.latency} ms latency per request, rate limit ${opts.rate} requests per 1,000 ms (fixed window), fleet seed 7, ${Math.round(opts.share * 100)} % of SIMs must change state`,
		`Package options: defaults (batchSize 1000, readBatchSize 1000, concurrency 4, maxRetries 5)`,
	];
	for (const line of header) log(line);
	if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes', 'OneOtTerminal', 'OneOtTerminal.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
	}
	let httpNode = null;
	if (opts.baseline && opts.sizes.some((n) => n <= opts.baselineMax)) {
		const { ensureInstalled, N8N_VERSION } = require('./lib/httpRequestNode');
		const t0 = Date.now();
		const info = await ensureInstalled(log);
		httpNode = `n8n-nodes-base ${N8N_VERSION} (from ${info.dir})`;
		log(`HTTP Request node: ${httpNode}${Date.now() - t0 > 5000 ? `, installed in ${Math.round((Date.now() - t0) / 1000)} s` : ''}`);
	}

	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-1ot-bench-'));
	const rows = [];
	let mapper = null;
	let bt = null;
	try {
		for (const n of opts.sizes) rows.push(...(await fleetSize(opts, n, tmp)));
		if (opts.mapperEvents > 0) {
			log(`Payment Status Mapper over ${opts.mapperEvents} events ...`);
			const r = await runCase({ kind: 'mapper', count: opts.mapperEvents, label: 'mapper' }, null, { timeoutMs: 20 * 60 * 1000 });
			mapper = { ...r, count: opts.mapperEvents };
			log(`  ${(r.wallMs / 1000).toFixed(2)} s, outputs ${r.perOutput.join(' / ')}, ${r.errorItems} error items${r.error ? `, error: ${r.error}` : ''}`);
		}
		if (opts.confirmEvents > 0) mapper = { ...mapper, confirm: await confirmFigures(opts, log) };
		if (opts.braintree > 0) {
			log(`Braintree parser over ${opts.braintree} notifications ...`);
			bt = await require('./lib/braintree').benchBraintree(opts.braintree);
		}
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}

	const t = tables(rows, opts);
	const text = [
		header.join('\n'),
		httpNode ? `Baseline: n8n's HTTP Request node, ${httpNode}, typeVersion 4.2` : '',
		'',
		t.main,
		'',
		t.ratios,
		'',
		opts.extras ? extrasTable(rows, opts) : '',
		'',
		mapperTable(mapper, bt),
		'',
		verdict(rows, opts),
	].join('\n');
	process.stdout.write(`\n${text}\n`);
	if (opts.out) {
		writeResults(opts, text, rows, mapper);
		log(`figures written to ${path.relative(process.cwd(), opts.out)}`);
	}
}

/** The section bench/terminal-trigger.js writes into the same file, kept when this bench rewrites it. */
function keptSection(file) {
	const start = '<!-- terminal-trigger:start -->';
	const end = '<!-- terminal-trigger:end -->';
	const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
	if (!current.includes(start) || !current.includes(end)) return '';
	return `\n${current.slice(current.indexOf(start), current.indexOf(end) + end.length)}\n`;
}

function writeResults(opts, text, rows, mapper) {
	const template = fs.readFileSync(path.join(__dirname, 'lib', 'RESULTS.template.md'), 'utf8');
	const mapperRow = mapper && mapper.perOutput ? `outputs Activate / Suspend / No Action: ${mapper.perOutput.join(' / ')}; error items: ${mapper.errorItems}` : '';
	const out = template
		.replace('{{FIGURES}}', text)
		.replace('{{MAPPER_OUTPUTS}}', mapperRow)
		.replace('{{COMMAND}}', `node bench/run.js ${process.argv.slice(2).join(' ')}`.trim());
	fs.writeFileSync(opts.out, out + keptSection(opts.out));
}

if (require.main === module) {
	main().catch((error) => {
		log(`failed: ${error && error.stack ? error.stack : error}`);
		process.exitCode = 1;
	});
}

module.exports = { parseArgs, lowerBound, callsOf, batchingFor };
