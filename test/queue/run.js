#!/usr/bin/env node
'use strict';
/*
 * The load-and-fault run in n8n's queue mode (npm run test:queue): a real n8n 2.41.1 main instance and two workers
 * (scripts/queue/stack.js) on PostgreSQL and Redis, fed signed payment webhooks for a fleet of devices.
 *
 *   node test/queue/run.js [--devices=500] [--rate=10] [--seed=1]
 *
 * 1. Braintree Trigger answering when the last node finishes: a worker is SIGKILLed while deliveries are in
 *    flight; the deliveries it took get an error or no answer in Braintree's 30 s, Braintree sends them again, and
 *    every SIM ends right with no reconcile at all. Prints the answer times against Braintree's timeout.
 * 2. Static data in queue mode: the mapper's store as the worker sees it (the same event delivered twice).
 * 3. The Stripe template (n8n's Stripe Trigger answers on receipt; here its Webhook-node stand-in does the same):
 *    every device lives one of the mapper's order-test lives (test/queue/lives.js), all events shuffled, 20 % delivered
 *    twice, at a steady rate, worker 1 SIGKILLed halfway and replaced. Redelivered: only what got an error or no
 *    answer. Then the reconcile runs once. With Confirm With Gateway on, every device must be right; the same run
 *    with it off is printed, not asserted.
 * Ends with `N passed, N failed`; exit code 1 on any failure.
 */
const assert = require('node:assert/strict');
const braintree = require('braintree');

const { startQueueStack } = require('../../scripts/queue/stack');
const e2e = require('../../scripts/e2e/n8n');
const base = require('../../scripts/e2e/stack');
const { createFleet } = require('../../simulator');
const { fleetLives } = require('./lives');
const load = require('./load');

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v === undefined ? true : v]));
const DEVICES = Number(args.devices || process.env.QUEUE_DEVICES || 500);
const RATE = Number(args.rate || process.env.QUEUE_RATE || 10);
const SEED = Number(args.seed || 1);
const BRAINTREE_DEVICES = 40;
const BRAINTREE_TIMEOUT_MS = 30000; // "If a webhook takes longer than 30 seconds to respond, it is considered a timeout and will be retried"
const STRIPE_TIMEOUT_MS = 20000;

const log = (m) => process.stdout.write(`${m}\n`);
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;

const IDS = { confirmOn: base.WORKFLOW_IDS['stripe-subscriptions-to-sim'], confirmOff: 'qStripeConfirm0f', braintree: base.WORKFLOW_IDS['braintree-subscriptions-to-sim'] };
const OFF_PATH = 'stripe-events-no-confirm';
const DEDUPE_PATH = 'dedupe-probe';

/**
 * What n8n itself offers nodes for a record shared by every execution: the deduplication helpers
 * (`this.helpers.checkProcessedAndRecord`, table processed_data), here through n8n's own Remove Duplicates node
 * ("Remove Items Processed in Previous Executions"). The Webhook answers when it has run, with what passed.
 */
const DEDUPE_PROBE = {
	id: 'qDedupeProbe0001',
	name: 'Shared record probe (Remove Duplicates across executions)',
	active: false,
	settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
	connections: { Webhook: { main: [[{ node: 'Remove Duplicates', type: 'main', index: 0 }]] } },
	nodes: [
		{ id: 'a1', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: 'd0d0d0d0-1111-4222-8333-444455556666', parameters: { httpMethod: 'POST', path: DEDUPE_PATH, responseMode: 'lastNode', responseData: 'allEntries', options: {} } },
		{ id: 'a2', name: 'Remove Duplicates', type: 'n8n-nodes-base.removeDuplicates', typeVersion: 2, position: [220, 0], parameters: { operation: 'removeItemsSeenInPreviousExecutions', logic: 'removeItemsWithAlreadySeenKeyValues', dedupeValue: '={{ $json.body.id }}', options: {} } },
	],
};

