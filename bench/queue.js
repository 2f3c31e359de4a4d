#!/usr/bin/env node
'use strict';
/**
 * npm run bench:queue: payment webhooks → SIM states in n8n's queue mode (main + 2 workers ×5, PostgreSQL, Redis;
 * scripts/queue/stack.js) against regular mode (one n8n, SQLite; scripts/e2e/stack.js), on this machine, one after
 * the other, with the same simulator settings.
 *
 *   node bench/queue.js [--rates 5,10,20,40] [--seconds 15] [--latency 20] [--out bench/QUEUE.md | --no-write]
 *
 * Per mode and rate: `rate × seconds` devices, each paid once (one signed Stripe `invoice.paid`, the Stripe
 * template, n8n's Stripe Trigger replaced by a Webhook node that also answers on receipt), sent at a steady rate.
 * - lost: devices whose SIM never changed (waiting until no SIM has changed for 30 s);
 * - latency: from the POST of a device's delivery to the simulator receiving its `activate` (the state change);
 * - held: nothing lost and the backlog drained (the last state change within 5 s of the last POST);
 * - memory: peak resident memory of each n8n process group (n8n and its task runner) over the whole mode.
 * Then Braintree with Respond "When Last Node Finishes" at the highest rate that mode held (at least 2/s) for
 * `seconds`: the answer times (what answering after the workflow costs, against Braintree's 30 s timeout) beside
 * the Stripe answers on receipt at that rate.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const braintree = require('braintree');

const { startQueueStack } = require('../scripts/queue/stack');
const { startStack, WORKFLOW_IDS } = require('../scripts/e2e/stack');
const { watchMemory } = require('../scripts/queue/memory');
const e2e = require('../scripts/e2e/n8n');
const { createFleet } = require('../simulator');
const { fleetLives } = require('../test/queue/lives');
const load = require('../test/queue/load');

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v === undefined ? true : v]));
const RATES = String(args.rates || '2,5,10,20').split(',').map(Number);
const SECONDS = Number(args.seconds || 10);
const LATENCY = Number(args.latency || 20);
const OUT = args['no-write'] ? null : path.resolve(args.out || path.join(__dirname, 'QUEUE.md'));

const log = (m) => process.stdout.write(`${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const MB = (b) => Math.round(b / 1048576);

function adapt(wf, name) {
	if (name === 'braintree-subscriptions-to-sim') wf.nodes.find((n) => n.name === 'Braintree Trigger').parameters.responseMode = 'lastNode';
	return wf;
}

/** The first state-changing call for each ICCID at or after `since`: iccid → time. */
function firstChange(sim, since) {
	const at = new Map();
	for (const r of sim.requests()) {
		if (r.method !== 'PUT' || r.at < since) continue;
		for (const iccid of String((r.query && r.query.iccid) || '').split(',')) if (!at.has(iccid)) at.set(iccid, r.at);
	}
	return at;
}

function stats(values) {
	const s = values.slice().sort((a, b) => a - b);
	return { p50: load.percentile(s, 50), p95: load.percentile(s, 95), p99: load.percentile(s, 99), max: s[s.length - 1] };
}

/**
 * Waits until no execution is queued or running, so each step starts on an empty queue. Queue mode: counted in
 * PostgreSQL (the public API does not list executions still waiting in the queue); regular mode: the public API.
 */
async function waitIdle(stack, workflowId, timeoutMs = 180000) {
	const busy = stack.pg
		? async () => Number(stack.pg.query("select count(*) from execution_entity where status in ('new', 'running', 'waiting')"))
		: async () => (await stack.executions(workflowId)).filter((x) => ['new', 'running', 'waiting'].includes(x.status)).length;
	for (const until = Date.now() + timeoutMs; Date.now() < until; await sleep(500)) if ((await busy()) === 0) return;
	throw new Error(`executions still queued or running after ${timeoutMs} ms`);
}

