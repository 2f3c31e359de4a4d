#!/usr/bin/env node
'use strict';
/*
 * n8n in queue mode on this machine, sharing nothing with the user's own services: a throwaway PostgreSQL cluster,
 * a private Redis, n8n as one main instance (editor, triggers, webhooks) plus workers (`n8n worker`) that run the
 * executions, the 1oT Terminal simulator and the Stripe-API stand-in, the templates imported and published.
 *
 *   node scripts/queue/stack.js              # starts it, prints the URLs, runs until Ctrl-C (stops everything)
 *
 *   const { startQueueStack } = require('./scripts/queue/stack');
 *   const stack = await startQueueStack({ workers: 2, log: console.error });
 *   stack.urls.stripe / .braintree           // production webhook URLs on the main instance
 *   await stack.killWorker(0);               // SIGKILL of worker 1's process group (n8n + task runner)
 *   await stack.replaceWorker(0);            // a new worker in its place (same user folder, new ports)
 *   await stack.executeReconcile();          // n8n execute --id=<nightly reconcile>
 *   await stack.stop();
 *
 * What queue mode needs, learnt the hard way (see the README's queue-mode section):
 * - every instance has its own user folder with the package installed in it (workers sharing one folder share an
 *   event log and mark each other's running executions crashed), its own N8N_PORT and N8N_RUNNERS_BROKER_PORT, and
 *   workers their own QUEUE_HEALTH_CHECK_PORT;
 * - all share the database, Redis, EXECUTIONS_MODE=queue and one N8N_ENCRYPTION_KEY (credentials are decrypted by
 *   the worker that runs the execution);
 * - import and publish run before `n8n start`, against the same database and Redis (the CLI connects to both);
 * - the task runner is a child of its n8n in the same process group: a killed worker's group is killed whole.
 * Every process is started in its own process group and stopped by its PID, also on failure and on SIGINT/SIGTERM
 * (scripts/e2e/n8n.js's exit hooks).
 */
const crypto = require('node:crypto');
const path = require('node:path');

const e2e = require('../e2e/n8n');
const install = require('../e2e/n8n-install');
const base = require('../e2e/stack');
const { startPostgres } = require('./postgres');
const { startRedis } = require('./redis');
const { watchMemory } = require('./memory');
const { startBraintreeStandIn } = require('../../simulator/gateways/braintree');

const REPO = path.resolve(__dirname, '..', '..');

/**
 * Options (all optional):
 *   version, fleet, simulatorOptions, stripe   as scripts/e2e/stack.js
 *   workers        how many workers (default 2); concurrency: jobs per worker (default 5)
 *   templates      names from workflows/ (default: Stripe, Braintree and the nightly reconcile)
 *   adapt          (workflow, name, { sim, stripeStandIn }) => workflow|workflow[]: changes the locally adapted
 *                  templates before import (return several to import variants; each needs its own 16-character id
 *                  and webhook path)
 *   credentials    more credentials to import, [{ id, name, type, data }]
 *   extraWorkflows more workflows (objects with a 16-character id) to import as they are
 *   publish        ids of workflows to publish (default: every imported workflow with a webhook trigger)
 *   env            extra env for every n8n process (e.g. QUEUE_WORKER_LOCK_DURATION)
 *   log            progress messages
 */
