'use strict';
/*
 * Delivers subscription lives to a running stack the way a payment gateway does: signed webhooks at a steady rate,
 * in a shuffled order with duplicates, answered or not; redelivers only what a gateway would (an error or no answer
 * in time), and measures what reached the SIMs. Used by test/queue/run.js (correctness under faults) and
 * bench/queue.js (throughput and latency).
 */
const e2e = require('../../scripts/e2e/n8n');
const S = require('../mapper/fixtures/stripe');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// mulberry32, the simulator's seeded PRNG, so a run can be repeated from its seed
const { prng } = require('../../simulator/fleet');

function shuffle(list, rnd) {
	for (let i = list.length - 1; i > 0; i--) {
		const j = Math.floor(rnd() * (i + 1));
		[list[i], list[j]] = [list[j], list[i]];
	}
	return list;
}

/**
 * Every event of every life once, plus `dupShare` of them a second time (the same event id, as a gateway's
 * redelivery), in a random order. Returns [{ life, index, evt, duplicate }].
 */
function plan(lives, { seed = 1, dupShare = 0.2 } = {}) {
	const rnd = prng(seed);
	const list = [];
	for (const life of lives) life.events.forEach((e, index) => list.push({ life, index, ...e, duplicate: false }));
	const originals = list.slice();
	for (const d of shuffle(originals.slice(), rnd).slice(0, Math.round(originals.length * dupShare))) list.push({ ...d, duplicate: true });
	return shuffle(list, rnd);
}

/** One Stripe delivery: the raw event signed with the stripe SDK, as Stripe posts it (a fresh `t` each time). */
function postStripe(url, evt, timeoutMs) {
	const d = S.signedDelivery(evt, { timestamp: Math.floor(Date.now() / 1000) });
	return e2e.request('POST', url, {
		headers: { 'content-type': 'application/json', 'stripe-signature': d.header, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
		body: d.payload,
		timeoutMs,
	});
}

/**
 * Sends `deliveries` to `url` at `rate` per second (each on its own schedule; answers are not waited for before the
 * next is sent, as a gateway's delivery workers do not). `at(j)` runs before delivery j is sent (fault injection).
 * A delivery that gets a non-2xx answer or none within `timeoutMs` is sent again, after the main pass, for up to
 * `retryRounds` rounds. Returns the attempts with their times and outcome.
 */
async function deliver(deliveries, { url, rate = 20, timeoutMs = 20000, post = postStripe, at = async () => {}, retryRounds = 5, retryPauseMs = 2000, log = () => {} }) {
	const attempts = [];
	const send = (d, round) => {
		const a = { d, round, sentAt: Date.now(), status: 0, answeredAt: null, error: null };
		attempts.push(a);
		return post(url, d.evt, timeoutMs).then(
			(r) => {
				a.status = r.status;
				a.answeredAt = Date.now();
				return a;
			},
			(e) => {
				a.error = e.message;
				a.answeredAt = Date.now();
				return a;
			},
		);
	};
	const t0 = Date.now();
	const inFlight = [];
	for (let j = 0; j < deliveries.length; j++) {
		await at(j);
		const due = t0 + (j * 1000) / rate;
		if (due > Date.now()) await sleep(due - Date.now());
		inFlight.push(send(deliveries[j], 0));
	}
	const sendMs = Date.now() - t0;
	let results = await Promise.all(inFlight);
	for (let round = 1; round <= retryRounds; round++) {
		const again = results.filter((a) => !(a.status >= 200 && a.status < 300));
		if (!again.length) break;
		log(`redelivering ${again.length} delivery(ies) that got ${summarize(again)} (round ${round})`);
		await sleep(retryPauseMs);
		results = await Promise.all(again.map((a) => send(a.d, round)));
	}
	return { attempts, sendMs, undelivered: results.filter((a) => !(a.status >= 200 && a.status < 300)).length };
}

function summarize(attempts) {
	const by = {};
	for (const a of attempts) {
		const k = a.status ? `HTTP ${a.status}` : 'no answer';
		by[k] = (by[k] || 0) + 1;
	}
	return Object.entries(by)
		.map(([k, n]) => `${n}× ${k}`)
		.join(', ');
}

/** 1oT state-changing calls (PUT) that name one of `iccids`, from the simulator's request log. */
function actionCalls(sim, iccids, since = 0) {
	const mine = new Set(iccids);
	return sim.requests().filter((r) => r.method === 'PUT' && r.at >= since && String((r.query && r.query.iccid) || '').split(',').some((x) => mine.has(x)));
}

/** Devices whose SIM is where their subscriptions say (live ⇔ ON/LIVE), PENDING changes settled first. */
function devicesRight(sim, lives) {
	sim.settleAll();
	const states = sim.states();
	const wrong = [];
	for (const l of lives) {
		const s = states[l.iccid];
		const live = s && s.primary === 'ON' && s.secondary === 'LIVE';
		if (live !== (l.expected === 'live')) wrong.push({ iccid: l.iccid, life: l.life, expected: l.expected, status: s && `${s.primary}/${s.secondary}` });
	}
	return { right: lives.length - wrong.length, wrong };
}

function percentile(sorted, p) {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

module.exports = { plan, deliver, postStripe, actionCalls, devicesRight, percentile, summarize, prng, shuffle };
