'use strict';
/*
 * The E-Bikes story, told against a running stack (scripts/e2e/stack.js): real webhooks into a real n8n, the SIM's
 * state read back from the 1oT Terminal simulator after each step.
 *
 *   const { runStory } = require('./story');
 *   const { ok } = await runStory(stack, { out: ui });   // ui: see scripts/demo/ui.js
 *
 * 1. bike-005 is sold: Stripe's first `invoice.paid`          → SIM OFF → LIVE (activate)
 * 2. next month's renewal is paid (`invoice.paid`)            → nothing to do: a status read, no action
 * 3. the next renewal fails (`invoice.payment_failed`)        → nothing yet: Stripe retries (grace)
 *    Stripe gives up (`customer.subscription.updated`, unpaid) → SIM SUSPENDED (suspend)
 * 4. bike-001 leaves its country (a 1oT Terminal push)        → SIM SUSPENDED, the operator's API is told
 *
 * Stripe events are built with the fixture builders of the tests and signed with the `stripe` SDK exactly as
 * Stripe signs them (Stripe-Signature header); the Terminal push carries the webhook credential's header secret.
 */
const stripeFixtures = require('../../test/mapper/fixtures/stripe');
const { DEMO_FLEET } = require('../../simulator');

const DAY = 86400;
// A demo value: the local stand-in of the Stripe Trigger does not check it (n8n's real Stripe Trigger does).
const STRIPE_WEBHOOK_SECRET = 'whsec_demo_not_a_real_secret';

const bike = (name) => DEMO_FLEET.find((b) => b.name === name);
const status = (s) => (s ? `${s.primary}/${s.secondary}` : 'unknown');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A 1oT call that changes a SIM (reads such as get_sims change nothing). */
function isActionCall(call) {
	return ['activate', 'resume', 'suspend', 'deactivate'].includes(call);
}

