// The load run's own parts (test/queue/lives.js, load.js): what it delivers and what it counts as right must be
// right itself, or its figures mean nothing.
const fc = require('fast-check');
const { buildLives, LIVES } = require('./lives');
const { plan, gatewayClock, devicesRight } = require('./load');

const iccids = (n) => Array.from({ length: n }, (_, i) => `89883030000000${String(i).padStart(5, '0')}`);

test('every life ends where its subscriptions say: live while one is active or past due, else suspended', () => {
	const lives = buildLives(iccids(Object.keys(LIVES).length), { now: 1_800_000_000 });
	const expected = Object.fromEntries(lives.map((l) => [l.life, l.expected]));
	expect(expected).toEqual({
		firstPayment: 'live',
		renewal: 'live',
		graceThenRecovery: 'live',
		unpaid: 'suspended',
		cancel: 'suspended',
		planChange: 'live',
		checkoutAfterPayment: 'live',
		cancelAtPeriodEnd: 'live',
		twoSubscriptions: 'live',
	});
	for (const l of lives) {
		// events carry the device and come in the order Stripe generated them
		const created = l.events.map((e) => e.evt.created);
		expect([...created].sort((a, b) => a - b)).toEqual(created);
		expect(JSON.stringify(l.events.map((e) => e.evt))).toContain(l.iccid);
	}
	expect(lives.find((l) => l.life === 'twoSubscriptions').subscriptions.map((s) => s.status)).toEqual(['canceled', 'active']);
});

test('a plan holds every event once, plus the share of duplicates (same event id), in a shuffled order', () => {
	fc.assert(
		fc.property(fc.integer({ min: 1, max: 60 }), fc.integer(), fc.constantFrom(0, 0.2, 0.5), (n, seed, dupShare) => {
			const lives = buildLives(iccids(n), { now: 1_800_000_000 });
			const events = lives.flatMap((l) => l.events.map((e) => e.evt.id));
			const p = plan(lives, { seed, dupShare });
			expect(p).toHaveLength(events.length + Math.round(events.length * dupShare));
			expect(new Set(p.map((d) => d.evt.id))).toEqual(new Set(events));
			const dups = p.filter((d) => d.duplicate);
			expect(dups).toHaveLength(Math.round(events.length * dupShare));
			expect(new Set(dups.map((d) => d.evt.id)).size).toBe(dups.length); // a duplicate is sent twice, not more
			expect(plan(lives, { seed, dupShare }).map((d) => d.evt.id)).toEqual(p.map((d) => d.evt.id)); // repeatable
		}),
		{ numRuns: 60 },
	);
});

test('the gateway stand-in only moves forward, and ends at every subscription\'s final state whatever the order', () => {
	fc.assert(
		fc.property(fc.integer({ min: 1, max: 30 }), fc.integer(), (n, seed) => {
			const lives = buildLives(iccids(n), { now: 1_800_000_000 });
			let seen = [];
			const clock = gatewayClock((_, all) => (seen = all));
			for (const d of plan(lives, { seed })) clock.advance(d.life, d.index, d.subscription);
			const final = lives.flatMap((l) => l.subscriptions);
			expect(new Map(seen.map((s) => [s.id, s.status]))).toEqual(new Map(final.map((s) => [s.id, s.status])));
		}),
		{ numRuns: 60 },
	);
	const [life] = buildLives(iccids(5), { now: 1_800_000_000 }).filter((l) => l.life === 'cancel');
	const clock = gatewayClock(() => {});
	clock.advance(life, 1, life.events[1].subscription);
	clock.advance(life, 0, life.events[0].subscription); // a late "paid" does not undo the cancellation
	expect(clock.subscriptions().map((s) => s.status)).toEqual(['canceled']);
});

test('devices right: live ⇔ ON/LIVE, after PENDING settles', () => {
	const lives = [
		{ iccid: 'a', life: 'x', expected: 'live' },
		{ iccid: 'b', life: 'x', expected: 'suspended' },
		{ iccid: 'c', life: 'x', expected: 'suspended' },
		{ iccid: 'd', life: 'x', expected: 'live' },
	];
	let settled = false;
	const sim = {
		settleAll: () => (settled = true),
		states: () => ({ a: { primary: 'ON', secondary: 'LIVE' }, b: { primary: 'OFF', secondary: 'OFF' }, c: { primary: 'ON', secondary: 'LIVE' }, d: { primary: 'ON', secondary: 'TEST' } }),
	};
	const r = devicesRight(sim, lives);
	expect(settled).toBe(true);
	expect(r.right).toBe(2);
	expect(r.wrong.map((w) => [w.iccid, w.status])).toEqual([
		['c', 'ON/LIVE'],
		['d', 'ON/TEST'],
	]);
});