/** Sends one delivery per device at `rate`, waits for the SIMs, returns the figures. */
async function step(stack, devices, { rate, url, post, timeoutMs }) {
	const since = Date.now();
	const deliveries = devices.map((d) => ({ ...d, index: 0 }));
	const run = await load.deliver(deliveries, { url, rate, timeoutMs, post, retryRounds: 0 });
	const lastPost = Math.max(...run.attempts.map((a) => a.sentAt));
	const want = new Set(devices.map((d) => d.iccid));
	// until every SIM has changed, or nothing has changed for 30 s (what is left then is lost)
	let changes = firstChange(stack.sim, since);
	for (let seen = -1, lastProgress = Date.now(); Date.now() - lastProgress < 30000; await sleep(250)) {
		changes = firstChange(stack.sim, since);
		if ([...want].every((i) => changes.has(i))) break;
		if (changes.size !== seen) [seen, lastProgress] = [changes.size, Date.now()];
	}
	const sentAt = new Map(run.attempts.map((a) => [a.d.iccid, a.sentAt]));
	const latencies = [...want].filter((i) => changes.has(i)).map((i) => changes.get(i) - sentAt.get(i));
	const lastChange = Math.max(...[...changes.values()]);
	const answers = run.attempts.filter((a) => a.status >= 200 && a.status < 300).map((a) => a.answeredAt - a.sentAt);
	const lost = want.size - latencies.length;
	return {
		rate,
		devices: want.size,
		sendS: run.sendMs / 1000,
		achieved: want.size / Math.max(0.001, run.sendMs / 1000 + 1 / rate),
		not2xx: run.attempts.length - answers.length,
		lost,
		held: lost === 0 && run.attempts.length === answers.length && lastChange - lastPost < 5000,
		drainS: (lastChange - lastPost) / 1000,
		latency: stats(latencies),
		answer: stats(answers),
	};
}

async function benchMode(mode, { fleet, pool }) {
	const simulatorOptions = { requestLogLimit: 500000, latencyMs: LATENCY, pendingDelayMs: 200 };
	const templates = ['stripe-subscriptions-to-sim', 'braintree-subscriptions-to-sim'];
	const t0 = Date.now();
	const stack =
		mode === 'queue'
			? await startQueueStack({ fleet, simulatorOptions, templates, adapt, log: (m) => log(`  ${m}`) })
			: await startStack({ fleet, simulatorOptions, templates, adapt, publishVia: 'api', log: (m) => log(`  ${m}`) });
	const memory =
		mode === 'queue'
			? null // the queue stack watches its own instances
			: watchMemory({ n8n: stack.n8n.pid });
	const startS = (Date.now() - t0) / 1000;
	const rows = [];
	let peaks = {};
	try {
		const stripeUrl = stack.urls.stripe;
		for (const rate of RATES) {
			const lives = fleetLives(pool.splice(0, rate * SECONDS), { tag: `${mode[0]}${rate}x`, names: ['first payment'] });
			stack.stripeStandIn.setSubscriptions(lives.flatMap((l) => l.subscriptions));
			// the payment alone: one delivery, one state change per device
			const devices = lives.map((l) => ({ iccid: l.iccid, evt: l.events.find((e) => e.evt.type === 'invoice.paid').evt, life: l }));
			const r = await step(stack, devices, { rate, url: stripeUrl, post: load.postStripe, timeoutMs: 20000 });
			rows.push({ kind: 'stripe', ...r });
			log(`  ${mode} ${rate}/s: ${r.held ? 'held' : 'NOT held'}; lost ${r.lost}/${r.devices}; latency p50 ${r.latency.p50} p95 ${r.latency.p95} p99 ${r.latency.p99} ms; drained ${r.drainS.toFixed(1)} s after the last POST`);
			await waitIdle(stack, WORKFLOW_IDS['stripe-subscriptions-to-sim']);
		}
		const heldRates = rows.filter((x) => x.held).map((x) => x.rate);
		const btRate = heldRates.length ? Math.max(...heldRates) : Math.min(2, ...RATES);
		const gateway = new braintree.BraintreeGateway({ environment: braintree.Environment.Sandbox, ...(stack.credentials.braintree || {}) });
		const devices = [];
		for (const { iccid } of pool.splice(0, btRate * SECONDS)) devices.push({ iccid, evt: await gateway.webhookTesting.sampleNotification('subscription_charged_successfully', `iccid-${iccid}`) });
		const post = (url, n, timeoutMs) =>
			e2e.request('POST', url, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ bt_signature: n.bt_signature, bt_payload: n.bt_payload }).toString(), timeoutMs });
		const bt = await step(stack, devices, { rate: btRate, url: stack.urls.braintree, post, timeoutMs: 30000 });
		rows.push({ kind: 'braintree', ...bt });
		log(`  ${mode} Braintree (answer when the last node finishes) ${btRate}/s: answers p50 ${bt.answer.p50} p95 ${bt.answer.p95} p99 ${bt.answer.p99} ms; lost ${bt.lost}`);
	} finally {
		peaks = mode === 'queue' ? stack.memoryPeaks() : memory.stop();
		await stack.stop();
	}
	return { mode, startS, rows, peaks };
}

