// The load run's own parts (test/queue/lives.js, load.js): what it delivers and what it counts as right must be
// right itself, or its figures mean nothing.
const fc = require('fast-check');
const { fleetLives } = require('./lives');
const { lives: templateLives, EXPECTED } = require('../mapper/fixtures/lives');
const { plan, devicesRight } = require('./load');

const sims = (n) => Array.from({ length: n }, (_, i) => ({ iccid: `89883030000000${String(i).padStart(5, '0')}`, imei: `3591310800${String(i).padStart(5, '0')}` }));
const NOW = 1_800_000_000;

test('every device gets one of the order test\'s lives, with its own ids and device, ending a day ago', () => {
	const names = templateLives().map((l) => l.name);
	const lives = fleetLives(sims(2 * names.length), { now: NOW });
	expect(lives.map((l) => l.life)).toEqual([...names, ...names]);
	const seen = new Set();
	for (const [i, l] of lives.entries()) {
		expect(l.expected).toBe(EXPECTED[l.life]);
		const text = JSON.stringify(l.events);
		// the device: its own ICCID, or its own IMEI for the IMEI-keyed life; no fixture device left
		expect(text.includes(sims(2 * names.length)[i].iccid) || text.includes(sims(2 * names.length)[i].imei)).toBe(true);
		expect(text).not.toMatch(/894902000\d{11}|"35693803\d{7}"/);
		for (const e of l.events) {
			expect(seen.has(e.evt.id)).toBe(false); // no two devices share an event id (a duplicate is only a redelivery)
			seen.add(e.evt.id);
		}
		for (const s of l.subscriptions) expect(text).toContain(s.id);
		const created = l.events.map((e) => e.evt.created);
		expect([...created].sort((a, b) => a - b)).toEqual(created);
		expect(created[created.length - 1]).toBe(NOW - 86400);
	}
	// intervals within a life are kept: the renewal is still 31 days after the first payment
	const renewal = lives.find((l) => l.life === 'renewal').events.map((e) => e.evt.created);
	expect(renewal[1] - renewal[0]).toBe(templateLives()[1].events[1].created - templateLives()[1].events[0].created);
});

test('a plan holds every event once, plus the share of duplicates (same event id), in a shuffled order', () => {
	fc.assert(
		fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), fc.constantFrom(0, 0.2, 0.5), (n, seed, dupShare) => {
			const lives = fleetLives(sims(n), { now: NOW });
			const events = lives.flatMap((l) => l.events.map((e) => e.evt.id));
			const p = plan(lives, { seed, dupShare });
			expect(p).toHaveLength(events.length + Math.round(events.length * dupShare));
			expect(new Set(p.map((d) => d.evt.id))).toEqual(new Set(events));
			const dups = p.filter((d) => d.duplicate);
			expect(dups).toHaveLength(Math.round(events.length * dupShare));
			expect(new Set(dups.map((d) => d.evt.id)).size).toBe(dups.length); // a duplicate is sent twice, not more
			expect(plan(lives, { seed, dupShare }).map((d) => d.evt.id)).toEqual(p.map((d) => d.evt.id)); // repeatable
		}),
		{ numRuns: 40 },
	);
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