/** The 1oT API calls the simulator saw since the last reset, token requests left out: "get_sims, activate". */
function apiCalls(sim) {
	return sim
		.requests()
		.filter((r) => !r.path.includes('oauth/token'))
		.map((r) => r.path.replace(/^\/v1\//, ''));
}

/** The first item a node put out, and on which output (the Mapper has three). */
function nodeOutput(execution, nodeName) {
	const runs = execution && execution.data && execution.data.resultData && execution.data.resultData.runData && execution.data.resultData.runData[nodeName];
	if (!runs || !runs.length) return null;
	const outputs = (runs[runs.length - 1].data && runs[runs.length - 1].data.main) || [];
	for (let i = 0; i < outputs.length; i++) {
		if (outputs[i] && outputs[i].length) return { output: i, json: outputs[i][0].json };
	}
	return null;
}

async function runStory(stack, { out }) {
	const { sim, n8n, urls, workflowIds } = stack;
	const stripeWf = workflowIds['stripe-subscriptions-to-sim'];
	const guardWf = workflowIds['terminal-alerts-guard'];
	const seen = { [stripeWf]: (await stack.executions(stripeWf)).length, [guardWf]: (await stack.executions(guardWf)).length };
	let failures = 0;

	/** Waits for the execution a webhook started and returns it with its data. */
	async function lastExecution(workflowId) {
		seen[workflowId] += 1;
		const list = await stack.waitForExecutions(workflowId, seen[workflowId], { timeoutMs: 60000 });
		return n8n.getExecution(list[0].id);
	}

	async function postStripe(evt) {
		const { payload, header } = stripeFixtures.signedDelivery(evt, { secret: STRIPE_WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) });
		const res = await n8n.request('POST', urls.stripe.slice(n8n.baseUrl.length), {
			headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
			body: payload,
		});
		out.detail(`POST ${evt.type} (${evt.id}, Stripe-Signature) → HTTP ${res.status}`);
		if (res.status !== 200) throw new Error(`the Stripe webhook answered ${res.status}: ${res.text.slice(0, 200)}`);
		return lastExecution(stripeWf);
	}

	/** Prints what the Mapper decided and why; returns the decision. */
	function decision(execution) {
		const m = nodeOutput(execution, 'Payment Status Mapper');
		if (!m) return null;
		const label = ['Activate', 'Suspend', 'No Action'][m.output] || `output ${m.output}`;
		out.detail(`Payment Status Mapper → ${label}: ${m.json.reason || m.json.action}`);
		return m.json;
	}

	/** Checks one step's outcome; prints ✓ or ✗. */
	function expect(ok, text, why) {
		if (ok) out.ok(text);
		else {
			failures++;
			out.fail(`${text}${why ? ` — ${why}` : ''}`);
		}
	}

	function checkExecution(execution) {
		if (execution.status && execution.status !== 'success') {
			failures++;
			out.fail(`the execution ended with status "${execution.status}" (see it in the editor: ${n8n.baseUrl}/workflow/${execution.workflowId}/executions/${execution.id})`);
			return false;
		}
		return true;
	}

	// Monthly periods, relative to today: the first started two months ago, the second a month ago, the third yesterday.
	const now = Math.floor(Date.now() / 1000);
	const month = [now - 61 * DAY, now - 31 * DAY, now - DAY];
	let created = now - 100 * 60;
	const event = (type, object, extra) => stripeFixtures.event(type, object, { created: (created += 60), ...extra });

	const b5 = bike('bike-005');
	const meta = { iccid: b5.iccid };
	const subId = 'sub_1DemoBike005000000000001';
	const customer = 'cus_DemoRider0005';
	const invoice = (o) => stripeFixtures.invoice({ metadata: meta, subscriptionId: subId, customer, ...o });
	const sub = (st) => stripeFixtures.subscription({ id: subId, customer, status: st, metadata: meta, periodStart: month[2] });
	// The template's mapper confirms every event with Stripe's API (Confirm With Gateway): the stand-in plays Stripe,
	// so at each step it holds the subscription as Stripe would hold it when the event is delivered.
	const stripeHolds = (st) => stack.stripeStandIn.putSubscription(sub(st));

	/* 1. first payment */
	out.step(1, `${b5.name} is sold: its first invoice (9.00 EUR) is paid at Stripe`);
	let before = sim.getSim(b5.iccid).status;
	sim.resetRequests();
	stripeHolds('active');
	let ex = await postStripe(event('invoice.paid', invoice({ billingReason: 'subscription_create', periodStart: month[0] })));
	if (checkExecution(ex)) {
		decision(ex);
		out.detail(`1oT API calls: ${apiCalls(sim).join(', ') || 'none'}`);
		const after = sim.states()[b5.iccid];
		expect(after.secondary === 'LIVE', `${b5.name} SIM ${b5.iccid}: ${status(before)} → ${status(after)}`, 'expected LIVE');
	}

	/* 2. renewal while live */
	out.step(2, `a month later the renewal is paid`);
	before = sim.states()[b5.iccid];
	sim.resetRequests();
	stripeHolds('active');
	ex = await postStripe(event('invoice.paid', invoice({ periodStart: month[1] })));
	if (checkExecution(ex)) {
		decision(ex);
		const calls = apiCalls(sim);
		const set = nodeOutput(ex, 'SIM → LIVE');
		out.detail(`1oT API calls: ${calls.join(', ') || 'none'} (Set State: ${set && set.json.action === null ? 'already LIVE, no action' : JSON.stringify(set && set.json.action)})`);
		const after = sim.states()[b5.iccid];
		const noAction = !calls.some(isActionCall);
		expect(noAction && after.secondary === 'LIVE', `nothing to do: ${b5.name} stays ${status(after)}, no 1oT action call`, `calls: ${calls.join(', ')}`);
	}

	/* 3. renewal fails, then Stripe gives up */
	out.step(3, `the next renewal fails, Stripe retries, then gives up`);
	sim.resetRequests();
	stripeHolds('past_due');
	ex = await postStripe(event('invoice.payment_failed', invoice({ status: 'open', periodStart: month[2], nextPaymentAttempt: now + 3 * DAY })));
	if (checkExecution(ex)) {
		decision(ex);
		const calls = apiCalls(sim);
		// in grace the mapper still says Activate (the device is wanted live), so Set State reads the SIM and finds
		// nothing to do: a read, never an action call
		out.detail(`1oT API calls: ${calls.join(', ') || 'none'}`);
		const noAction = !calls.some(isActionCall);
		expect(noAction && sim.states()[b5.iccid].secondary === 'LIVE', `payment failed: grace while Stripe retries, ${b5.name} stays LIVE, no 1oT action call`, `calls: ${calls.join(', ')}`);
	}
	before = sim.states()[b5.iccid];
	sim.resetRequests();
	stripeHolds('unpaid');
	ex = await postStripe(event('customer.subscription.updated', sub('unpaid'), { previousAttributes: { status: 'past_due' } }));
	if (checkExecution(ex)) {
		decision(ex);
		out.detail(`1oT API calls: ${apiCalls(sim).join(', ') || 'none'}`);
		const after = sim.states()[b5.iccid];
		expect(after.secondary === 'SUSPENDED', `${b5.name} SIM: ${status(before)} → ${status(after)}`, 'expected SUSPENDED');
	}

	/* 4. the Terminal: a bike leaves its country */
	const b1 = bike('bike-001');
	out.step(4, `${b1.name} leaves its country: the 1oT Terminal pushes an alert`);
	before = sim.states()[b1.iccid];
	sim.resetRequests();
	sim.resetOperatorCalls();
	const secret = stack.credentials.terminalWebhook;
	const push = { trigger: 'Device outside its deployment country', iccid: b1.iccid, imei: b1.imei, country: 'CHE', timestamp: new Date().toISOString() };
	const res = await n8n.request('POST', urls.terminal.slice(n8n.baseUrl.length), { headers: { [secret.headerName]: secret.headerValue }, body: push });
	out.detail(`POST "${push.trigger}" (${secret.headerName} header) → HTTP ${res.status}`);
	if (res.status !== 200) throw new Error(`the 1oT Terminal Trigger answered ${res.status}: ${res.text.slice(0, 200)}`);
	ex = await lastExecution(guardWf);
	if (checkExecution(ex)) {
		const trig = nodeOutput(ex, '1oT Terminal Trigger');
		if (trig) out.detail(`1oT Terminal Trigger → event ${trig.json.event}, country ${trig.json.country}`);
		out.detail(`1oT API calls: ${apiCalls(sim).join(', ') || 'none'}`);
		const after = sim.states()[b1.iccid];
		expect(after.secondary === 'SUSPENDED', `${b1.name} SIM ${b1.iccid}: ${status(before)} → ${status(after)}`, 'expected SUSPENDED');
		let calls = sim.operatorCalls();
		for (let i = 0; !calls.length && i < 20; i++) {
			await sleep(100);
			calls = sim.operatorCalls();
		}
		const call = calls[calls.length - 1];
		if (call) {
			const b = call.body || {};
			out.detail(`operator API: ${call.method} ${call.path} ${JSON.stringify({ event: b.event, iccid: b.iccid, country: b.country, action: b.action, status: b.status })}`);
		}
		expect(Boolean(call), 'the operator was notified', 'no call reached the operator API stand-in');
	}

	return { ok: failures === 0, failures };
}

module.exports = { runStory, STRIPE_WEBHOOK_SECRET, apiCalls, nodeOutput };