async function startQueueStack({
	version = '2.41.1',
	workers: workerCount = 2,
	concurrency = 5,
	fleet = { count: 20, demo: true },
	simulatorOptions = {},
	stripe = {},
	templates = ['stripe-subscriptions-to-sim', 'braintree-subscriptions-to-sim', 'nightly-reconcile'],
	adapt = (wf) => wf,
	extraWorkflows = [],
	credentials = [],
	publish,
	env: extraEnv = {},
	log = () => {},
} = {}) {
	e2e.installExitHooks();
	version = install.resolveTarget(version).version;
	const rt = e2e.runtime(version);
	base.checkDist();
	const { startSimulator } = require('../../simulator');
	const timings = {};
	const t0 = Date.now();
	const parts = { sim: null, stripeStandIn: null, braintreeStandIn: null, pg: null, redis: null, main: null, workers: [], memory: null };
	const stopAll = async () => {
		if (parts.memory) parts.memory.stop();
		// n8n first (main, then workers: nothing new is queued while workers finish), then what they used
		if (parts.main) await parts.main.stop().catch(() => {});
		await Promise.all(parts.workers.map((w) => w && w.stop().catch(() => {})));
		await Promise.all([parts.redis && parts.redis.stop().catch(() => {}), parts.pg && parts.pg.stop().catch(() => {})]);
		if (parts.sim) await parts.sim.close().catch(() => {});
		if (parts.stripeStandIn) await parts.stripeStandIn.close().catch(() => {});
		if (parts.braintreeStandIn) await parts.braintreeStandIn.close().catch(() => {});
		parts.main = parts.sim = parts.stripeStandIn = parts.braintreeStandIn = parts.pg = parts.redis = null;
		parts.workers = [];
	};
	try {
		const sim = (parts.sim = await startSimulator({ host: '127.0.0.1', port: 0, ...simulatorOptions, fleet }));
		const stripeStandIn = (parts.stripeStandIn = await base.startStripeStandIn(stripe));
		const { merchantId, publicKey, privateKey } = base.BRAINTREE_KEYS;
		const braintreeStandIn = (parts.braintreeStandIn = await startBraintreeStandIn({ merchantId, publicKey, privateKey }));
		log(`simulator ${sim.url}, Stripe-API stand-in ${stripeStandIn.url}, Braintree stand-in ${braintreeStandIn.url}`);
		// Redis first: the n8n CLI connects to it in queue mode
		[parts.pg, parts.redis] = await Promise.all([startPostgres({ log }), startRedis({ log })]);
		timings.services = Date.now() - t0;

		// one packed package, installed into every instance's own user folder
		const tarball = e2e.packRepo(REPO, e2e.makeTempDir('pack'));
		const folders = ['main', ...Array.from({ length: workerCount }, (_, i) => `worker-${i + 1}`)].map((name) => {
			const dir = e2e.makeTempDir(`queue-${name}`);
			e2e.installPackage(dir, tarball);
			return dir;
		});
		const queueEnv = {
			...parts.pg.env,
			...parts.redis.env,
			EXECUTIONS_MODE: 'queue',
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
			...extraEnv,
		};

		const credTypes = base.credentialTypesByNode();
		const notes = [];
		const workflows = [
			...templates.flatMap((name) => [].concat(adapt(base.adaptTemplate(name, base.readTemplate(name), { sim, stripeStandIn, braintreeStandIn, credTypes, notes }), name, { sim, stripeStandIn }))),
			...extraWorkflows,
		];
		for (const n of notes) log(`adapted ${n}`);
		const hasWebhook = (wf) => wf.nodes.some((n) => n.webhookId || n.type === 'n8n-nodes-base.webhook');
		const toPublish = publish || workflows.filter(hasWebhook).map((wf) => wf.id);

		let t = Date.now();
		const cli = e2e.createN8n({ version, userFolder: folders[0], env: queueEnv });
		// PostgreSQL takes these side by side (each CLI run spends most of its time starting up)
		await Promise.all([cli.importCredentials([...base.importableCredentials(sim), ...credentials]), cli.importWorkflow(workflows)]);
		await Promise.all(toPublish.map((id) => cli.publishWorkflow(id)));
		timings.import = Date.now() - t;
		log(`imported ${workflows.length} workflow(s), published ${toPublish.length} (${(timings.import / 1000).toFixed(1)}s)`);

		t = Date.now();
		const startWorker = async (i) => {
			const healthPort = await e2e.freePort();
			const w = await e2e.startN8n({
				version,
				userFolder: folders[i + 1],
				args: ['worker', `--concurrency=${concurrency}`],
				healthPort,
				env: { ...queueEnv, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort) },
			});
			w.name = `worker-${i + 1}`;
			w.healthPort = healthPort;
			return w;
		};
		const [main, ...workers] = await Promise.all([
			e2e.startN8n({ version, userFolder: folders[0], env: queueEnv }),
			...Array.from({ length: workerCount }, (_, i) => startWorker(i)),
		]);
		parts.main = main;
		parts.workers = workers;
		timings.start = Date.now() - t;
		log(`n8n ${version} (Node ${rt.node === 'node24' ? '24' : process.versions.node}) in queue mode: main ${main.baseUrl}, ${workers.length} worker(s) ×${concurrency} (${(timings.start / 1000).toFixed(1)}s)`);
		parts.memory = watchMemory(Object.fromEntries([['main', main.pid], ...workers.map((w) => [w.name, w.pid])]));

		await main.setupOwner();
		await main.createApiKey();
		const byId = Object.fromEntries(workflows.map((wf) => [wf.id, wf]));
		const urlOf = (wfId, nodeName) => {
			const node = byId[wfId] && byId[wfId].nodes.find((n) => n.name === nodeName);
			return node ? base.productionUrl(main.baseUrl, node) : undefined;
		};
		const urls = {};
		for (const wf of workflows) {
			if (!toPublish.includes(wf.id)) continue;
			if (wf.nodes.some((n) => n.name === 'Stripe Trigger')) urls[wf.id] = urlOf(wf.id, 'Stripe Trigger');
			if (wf.nodes.some((n) => n.name === 'Braintree Trigger')) urls[wf.id] = urlOf(wf.id, 'Braintree Trigger');
		}
		const firstOf = (template) => workflows.find((wf) => wf.id === base.WORKFLOW_IDS[template]);
		if (firstOf('stripe-subscriptions-to-sim')) urls.stripe = urls[base.WORKFLOW_IDS['stripe-subscriptions-to-sim']];
		if (firstOf('braintree-subscriptions-to-sim')) urls.braintree = urls[base.WORKFLOW_IDS['braintree-subscriptions-to-sim']];
		t = Date.now();
		await base.waitForWebhooks({ stripe: urls.stripe, braintree: urls.braintree }, { timeoutMs: 60000 });
		timings.webhooksReady = Date.now() - t;
		timings.total = Date.now() - t0;
		log(`webhooks answer; stack up in ${(timings.total / 1000).toFixed(1)}s`);

		const executions = async (workflowId) => {
			const all = [];
			let cursor;
			for (let page = 0; page < 200; page++) {
				const q = new URLSearchParams({ workflowId, limit: '250' });
				if (cursor) q.set('cursor', cursor);
				const r = await main.api('GET', `/executions?${q}`);
				all.push(...(r.data || []));
				cursor = r.nextCursor;
				if (!cursor) break;
			}
			return all;
		};

		return {
			version,
			pg: parts.pg,
			redis: parts.redis,
			sim,
			stripeStandIn,
			braintreeStandIn,
			main,
			get workers() {
				return parts.workers.slice();
			},
			urls,
			workflows: byId,
			userFolders: folders,
			env: queueEnv,
			timings,
			notes,
			credentials: { braintree: { ...base.BRAINTREE_KEYS } },
			/**
			 * SIGKILL of worker i's whole process group, as a machine that dies; resolves when it is gone. With
			 * `whileBusy`, first waits (up to that many ms) until the worker is running an execution, so the kill takes
			 * work with it. Resolves with how many executions it was running.
			 */
			async killWorker(i, { whileBusy = 0 } = {}) {
				const w = parts.workers[i];
				for (const until = Date.now() + whileBusy; runningOn(w) === 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
				const running = runningOn(w);
				await w.kill();
				log(`${w.name} (pgid ${w.pid}) killed while running ${running} execution(s)`);
				return running;
			},
			/** Starts a new worker in place of worker i (its user folder, new ports). Resolves when it takes jobs. */
			async replaceWorker(i) {
				const old = parts.workers[i];
				if (old && !old.exited()) await old.stop();
				const w = await startWorker(i);
				parts.workers[i] = w;
				parts.memory.add(`${w.name}′`, w.pid);
				log(`${w.name} replaced (pid ${w.pid}, ready in ${(w.startMs / 1000).toFixed(1)}s)`);
				return w;
			},
			/** `n8n execute --id=<nightly reconcile>` (the CLI runs it in its own process) → { code, result, output, ms } */
			executeReconcile(id = base.WORKFLOW_IDS['nightly-reconcile']) {
				return cli.executeWorkflow(id);
			},
			executions,
			/** Peak resident memory (bytes) of each instance's process group so far. */
			memoryPeaks: () => parts.memory.peaks(),
			/** Waits until the queue is empty: no execution of these workflows new, running or waiting. */
			async waitIdle(workflowIds, { timeoutMs = 120000 } = {}) {
				const until = Date.now() + timeoutMs;
				for (;;) {
					const lists = await Promise.all(workflowIds.map(executions));
					const busy = lists.flat().filter((x) => ['new', 'running', 'waiting'].includes(x.status)).length;
					if (!busy) return lists.flat();
					if (Date.now() > until) throw new Error(`${busy} execution(s) still busy after ${timeoutMs} ms`);
					await new Promise((r) => setTimeout(r, 500));
				}
			},
			stop: stopAll,
		};
	} catch (e) {
		await stopAll();
		throw e;
	}
}

/** Executions a worker has started and not finished, from its own log (`Worker started/finished execution N`). */
function runningOn(worker) {
	const out = worker.output();
	const count = (re) => (out.match(re) || []).length;
	return count(/Worker started execution \d+/g) - count(/Worker finished execution \d+/g);
}

module.exports = { startQueueStack, runningOn };

if (require.main === module) {
	const log = (m) => process.stderr.write(`[queue] ${m}\n`);
	startQueueStack({ log })
		.then((stack) => {
			log(`editor ${stack.main.baseUrl}/ (login ci@example.com / CiPassw0rd!)`);
			log(`Stripe webhook ${stack.urls.stripe}`);
			log(`Braintree webhook ${stack.urls.braintree}`);
			log('Ctrl-C stops every process');
			const stop = () => stack.stop().then(() => process.exit(0));
			process.once('SIGINT', stop);
			process.once('SIGTERM', stop);
		})
		.catch((e) => {
			log(e.stack || e.message);
			process.exit(1);
		});
}
