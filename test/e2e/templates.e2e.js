#!/usr/bin/env node
'use strict';
/*
 * The templates end to end in a REAL n8n: the packed package installed like a community package, the four
 * templates from workflows/ imported with credentials filled in and published (scripts/e2e/stack.js), then Stripe,
 * Braintree and the 1oT Terminal are played against the production webhook URLs, and the SIMs are checked in the
 * 1oT simulator. One `n8n start` per version serves every webhook check; the nightly reconcile runs through
 * `n8n execute --id` beside it.
 *
 * Local stand-ins (see stack.js): the Stripe Trigger registers its endpoint with Stripe's API on publish, which
 * cannot run offline, so n8n's Webhook node takes its place under the same name; it does not check
 * Stripe-Signature (the deliveries are still signed with the stripe SDK, as Stripe would). The reconcile lists
 * subscriptions from a Stripe-API stand-in, started by a Manual Trigger instead of its schedule.
 *
 *   node test/e2e/templates.e2e.js [version ...]
 *     versions: default N8N_E2E_VERSIONS (comma-separated) or every version installed in the e2e cache
 *   E2E_KEEP_TEMP=1   keep the temporary user folders
 *
 * Expects dist/ to be built. One line per check, then per-version results and `N passed, N failed`.
 */
const crypto = require('node:crypto');
const assert = require('node:assert/strict');

const braintree = require('braintree');
const e2e = require('../../scripts/e2e/n8n');
const { startStack, BRAINTREE_KEYS, TERMINAL_WEBHOOK, CREDENTIALS, adaptTemplate, readTemplate, credentialTypesByNode, productionUrl, waitForWebhooks } = require('../../scripts/e2e/stack');
const { runSuite, runChecks, secs } = require('../../scripts/e2e/suite');
const stripeFx = require('../mapper/fixtures/stripe');

const BIKE = {
	b1: '8988303000000000010', // ON/LIVE
	b2: '8988303000000000028', // ON/LIVE
	b3: '8988303000000000036', // ON/LIVE
	b4: '8988303000000000044', // ON/SUSPENDED
	b5: '8988303000000000051', // OFF/OFF
};
const DAY = 86400;