/** Whether the packed mapper offers Confirm With Gateway (the stack's copy of dist/). */
function mapperConfirms() {
	const { PaymentStatusMapper } = require('../../dist/nodes/PaymentStatusMapper/PaymentStatusMapper.node');
	const props = new PaymentStatusMapper().description.properties;
	const has = (list) => list.some((p) => p.name === 'confirmWithGateway' || (p.options && Array.isArray(p.options) && has(p.options.filter((o) => o && o.name))));
	return has(props);
}

// the read-only Stripe key the mapper confirms with; the stand-in accepts any key
const STRIPE_READ = { id: 'qStripeReadKey01', name: 'Stripe (API stand-in)', type: 'stripeReadApi', data: { secretKey: 'sk_test_queue_stand_in_0000' } };

/** Confirm With Gateway on or off on the template's mapper; on: its reads go to the Stripe-API stand-in. */
function setConfirm(wf, on, standInUrl) {
	const mapper = wf.nodes.find((n) => n.type === 'n8n-nodes-1ot.paymentStatusMapper');
	mapper.parameters.confirmWithGateway = on;
	if (on) {
		mapper.parameters.options = { ...(mapper.parameters.options || {}), gatewayBaseUrl: standInUrl };
		mapper.credentials = { ...(mapper.credentials || {}), stripeReadApi: { id: STRIPE_READ.id, name: STRIPE_READ.name } };
	} else if (mapper.credentials) {
		delete mapper.credentials.stripeReadApi;
	}
	return wf;
}

/** What the gateway holds once the lives are over: subscriptions, and (where the stand-in serves them) disputes, invoices, payments. */
function setGatewayTruth(standIn, lives) {
	standIn.setSubscriptions(lives.flatMap((l) => Object.values(l.truth.subscriptions)));
	if (typeof standIn.setDisputes === 'function') standIn.setDisputes(lives.flatMap((l) => Object.values(l.truth.disputes)));
	if (typeof standIn.setInvoices === 'function') standIn.setInvoices(lives.flatMap((l) => Object.values(l.truth.invoices)));
	if (typeof standIn.setInvoicePayments === 'function') standIn.setInvoicePayments(lives.flatMap((l) => l.truth.invoicePayments));
}

let confirms = false;
// The templates name the SIM by ICCID (Set State reads {{ $json.iccid }}): the IMEI-keyed life fails their Set State
// ("The ICCID is empty"), the reconcile's for every device. Left out until the templates take an IMEI.
const LIVES = require('../mapper/fixtures/lives')
	.lives()
	.map((l) => l.name)
	.filter((n) => !/IMEI/.test(n));
let stackRef = null;

function adapt(wf, name, { stripeStandIn }) {
	if (name === 'braintree-subscriptions-to-sim') {
		wf.nodes.find((n) => n.name === 'Braintree Trigger').parameters.responseMode = 'lastNode';
		return wf;
	}
	// the reconcile decides with the gateway too: its listing holds subscriptions only, a dispute is read by Confirm With Gateway
	if (name === 'nightly-reconcile') return confirms ? setConfirm(wf, true, stripeStandIn.url) : wf;
	if (name !== 'stripe-subscriptions-to-sim') return wf;
	const off = setConfirm(JSON.parse(JSON.stringify(wf)), false);
	off.id = IDS.confirmOff;
	off.name = `${wf.name} (Confirm With Gateway off)`;
	const trigger = off.nodes.find((n) => n.name === 'Stripe Trigger');
	trigger.parameters.path = OFF_PATH;
	trigger.webhookId = 'a0b1c2d3-0000-4000-8000-0c0f1f0ff0ff';
	return [confirms ? setConfirm(wf, true, stripeStandIn.url) : wf, off];
}