function render(results, meta) {
	const [q, r] = ['queue', 'regular'].map((m) => results.find((x) => x.mode === m));
	const held = (res) => {
		const ok = res.rows.filter((x) => x.kind === 'stripe' && x.held).map((x) => x.rate);
		return ok.length ? `${Math.max(...ok)}/s` : 'none of the rates';
	};
	const lines = [];
	lines.push('# Queue mode vs regular mode: payment webhooks → SIM states', '');
	lines.push('Written by `npm run bench:queue` (`node bench/queue.js`); every figure below comes from that run. Re-run it for your');
	lines.push('machine\'s figures: this file is overwritten.', '');
	lines.push(`Run: ${meta.date}, ${meta.cpus} CPU cores (${meta.cpuModel}), ${meta.memGb} GiB, load average at start ${meta.load}, n8n 2.41.1 on Node 24.`);
	lines.push('Other processes shared the machine: absolute figures are this machine\'s on that day; the two modes ran one after the other.', '');
	lines.push('## What is measured', '');
	lines.push('- **queue**: `scripts/queue/stack.js`: n8n main instance (webhooks) + 2 workers (`n8n worker --concurrency=5`), PostgreSQL 15, Redis 7, each instance in its own user folder with the packed package.');
	lines.push('- **regular**: `scripts/e2e/stack.js`: one `n8n start`, SQLite, the same package and templates.');
	lines.push(`- **workload**: the Stripe template (its Stripe Trigger replaced by n8n's Webhook node, which answers on receipt as the Stripe Trigger does), one signed \`invoice.paid\` per device (each device a new one, ON/TEST → LIVE), sent at a steady rate for ${SECONDS} s. 1oT simulator with ${LATENCY} ms latency per call, PENDING settling after 200 ms.`);
	lines.push('- **latency**: from the POST of a device\'s delivery to the simulator receiving that SIM\'s `activate` (the state change). **lost**: devices whose SIM never changed (the run waits until no SIM has changed for 30 s). Each step starts on an empty queue. **held**: nothing lost, every POST answered 2xx, and the last state change within 5 s of the last POST (no growing backlog).');
	lines.push('- **memory**: peak resident memory of each n8n process group (n8n with its JS task runner) over the whole mode.');
	lines.push('- **answer when the last node finishes**: the Braintree template with Respond "When Last Node Finishes", at the highest rate the mode held: how long Braintree waits for its answer (its timeout is 30 s), beside the Stripe answers on receipt at the same rate.', '');
	lines.push('## Side by side', '');
	lines.push(`| | queue mode | regular mode |`, '|---|---|---|');
	lines.push(`| deliveries/s held with 0 loss (of ${RATES.join(', ')}) | ${held(q)} | ${held(r)} |`);
	for (const rate of RATES) {
		const a = q.rows.find((x) => x.kind === 'stripe' && x.rate === rate);
		const b = r.rows.find((x) => x.kind === 'stripe' && x.rate === rate);
		const cell = (x) => (x ? `${x.latency.p50} / ${x.latency.p95} / ${x.latency.p99} ms${x.lost ? `, **${x.lost} lost**` : ''}${x.held ? '' : ' (not held)'}` : '–');
		lines.push(`| ${rate}/s: webhook → SIM state p50 / p95 / p99 | ${cell(a)} | ${cell(b)} |`);
	}
	const peaks = (res) =>
		Object.entries(res.peaks)
			.map(([k, v]) => `${k} ${MB(v)} MB`)
			.join(', ');
	lines.push(`| peak memory | ${peaks(q)} | ${peaks(r)} |`);
	const bt = (res) => res.rows.find((x) => x.kind === 'braintree');
	const st = (res) => res.rows.find((x) => x.kind === 'stripe' && x.rate === bt(res).rate);
	const ans = (x) => `${x.answer.p50} / ${x.answer.p95} / ${x.answer.p99} ms (at ${x.rate}/s)`;
	lines.push(`| Braintree, answer when the last node finishes: answer time p50 / p95 / p99 | ${ans(bt(q))} | ${ans(bt(r))} |`);
	lines.push(`| Stripe, answer on receipt: answer time p50 / p95 / p99 | ${ans(st(q))} | ${ans(st(r))} |`);
	lines.push(`| stack start (services, import, publish, n8n ready) | ${q.startS.toFixed(0)} s | ${r.startS.toFixed(0)} s |`, '');
	lines.push('## Every step', '');
	lines.push('| mode | rate | devices | sent in | not 2xx | lost | drained after last POST | latency p50 / p95 / p99 / max | answer p50 / p95 / p99 |', '|---|---|---|---|---|---|---|---|---|');
	for (const res of [q, r]) {
		for (const x of res.rows) {
			lines.push(`| ${res.mode}${x.kind === 'braintree' ? ' (Braintree, last node)' : ''} | ${x.rate}/s | ${x.devices} | ${x.sendS.toFixed(1)} s | ${x.not2xx} | ${x.lost} | ${x.drainS.toFixed(1)} s | ${x.latency.p50} / ${x.latency.p95} / ${x.latency.p99} / ${x.latency.max} ms | ${x.answer.p50} / ${x.answer.p95} / ${x.answer.p99} ms |`);
		}
	}
	lines.push('');
	return lines.join('\n');
}

async function main() {
	const meta = { date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', cpus: os.cpus().length, cpuModel: (os.cpus()[0] || {}).model, memGb: Math.round(os.totalmem() / 2 ** 30), load: os.loadavg()[0].toFixed(1) };
	const perMode = RATES.reduce((a, r) => a + r * SECONDS, 0) + Math.max(...RATES) * SECONDS;
	const fleet = createFleet({ count: 2 * perMode, seed: 11, statusMix: { 'ON/TEST': 1 }, esimShare: 0 });
	const results = [];
	for (const [i, mode] of ['queue', 'regular'].entries()) {
		log(`== ${mode} mode`);
		const pool = fleet.slice(i * perMode, (i + 1) * perMode);
		results.push(await benchMode(mode, { fleet, pool }));
	}
	const text = render(results, meta);
	log(`\n${text}`);
	if (OUT) {
		fs.writeFileSync(OUT, text);
		log(`written to ${path.relative(process.cwd(), OUT)}`);
	}
}

main().then(
	() => process.exit(0),
	(e) => {
		process.stderr.write(`${e.stack || e.message}\n`);
		process.exit(1);
	},
);
