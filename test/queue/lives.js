'use strict';
/*
 * The subscription lives of the mapper's order test (test/mapper/fixtures/lives.js: Stripe's own event shapes, each
 * life with the end state it calls for), one per device of a fleet: each copy gets its own ids (events, subscriptions,
 * invoices, disputes, customer) and the device's own ICCID or IMEI, and its times moved so that it ends a day ago.
 *
 *   const lives = fleetLives(sims, { tag });  // [{ iccid, life, events, subscriptions, expected }]
 */
const { lives: templateLives, EXPECTED } = require('../mapper/fixtures/lives');

const DAY = 86400;
// Unix times in seconds of the fixtures' years; shifted as one, so every interval within a life stays the same
const IS_TIME = (v) => Number.isInteger(v) && v > 1.5e9 && v < 2.2e9;

/** Deep copy with every time moved by `delta` seconds. */
function shifted(value, delta) {
	if (Array.isArray(value)) return value.map((v) => shifted(v, delta));
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shifted(v, delta)]));
	return IS_TIME(value) ? value + delta : value;
}

/** The ids a life names (events, subscriptions, invoices, disputes), longest first so none is a prefix of another's replacement. */
function idsOf(life) {
	const ids = new Set(life.events.map((e) => e.id));
	for (const kind of ['subscriptions', 'disputes', 'invoices']) for (const id of Object.keys(life.truth[kind])) ids.add(id);
	for (const p of life.truth.invoicePayments) ids.add(p.invoice);
	return [...ids].sort((a, b) => b.length - a.length);
}

/**
 * One life: its events and final objects with ids suffixed by `suffix`, the device replaced by `sim`'s ICCID (or
 * IMEI, for a life keyed by IMEI), ending a day before `now`.
 */
function instantiate(life, sim, suffix, now) {
	let text = JSON.stringify({ events: life.events, truth: life.truth });
	for (const id of idsOf(life)) text = text.replace(new RegExp(`(?<![A-Za-z0-9])${id}(?![A-Za-z0-9_])`, 'g'), `${id}_${suffix}`);
	text = text.replace(/"cus_LIFE"/g, `"cus_LIFE_${suffix}"`);
	if (life.device.iccid) text = text.replace(new RegExp(`"${life.device.iccid}"`, 'g'), `"${sim.iccid}"`);
	if (life.device.imei) text = text.replace(new RegExp(`"${life.device.imei}"`, 'g'), `"${sim.imei}"`);
	const { events, truth } = JSON.parse(text);
	const delta = now - DAY - life.events[life.events.length - 1].created;
	return { events: shifted(events, delta), truth: shifted(truth, delta) };
}

/**
 * One life per SIM (`{ iccid, imei }`), cycling through the lives. Disputes carry the device in their metadata
 * (`withDeviceOnDispute`), so the store alone can place them.
 */
function fleetLives(sims, { tag = 'q', now = Math.floor(Date.now() / 1000), names } = {}) {
	const templates = templateLives({ withDeviceOnDispute: true }).filter((l) => !names || names.includes(l.name));
	return sims.map((sim, i) => {
		const life = templates[i % templates.length];
		const { events, truth } = instantiate(life, sim, `${tag}${i}`, now);
		return { iccid: sim.iccid, life: life.name, events: events.map((evt) => ({ evt })), subscriptions: Object.values(truth.subscriptions), truth, expected: EXPECTED[life.name] };
	});
}

module.exports = { fleetLives, instantiate };