async function main() {
	const t0 = Date.now();
	const results = [];
	const check = async (name, fn) => {
		const t = Date.now();
		try {
			const note = await fn();
			results.push({ name, ok: true });
			log(`ok   ${name} (${secs(Date.now() - t)})${note ? `\n     ${String(note).replace(/\n/g, '\n     ')}` : ''}`);
		} catch (e) {
			results.push({ name, ok: false });
			log(`FAIL ${name} (${secs(Date.now() - t)})\n     ${String(e.stack || e.message).split('\n').slice(0, 12).join('\n     ')}`);
			if (stackRef) log(`     the main instance's last words:\n       ${stackRef.main.output().trimEnd().split('\n').slice(-25).join('\n       ')}`);
		}
	};

	confirms = mapperConfirms();
	const fleet = createFleet({ count: 2 * DEVICES + BRAINTREE_DEVICES + 2, seed: SEED, statusMix: { 'ON/TEST': 1 }, esimShare: 0 });
	const iccids = fleet.map((s) => s.iccid);
	const on = fleet.slice(0, DEVICES);
	const off = fleet.slice(DEVICES, 2 * DEVICES);
	const bt = iccids.slice(2 * DEVICES, 2 * DEVICES + BRAINTREE_DEVICES);
	const spare = fleet.slice(2 * DEVICES + BRAINTREE_DEVICES);

	log(`queue mode: ${DEVICES} devices per run at ${RATE} deliveries/s, seed ${SEED}; Confirm With Gateway ${confirms ? 'available' : 'NOT in this build'}`);
	const stack = await startQueueStack({
		fleet,
		simulatorOptions: { requestLogLimit: 500000, pendingDelayMs: 200 },
		stripe: { pageSize: 100 }, // Stripe's own largest page
		templates: ['stripe-subscriptions-to-sim', 'braintree-subscriptions-to-sim', 'nightly-reconcile'],
		adapt,
		extraWorkflows: [DEDUPE_PROBE],
		credentials: confirms ? [STRIPE_READ] : [],
		log: (m) => log(`  ${m}`),
	});
	stackRef = stack;
	const { sim } = stack;
	const dedupeUrl = `${stack.main.baseUrl}/webhook/${DEDUPE_PATH}`;
	const urls = { on: stack.urls[IDS.confirmOn], off: stack.urls[IDS.confirmOff], braintree: stack.urls[IDS.braintree] };
	try {
		/* ---------- 1. Braintree, answer when the last node finishes, a worker killed ---------- */
		await check(`braintree (Respond: when last node finishes): ${BRAINTREE_DEVICES} devices, worker killed mid-run → every SIM right with no reconcile`, async () => {
			const gateway = new braintree.BraintreeGateway({ environment: braintree.Environment.Sandbox, ...stack.credentials.braintree });
			const deliveries = [];
			for (const iccid of bt) {
				// what Braintree holds (read by Confirm With Gateway), and its notification
				stack.braintreeStandIn.putSubscription({ id: `iccid-${iccid}`, status: 'Active', paidThroughDate: new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10) });
				deliveries.push({ iccid, n: await gateway.webhookTesting.sampleNotification('subscription_charged_successfully', `iccid-${iccid}`) });
			}
			const rnd = load.prng(SEED);
			for (const d of load.shuffle(deliveries.slice(), rnd).slice(0, Math.round(BRAINTREE_DEVICES * 0.2))) deliveries.push(d);
			load.shuffle(deliveries, rnd);
			const post = (url, n, timeoutMs) =>
				e2e.request('POST', url, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ bt_signature: n.bt_signature, bt_payload: n.bt_payload }).toString(), timeoutMs });
			let replaced;
			let killed = 0;
			const kill = Math.floor(deliveries.length / 2);
			const run = await load.deliver(
				deliveries.map((d) => ({ ...d, evt: d.n })),
				{
					url: urls.braintree,
					rate: 10,
					timeoutMs: BRAINTREE_TIMEOUT_MS,
					post,
					retryPauseMs: 1000,
					at: async (j) => {
						if (j === kill) {
							killed = await stack.killWorker(0, { whileBusy: 10000 });
							replaced = stack.replaceWorker(0);
						}
					},
					log: (m) => log(`     ${m}`),
				},
			);
			await replaced;
			const first = run.attempts.filter((a) => a.round === 0);
			const okTimes = first.filter((a) => a.status === 200).map((a) => a.answeredAt - a.sentAt).sort((a, b) => a - b);
			const retried = first.length - okTimes.length;
			assert.equal(run.undelivered, 0, 'a delivery was never answered 200');
			const { right, wrong } = load.devicesRight(sim, bt.map((iccid) => ({ iccid, life: 'charged', expected: 'live' })));
			assert.equal(right, BRAINTREE_DEVICES, `wrong: ${JSON.stringify(wrong.slice(0, 5))}`);
			return [
				`${deliveries.length} deliveries; worker 1 killed while running ${killed} execution(s); ${retried} got an error or no answer within 30 s and were delivered again (${load.summarize(first.filter((a) => a.status !== 200)) || 'none'})`,
				`answer times of the 200s: p50 ${load.percentile(okTimes, 50)} ms, p95 ${load.percentile(okTimes, 95)} ms, max ${okTimes[okTimes.length - 1]} ms (Braintree waits 30,000 ms)`,
				`${right}/${BRAINTREE_DEVICES} SIMs LIVE before any reconcile`,
			].join('\n');
		});

		/* ---------- 2. what the mapper's store sees in queue mode ---------- */
		await check('static data in queue mode: a repeated event is not recognised by the worker that runs it (what Confirm With Gateway is for)', async () => {
			const [life] = fleetLives([spare[0]], { tag: 's', names: ['first payment'] });
			const { evt } = life.events.find((e) => e.evt.type === 'invoice.paid');
			const wfId = IDS.confirmOff;
			const before = (await stack.executions(wfId)).length;
			for (let k = 1; k <= 2; k++) {
				const r = await load.postStripe(urls.off, evt, STRIPE_TIMEOUT_MS);
				assert.equal(r.status, 200);
				await waitFor(async () => (await stack.executions(wfId)).filter((x) => x.status === 'success').length >= before + k, 30000, 'execution');
			}
			const [second] = await stack.executions(wfId); // newest first
			const ex = await stack.main.getExecution(second.id);
			const out = ex.data.resultData.runData['Payment Status Mapper'][0].data.main;
			const branch = ['Activate', 'Suspend', 'No Action'][out.findIndex((o) => o && o.length)];
			const staticData = stack.pg.query(`select coalesce("staticData"::text, 'null') from workflow_entity where id = '${wfId}'`);
			return `the same event id twice, 1 s apart: the second went to "${branch}"${branch === 'No Action' ? ' (recognised)' : ' (not recognised as a repeat)'}; workflow static data in PostgreSQL: ${staticData.slice(0, 120)}`;
		});

		await check('n8n\'s deduplication helpers (database-backed) are shared by the workers: a repeat is recognised whichever worker runs it', async () => {
			const passes = (r, id) => r.status === 200 && r.text.includes(id);
			const post = (id) => e2e.request('POST', dedupeUrl, { body: { id }, timeoutMs: 30000 });
			const seq = [];
			for (let k = 0; k < 6; k++) seq.push(passes(await post('evt_seq_1'), 'evt_seq_1'));
			assert.deepEqual(seq, [true, false, false, false, false, false], `sequential copies passing: ${JSON.stringify(seq)}`);
			// which worker ran which execution: each worker logs the executions it starts
			const ids = (await stack.executions(DEDUPE_PROBE.id)).map((x) => String(x.id));
			const ranBy = stack.workers.map((w) => ids.filter((id) => new RegExp(`execution ${id}\\b`).test(w.output())).length);
			const concurrent = await Promise.all(Array.from({ length: 10 }, () => post('evt_par_1')));
			const passed = concurrent.filter((r) => passes(r, 'evt_par_1')).length;
			assert.ok(concurrent.every((r) => r.status === 200), 'a concurrent copy failed');
			return `6 copies one after another, run by the workers ${ranBy.join(' + ')}: 1 passed, 5 recognised; 10 copies at once: ${passed} passed`;
		});

		/* ---------- 3. the Stripe template under load and faults ---------- */
		const figures = {};
		const phase = async (label, sims, url, wfId, tag) => {
			const lives = fleetLives(sims, { tag, names: LIVES });
			const devices = lives.map((l) => l.iccid);
			const deliveries = load.plan(lives, { seed: SEED, dupShare: 0.2 });
			// every life has happened: the gateway holds their end, the deliveries are late and in any order
			setGatewayTruth(stack.stripeStandIn, lives);
			const since = Date.now();
			const before = new Set((await stack.executions(wfId)).map((x) => x.id));
			let replaced;
			let killed = 0;
			const kill = Math.floor(deliveries.length / 2);
			log(`     ${label}: ${deliveries.length} deliveries (${deliveries.filter((d) => d.duplicate).length} duplicates) for ${devices.length} devices`);
			const run = await load.deliver(deliveries, {
				url,
				rate: RATE,
				timeoutMs: STRIPE_TIMEOUT_MS,
				at: async (j) => {
					if (j === kill) {
						killed = await stack.killWorker(0, { whileBusy: 10000 });
						replaced = stack.replaceWorker(0);
					}
				},
				log: (m) => log(`     ${m}`),
			});
			await replaced;
			const accepted = run.attempts.filter((a) => a.status >= 200 && a.status < 300).length;
			const settled = await settle(stack, wfId, before, accepted);
			const lost = accepted - settled.success; // answered 2xx, and the work was not done
			const beforeReconcile = load.devicesRight(sim, lives);
			const webhookCalls = load.actionCalls(sim, devices, since).length;
			const reconcileFrom = Date.now();
			const rec = await stack.executeReconcile();
			// a failed reconcile is a figure of this run (its devices stay wrong), not a crash of the run
			const recError = rec.code === 0 ? null : (rec.output.match(/^.*(Error|error):.*$/m) || [`exit ${rec.code}`])[0].trim();
			const reconcileCalls = load.actionCalls(sim, devices, reconcileFrom).length;
			const after = load.devicesRight(sim, lives);
			const f = {
				devices: devices.length,
				deliveries: deliveries.length,
				sendMs: run.sendMs,
				notAnswered: run.attempts.filter((a) => a.round === 0 && !(a.status >= 200 && a.status < 300)).length,
				accepted,
				lost,
				crashed: settled.other,
				rightBefore: beforeReconcile.right,
				rightAfter: after.right,
				wrongAfter: after.wrong,
				webhookCalls,
				reconcileCalls,
				minimum: devices.length,
				reconcileMs: rec.ms,
				reconcileError: recError,
			};
			figures[label] = f;
			log(
				[
					`     ${label}: sent in ${secs(f.sendMs)}; worker 1 killed halfway while running ${killed} execution(s); ${f.notAnswered} got an error or no answer (redelivered); ${accepted} answered 2xx`,
					`       deliveries lost before the reconcile: ${lost} (answered 2xx, execution did not succeed: ${JSON.stringify(settled.byStatus)})`,
					`       devices right before the reconcile: ${f.rightBefore}/${f.devices}; after one reconcile (${secs(rec.ms)}${recError ? `, which FAILED: ${recError}` : ''}): ${f.rightAfter}/${f.devices}`,
					`       wrong before the reconcile, by life: ${byLife(beforeReconcile.wrong)}`,
					`       wrong after the reconcile, by life: ${byLife(after.wrong)}`,
					`       1oT action calls: ${webhookCalls} from webhooks + ${reconcileCalls} from the reconcile, minimum ${f.minimum} (one per device, from ON/TEST to its final state)`,
				].join('\n'),
			);
			return f;
		};

		if (confirms) {
			await check(`stripe, Confirm With Gateway on: ${DEVICES} devices, shuffled, 20 % duplicates, worker killed halfway, reconcile once → ${DEVICES}/${DEVICES} right`, async () => {
				const f = await phase('confirm on', on, urls.on, IDS.confirmOn, 'C');
				assert.equal(f.reconcileError, null, 'the reconcile failed');
				assert.equal(f.rightAfter, DEVICES, `wrong after the reconcile: ${JSON.stringify(f.wrongAfter.slice(0, 8))}`);
			});
		} else {
			log(`skip stripe with Confirm With Gateway on: this build's Payment Status Mapper has no confirmWithGateway`);
		}
		await check(`stripe, Confirm With Gateway off: the same run, figures printed (not asserted)`, async () => {
			const f = await phase('confirm off', off, urls.off, IDS.confirmOff, 'N');
			assert.ok(f.deliveries > DEVICES, 'nothing was delivered');
		});

		const peaks = stack.memoryPeaks();
		log(`peak memory (process group, MB): ${Object.entries(peaks).map(([k, v]) => `${k} ${Math.round(v / 1048576)}`).join(', ')}`);
	} finally {
		await stack.stop();
	}
	const failed = results.filter((r) => !r.ok).length;
	log(`queue mode run: ${secs(Date.now() - t0)}`);
	log(`${results.length - failed} passed, ${failed} failed`);
	return failed || !results.length ? 1 : 0;
}