const log = (m) => process.stderr.write(`[templates] ${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* ---------------- helpers bound to one stack ---------------- */
function helpers(stack) {
	const { sim, urls, workflowIds: ids } = stack;
	const state = (iccid) => {
		const s = sim.states()[iccid];
		return s ? `${s.primary}/${s.secondary}` : 'missing';
	};
	const counts = {};
	const execs = async (name) => stack.executions(ids[name]);
	/** Waits for the next execution of a template and asserts it succeeded; returns it. */
	const nextExecution = async (name) => {
		counts[name] = (counts[name] || 0) + 1;
		const list = await stack.waitForExecutions(ids[name], counts[name]);
		assert.equal(list.length, counts[name], `${name}: ${list.length} executions, expected ${counts[name]}`);
		const newest = list.reduce((a, b) => (Number(b.id) > Number(a.id) ? b : a));
		assert.equal(newest.status, 'success', `${name}: execution ${newest.id} is ${newest.status}`);
		return newest;
	};
	/** Gives n8n a moment, then asserts that no execution was started. */
	const noExecution = async (name) => {
		await sleep(1500);
		const list = await execs(name);
		assert.equal(list.length, counts[name] || 0, `${name}: ${list.length} executions, expected still ${counts[name] || 0}`);
	};
	const ranNodes = async (execution) => {
		const full = await stack.n8n.getExecution(execution.id);
		return Object.keys((full.data && full.data.resultData && full.data.resultData.runData) || {});
	};
	const puts = () => sim.requests().filter((r) => r.method === 'PUT');
	return { state, execs, nextExecution, noExecution, ranNodes, puts, urls, ids, sim };
}

/* ---------------- the checks ---------------- */
function stripeChecks(stack, h) {
	const iccid = BIKE.b5; // OFF/OFF until the first payment
	const subId = 'sub_E2Ebike005';
	// A realistic timeline in the past: sign-up 70 days ago, one renewal, the next renewal fails (past_due, then
	// unpaid yesterday), canceled an hour ago; the mapper's stale guard compares events and paid periods.
	const now = Math.floor(Date.now() / 1000);
	const meta = { iccid };
	const sub = (status, periodStart, extra = {}) => stripeFx.subscription({ id: subId, customer: 'cus_E2Ebike005', status, metadata: meta, periodStart, ...extra });
	const post = async (evt) => {
		const d = stripeFx.signedDelivery(evt);
		return e2e.request('POST', h.urls.stripe, { headers: { 'content-type': 'application/json', 'stripe-signature': d.header, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' }, body: d.payload });
	};
	const deliver = async (evt) => {
		const r = await post(evt);
		assert.equal(r.status, 200, `Stripe delivery answered ${r.status} ${r.text.slice(0, 200)}`);
		return h.nextExecution('stripe-subscriptions-to-sim');
	};
	const paid = stripeFx.event('invoice.paid', stripeFx.invoice({ subscriptionId: subId, customer: 'cus_E2Ebike005', metadata: meta, billingReason: 'subscription_create', periodStart: now - 70 * DAY }), { created: now - 70 * DAY });
	const mapperOut = async (ex) => {
		const full = await stack.n8n.getExecution(ex.id);
		const outs = full.data.resultData.runData['Payment Status Mapper'][0].data.main;
		return outs.flatMap((o) => (o || []).map((i) => i.json));
	};

	return [
		['stripe: invoice.paid (first invoice, signed with the stripe SDK) → SIM LIVE', async () => {
			assert.equal(h.state(iccid), 'OFF/OFF');
			stack.stripeStandIn.putSubscription(sub('active', now - 70 * DAY)); // what Confirm With Gateway reads
			await deliver(paid);
			assert.equal(h.state(iccid), 'ON/LIVE');
			return `bike-005 OFF/OFF → ${h.state(iccid)}`;
		}],
		['stripe: renewal (invoice.paid, subscription_cycle) → no 1oT action call', async () => {
			h.sim.resetRequests();
			const renewal = stripeFx.event('invoice.paid', stripeFx.invoice({ subscriptionId: subId, customer: 'cus_E2Ebike005', metadata: meta, periodStart: now - 40 * DAY }), { created: now - 40 * DAY });
			await deliver(renewal);
			assert.equal(h.puts().length, 0, `PUTs: ${JSON.stringify(h.puts())}`);
			assert.ok(h.sim.requests().some((r) => r.path === '/v1/get_sims' || r.path === '/v1/get_sim'), 'setState should have read the SIM');
			return `${h.sim.requests().length} read(s), 0 PUT; still ${h.state(iccid)}`;
		}],
		['stripe: gateway gives up (customer.subscription.updated → unpaid) → SIM SUSPENDED', async () => {
			stack.stripeStandIn.putSubscription(sub('unpaid', now - 10 * DAY));
			await deliver(stripeFx.event('customer.subscription.updated', sub('unpaid', now - 10 * DAY), { created: now - DAY, previousAttributes: { status: 'past_due' } }));
			assert.equal(h.state(iccid), 'ON/SUSPENDED');
			return `bike-005 → ${h.state(iccid)}`;
		}],
		['stripe: customer.subscription.deleted → stays SUSPENDED', async () => {
			stack.stripeStandIn.putSubscription(sub('canceled', now - 10 * DAY, { canceledAt: now - 3600, endedAt: now - 3600 }));
			await deliver(stripeFx.event('customer.subscription.deleted', sub('canceled', now - 10 * DAY, { canceledAt: now - 3600, endedAt: now - 3600 }), { created: now - 3600 }));
			assert.equal(h.state(iccid), 'ON/SUSPENDED');
			return h.state(iccid);
		}],
		['stripe: late stale event (older updated → active after deleted) → still SUSPENDED (Confirm With Gateway: Stripe says canceled)', async () => {
			h.sim.resetRequests();
			const ex = await deliver(stripeFx.event('customer.subscription.updated', sub('active', now - 70 * DAY), { created: now - 45 * DAY, previousAttributes: { status: 'incomplete' } }));
			assert.equal(h.state(iccid), 'ON/SUSPENDED');
			assert.equal(h.puts().length, 0, 'no action call');
			const ran = await h.ranNodes(ex);
			assert.ok(!ran.includes('SIM → LIVE'), `ran: ${ran.join(', ')}`);
			const [out] = await mapperOut(ex);
			assert.equal(out.action, 'suspend');
			assert.match(out.reason, /The gateway says now: subscription \S+ is "canceled"\. Suspend the SIM\.$/);
			assert.ok(stack.stripeStandIn.requests().some((r) => r.path === `/v1/subscriptions/${subId}`), 'the mapper read the subscription from the stand-in');
			return `${h.state(iccid)}; mapper: "${out.reason}"`;
		}],
		['stripe: redelivery of the first invoice.paid (same event id) → dropped, still SUSPENDED', async () => {
			h.sim.resetRequests();
			const ex = await deliver(paid);
			assert.equal(h.state(iccid), 'ON/SUSPENDED');
			assert.equal(h.puts().length, 0, 'no action call');
			const ran = await h.ranNodes(ex);
			assert.ok(!ran.includes('SIM → LIVE'), `ran: ${ran.join(', ')}`);
			const [out] = await mapperOut(ex);
			assert.equal(out.action, 'none');
			assert.equal(out.reason, 'Duplicate delivery: this event was already processed. No action.');
			return `mapper: "${out.reason}"`;
		}],
	];
}

function braintreeChecks(stack, h) {
	const gateway = new braintree.BraintreeGateway({ environment: braintree.Environment.Sandbox, merchantId: BRAINTREE_KEYS.merchantId, publicKey: BRAINTREE_KEYS.publicKey, privateKey: BRAINTREE_KEYS.privateKey });
	// same public key, another private key: a notification that names our key but is not signed with it
	const forger = new braintree.BraintreeGateway({ environment: braintree.Environment.Sandbox, merchantId: BRAINTREE_KEYS.merchantId, publicKey: BRAINTREE_KEYS.publicKey, privateKey: 'not_the_private_key_0000' });
	const post = (n) =>
		e2e.request('POST', h.urls.braintree, {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ bt_signature: n.bt_signature, bt_payload: n.bt_payload }).toString(),
		});
	const deliver = async (n) => {
		const r = await post(n);
		assert.equal(r.status, 200, `Braintree delivery answered ${r.status} ${r.text.slice(0, 200)}`);
		return h.nextExecution('braintree-subscriptions-to-sim');
	};
	const iccid = BIKE.b4; // ON/SUSPENDED
	const btSubscription = (status) =>
		stack.braintreeStandIn.putSubscription({ id: `iccid-${iccid}`, status, planId: 'bike-monthly', paidThroughDate: '2099-01-01', currentBillingCycle: 2, statusHistory: [], transactions: [] });
	return [
		['braintree: GET bt_challenge answered (publicKey|HMAC, as the braintree SDK computes it)', async () => {
			const challenge = crypto.randomBytes(10).toString('hex');
			const r = await e2e.request('GET', `${h.urls.braintree}?bt_challenge=${challenge}`);
			assert.equal(r.status, 200);
			assert.equal(r.text, gateway.webhookNotification.verify(challenge));
			await h.noExecution('braintree-subscriptions-to-sim');
			return `${r.text.slice(0, 40)}…, no execution`;
		}],
		['braintree: subscription_went_active (signed with the braintree SDK, form fields) → SIM LIVE', async () => {
			assert.equal(h.state(iccid), 'ON/SUSPENDED');
			btSubscription('Active'); // what Confirm With Gateway reads
			await deliver(await gateway.webhookTesting.sampleNotification('subscription_went_active', `iccid-${iccid}`));
			assert.equal(h.state(iccid), 'ON/LIVE');
			return `bike-004 ON/SUSPENDED → ${h.state(iccid)}`;
		}],
		['braintree: subscription_canceled → SIM SUSPENDED', async () => {
			btSubscription('Canceled');
			await deliver(await gateway.webhookTesting.sampleNotification('subscription_canceled', `iccid-${iccid}`));
			assert.equal(h.state(iccid), 'ON/SUSPENDED');
			return `bike-004 → ${h.state(iccid)}`;
		}],
		['braintree: forged notification (wrong signature) → 403, no execution, no SIM changed', async () => {
			const before = JSON.stringify(h.sim.states());
			h.sim.resetRequests();
			const r = await post(await forger.webhookTesting.sampleNotification('subscription_canceled', `iccid-${BIKE.b1}`));
			assert.equal(r.status, 403, `answered ${r.status} ${r.text.slice(0, 200)}`);
			await h.noExecution('braintree-subscriptions-to-sim');
			assert.equal(JSON.stringify(h.sim.states()), before, 'SIM states changed');
			assert.equal(h.sim.requests().length, 0, 'the 1oT API was called');
			return `403; bike-001 still ${h.state(BIKE.b1)}`;
		}],
	];
}

function terminalChecks(stack, h) {
	const iccid = BIKE.b2; // ON/LIVE
	const push = (body, headers = { [TERMINAL_WEBHOOK.headerName]: TERMINAL_WEBHOOK.headerValue }) =>
		e2e.request('POST', h.urls.terminal, { headers: { 'content-type': 'application/json', ...headers }, body });
	return [
		['terminal: data overuse push (JSON, header secret) → SIM SUSPENDED, operator API notified', async () => {
			h.sim.resetOperatorCalls();
			const r = await push({ trigger: 'Data limit exceeded (500 MB)', iccid, timestamp: Date.now() });
			assert.equal(r.status, 200, `answered ${r.status} ${r.text.slice(0, 200)}`);
			await h.nextExecution('terminal-alerts-guard');
			assert.equal(h.state(iccid), 'ON/SUSPENDED');
			const calls = h.sim.operatorCalls();
			assert.equal(calls.length, 1, `operator calls: ${JSON.stringify(calls)}`);
			assert.equal(calls[0].method, 'POST');
			assert.equal(calls[0].body.iccid, iccid);
			assert.equal(calls[0].body.event, 'dataUsage');
			assert.equal(calls[0].body.changed, true);
			return `bike-002 ON/LIVE → ${h.state(iccid)}; operator got ${calls[0].method} ${calls[0].path} {event: ${calls[0].body.event}, action: ${calls[0].body.action}}`;
		}],
		['terminal: push without the secret → 401, no execution, nothing changed', async () => {
			const before = JSON.stringify(h.sim.states());
			const r = await push({ trigger: 'Data limit exceeded (500 MB)', iccid: BIKE.b3 }, {});
			assert.equal(r.status, 401, `answered ${r.status}`);
			await h.noExecution('terminal-alerts-guard');
			assert.equal(JSON.stringify(h.sim.states()), before);
			assert.equal(h.sim.operatorCalls().length, 1, 'operator API called again');
			return `401; bike-003 still ${h.state(BIKE.b3)}`;
		}],
	];
}

/**
 * A template carries no fixed webhookId: each import gets its own from the editor (n8n-workflow's
 * resolveNodeWebhookId, which adaptTemplate calls the same way), so two users (here: two imports into one n8n) get
 * two URLs, and a push to one starts only its own copy. Created through the public API, as a saved import.
 */
function importChecks(stack) {
	return [
		['templates: the guard imported twice → two webhook URLs, each starts only its own copy (no fixed webhookId)', async () => {
			const raw = readTemplate('terminal-alerts-guard');
			assert.ok(raw.nodes.every((n) => n.webhookId === undefined), 'the template fixes a webhookId');
			const trigger = raw.nodes.find((n) => n.type === 'n8n-nodes-1ot.oneOtTerminalTrigger');
			assert.ok(trigger.credentials && trigger.credentials.oneOtTerminalWebhookApi, 'the guard template does not name the webhook credential');
			const ids = [];
			for (const n of [1, 2]) {
				// the credentials a user picks, and the operator URL pointed at the simulator (adaptTemplate)
				const wf = adaptTemplate('terminal-alerts-guard', raw, { sim: stack.sim, stripeStandIn: stack.stripeStandIn, credTypes: credentialTypesByNode() });
				const created = await stack.n8n.api('POST', '/workflows', { body: { name: `${raw.name} (import ${n})`, nodes: wf.nodes, connections: wf.connections, settings: { saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' } } });
				ids.push(created.id);
			}
			for (const id of ids) await stack.n8n.api('POST', `/workflows/${id}/activate`);
			const saved = await Promise.all(ids.map((id) => stack.n8n.api('GET', `/workflows/${id}`)));
			const urls = saved.map((wf) => productionUrl(stack.n8n.baseUrl, wf.nodes.find((x) => x.name === trigger.name)));
			assert.notEqual(urls[0], urls[1]);
			assert.ok(!urls.includes(stack.urls.terminal), 'an import shares the URL of the first one');
			for (const url of urls) await waitForWebhooks({ terminal: url });
			for (const [i, url] of urls.entries()) {
				const r = await e2e.request('POST', url, { headers: { 'content-type': 'application/json', [TERMINAL_WEBHOOK.headerName]: TERMINAL_WEBHOOK.headerValue }, body: { trigger: 'Something new', iccid: BIKE.b1 } });
				assert.equal(r.status, 200, `import ${i + 1} answered ${r.status} ${r.text.slice(0, 200)}`);
				await stack.waitForExecutions(ids[i], 1);
			}
			const counts = await Promise.all(ids.map(async (id) => (await stack.executions(id)).length));
			assert.deepEqual(counts, [1, 1], 'each push started one execution of its own copy');
			return urls.map((u) => new URL(u).pathname).join(' ≠ ');
		}],
	];
}

function reconcileChecks(stack, h) {
	const now = Math.floor(Date.now() / 1000);
	const extra = h.sim.iccids().filter((i) => !Object.values(BIKE).includes(i));
	// [simulator state before, subscription status, expected after]
	const plan = [
		['OFF/OFF', 'active', 'ON/LIVE'],
		['ON/SUSPENDED', 'active', 'ON/LIVE'],
		['ON/LIVE', 'unpaid', 'ON/SUSPENDED'],
		['ON/LIVE', 'canceled', 'ON/SUSPENDED'],
		['ON/LIVE', 'active', 'ON/LIVE'],
		['ON/TEST', 'trialing', 'ON/LIVE'],
		['ON/SUSPENDED', 'unpaid', 'ON/SUSPENDED'],
	].map(([from, status, to], i) => ({ iccid: extra[i], from, status, to }));
	const subs = plan.map((p, i) =>
		stripeFx.subscription({
			id: `sub_E2Erecon${String(i).padStart(3, '0')}`,
			customer: `cus_E2Erecon${i}`,
			status: p.status,
			metadata: { iccid: p.iccid },
			periodStart: now - 2 * DAY,
			...(p.status === 'canceled' ? { canceledAt: now - DAY, endedAt: now - DAY } : {}),
			...(p.status === 'trialing' ? { trialStart: now - 2 * DAY, trialEnd: now + 12 * DAY } : {}),
		}),
	);
	subs.splice(3, 0, stripeFx.subscription({ id: 'sub_E2EreconNoSim', status: 'active', metadata: {} })); // no device: ignored
	const run = async () => {
		const r = await stack.executeReconcile();
		const why = `\n${r.output.trim().split('\n').slice(-25).join('\n')}`;
		assert.equal(r.code, 0, `n8n execute exit ${r.code}${why}`);
		assert.ok(r.result, `no execution JSON${why}`);
		assert.equal(r.result.status || (r.result.finished ? 'success' : undefined), 'success', why);
		return r;
	};
	return [
		['reconcile: drifted fleet (Stripe lists active/unpaid/canceled/trialing) converges in one `n8n execute`', async () => {
			for (const p of plan) {
				const [primary, secondary] = p.from.split('/');
				h.sim.setStatus(p.iccid, primary, secondary);
			}
			stack.stripeStandIn.setSubscriptions(subs);
			stack.stripeStandIn.resetRequests();
			h.sim.resetRequests();
			const r = await run();
			const wrong = plan.filter((p) => h.state(p.iccid) !== p.to).map((p) => `${p.iccid} (${p.status}): ${p.from} → ${h.state(p.iccid)}, expected ${p.to}`);
			assert.deepEqual(wrong, []);
			const pages = stack.stripeStandIn.requests();
			assert.equal(pages.length, Math.ceil(subs.length / 2), `Stripe list pages: ${JSON.stringify(pages.map((x) => x.query))}`);
			assert.ok(pages.slice(1).every((x) => x.query.starting_after), 'pages after the first use starting_after');
			const changed = plan.filter((p) => p.from !== p.to).length;
			return `${changed} of ${plan.length} SIMs changed, ${subs.length} subscriptions in ${pages.length} pages, ${h.puts().length} PUT(s); execute ${secs(r.ms)}`;
		}],
		['reconcile: second run → no 1oT action call', async () => {
			h.sim.resetRequests();
			const r = await run();
			assert.equal(h.puts().length, 0, `PUTs: ${JSON.stringify(h.puts())}`);
			assert.deepEqual(plan.filter((p) => h.state(p.iccid) !== p.to), []);
			return `${h.sim.requests().length} read(s), 0 PUT; execute ${secs(r.ms)}`;
		}],
	];
}

/* ---------------- the credential's Test button ---------------- */
/** What the editor's "Test" button does for a 1oT Terminal API credential: the token grant, then the test call. */
function credentialChecks(stack) {
	const test = async (password) => {
		const base = stack.n8n.baseUrl;
		const login = await e2e.request('POST', `${base}/rest/login`, {
			body: { emailOrLdapLoginId: stack.login.email, email: stack.login.email, password: stack.login.password },
		});
		assert.equal(login.status, 200, `login: ${login.status}`);
		const cookie = [].concat(login.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
		const { id, name } = CREDENTIALS.oneOtTerminalApi;
		const data = { username: stack.sim.credentials.username, password, baseUrl: stack.sim.baseUrl };
		const r = await e2e.request('POST', `${base}/rest/credentials/test`, {
			headers: { cookie },
			body: { credentials: { id, name, type: 'oneOtTerminalApi', data } },
		});
		assert.equal(r.status, 200, `credentials/test: ${r.status} ${r.text.slice(0, 200)}`);
		return JSON.parse(r.text).data;
	};
	return [
		['1oT Terminal API credential: Test succeeds against the simulator', async () => {
			const result = await test(stack.sim.credentials.password);
			assert.equal(result.status, 'OK', JSON.stringify(result));
			return result.message;
		}],
		['1oT Terminal API credential: a wrong password fails with a clear message and no secret in it', async () => {
			const wrong = 'wrong-Passw0rd-e2e';
			const result = await test(wrong);
			assert.equal(result.status, 'Error', JSON.stringify(result));
			assert.match(result.message, /refused the username or password/);
			assert.ok(!JSON.stringify(result).includes(wrong), 'the password appears in the answer');
			return result.message;
		}],
	];
}

/* ---------------- one version ---------------- */
async function runVersion(version, tarball, line) {
	const rt = e2e.runtime(version);
	const t0 = Date.now();
	let stack;
	let failed = 0;
	try {
		stack = await startStack({ version, tarball, fleet: { count: 20, seed: 3, demo: true }, log: (m) => log(`${version}: ${m}`) });
		const n = stack.notes.filter((x) => /Stripe Trigger|stand-in|Manual Trigger/.test(x));
		for (const note of n) process.stdout.write(`NOTE [${version}] ${note}\n`);
		line(true, 'stack: package installed, credentials + 4 templates imported, 3 published, webhooks answer', `install ${secs(stack.timings.install)}, import ${secs(stack.timings.import)}, start ${secs(stack.timings.start)}, publish ${secs(stack.timings.publish)}`, Date.now() - t0);
	} catch (e) {
		line(false, 'stack starts', e.message);
		if (stack) await stack.stop();
		return { ok: false, node: rt.nodeVersion };
	}
	try {
		const h = helpers(stack);
		const checks = [
			...credentialChecks(stack),
			...stripeChecks(stack, h),
			...braintreeChecks(stack, h),
			...terminalChecks(stack, h),
			...reconcileChecks(stack, h),
			...importChecks(stack),
		];
		failed = await runChecks(checks, line);
	} finally {
		await stack.stop();
	}
	return { ok: failed === 0, node: rt.nodeVersion };
}

runSuite({ log, runVersion });