function byLife(wrong) {
	const by = {};
	for (const w of wrong) by[w.life] = (by[w.life] || 0) + 1;
	return Object.keys(by).length ? Object.entries(by).map(([k, n]) => `${k} ${n}`).join(', ') : 'none';
}

async function waitFor(fn, timeoutMs, what) {
	const until = Date.now() + timeoutMs;
	while (!(await fn())) {
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 300));
	}
}

/**
 * Waits until the executions started by this phase have all ended, or are stuck with a dead worker: an execution
 * still "running" after 30 s is counted as lost (a delivery here runs in well under a second). Returns counts.
 */
async function settle(stack, wfId, before, accepted, { timeoutMs = Math.max(180000, accepted * 300) } = {}) {
	const until = Date.now() + timeoutMs;
	let last = '';
	let stableSince = Date.now();
	for (;;) {
		const mine = (await stack.executions(wfId)).filter((x) => !before.has(x.id));
		const now = Date.now();
		const busy = mine.filter((x) => ['new', 'running', 'waiting'].includes(x.status) && now - Date.parse(x.startedAt || x.createdAt || now) < 30000);
		const sig = `${mine.length}:${busy.length}`;
		if (sig !== last) {
			last = sig;
			stableSince = now;
		}
		// every accepted delivery has an execution (or the queue lost it); nothing young is still running
		if (!busy.length && (mine.length >= accepted || now - stableSince > 10000)) {
			const byStatus = {};
			for (const x of mine) if (x.status !== 'success') byStatus[x.status] = (byStatus[x.status] || 0) + 1;
			const success = mine.length - Object.values(byStatus).reduce((a, b) => a + b, 0);
			if (mine.length < accepted) byStatus["not listed (left with the killed worker)"] = accepted - mine.length;
			return { success, other: mine.length - success, byStatus };
		}
		if (now > until) throw new Error(`executions did not settle in ${timeoutMs} ms (${mine.length} seen, ${busy.length} busy)`);
		await new Promise((r) => setTimeout(r, 1000));
	}
}

main().then(
	(code) => process.exit(code),
	(e) => {
		process.stderr.write(`${e.stack || e.message}\n`);
		process.exit(1);
	},
);
