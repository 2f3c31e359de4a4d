'use strict';
/**
 * Deterministic usage data for the simulator: data sessions, monthly costs and diagnostics.
 * Nothing is stored: every value is derived from the ICCID and the day, so any range can be asked for.
 *
 * @module simulator/usage
 */
const { prng, hash32 } = require('./fleet');

const DAY_MS = 86400000;
/** Sessions are generated for at most this many days back from `to` (older ranges are clipped). */
const MAX_HISTORY_DAYS = 400;
const CURRENCY = 'EUR';
const DATA_PLAN = '1oT Global Pay-as-you-go';

/** Visited networks: home network first (most sessions), price per MB in EUR. */
const NETWORKS = [
	{ country: 'Estonia', alpha3: 'EST', operator: 'Telia EE', pricePerMb: 0.004, lat: 59.437, lon: 24.7536 },
	{ country: 'Estonia', alpha3: 'EST', operator: 'Elisa Eesti', pricePerMb: 0.004, lat: 58.378, lon: 26.729 },
	{ country: 'Germany', alpha3: 'DEU', operator: 'Telekom.de', pricePerMb: 0.006, lat: 52.52, lon: 13.405 },
	{ country: 'Netherlands', alpha3: 'NLD', operator: 'KPN', pricePerMb: 0.006, lat: 52.3676, lon: 4.9041 },
	{ country: 'Finland', alpha3: 'FIN', operator: 'Elisa FI', pricePerMb: 0.005, lat: 60.1699, lon: 24.9384 },
	{ country: 'United States', alpha3: 'USA', operator: 'AT&T', pricePerMb: 0.012, lat: 40.7128, lon: -74.006 },
];
const NETWORK_WEIGHTS = [40, 20, 15, 10, 10, 5];
const NETWORK_TOTAL = NETWORK_WEIGHTS.reduce((a, b) => a + b, 0);

const DEVICE_NAMES = ['Quectel BG96', 'u-blox SARA-R410M', 'Nordic nRF9160', 'SIMCom SIM7080G', 'Telit ME910C1'];

/** @param {() => number} rnd */
function pickNetwork(rnd) {
	let r = rnd() * NETWORK_TOTAL;
	for (let i = 0; i < NETWORKS.length; i++) {
		if (r < NETWORK_WEIGHTS[i]) return NETWORKS[i];
		r -= NETWORK_WEIGHTS[i];
	}
	return NETWORKS[0];
}

/** @param {number} value @param {number} digits */
function round(value, digits) {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

/**
 * The data sessions of one SIM that started on one UTC day (0 to 3 of them).
 * @param {string} iccid
 * @param {number} day days since the epoch (UTC)
 * @returns {{id: string, country: string, alpha3: string, operator: string, data_size: number, data_cost: number, currency: string, start_time: number}[]}
 */
function sessionsOfDay(iccid, day) {
	const h = hash32(`${iccid}:${day}`);
	const rnd = prng(h);
	const n = [0, 0, 1, 1, 2, 3][Math.floor(rnd() * 6)];
	const out = [];
	for (let i = 0; i < n; i++) {
		const net = pickNetwork(rnd);
		const size = Math.floor(rnd() * rnd() * 20 * 1048576);
		out.push({
			id: `${h.toString(16).padStart(8, '0')}${day.toString(16)}${i}`,
			country: net.country,
			alpha3: net.alpha3,
			operator: net.operator,
			data_size: size,
			data_cost: round((size / 1048576) * net.pricePerMb, 6),
			currency: CURRENCY,
			start_time: day * DAY_MS + Math.floor(rnd() * DAY_MS),
		});
	}
	out.sort((a, b) => a.start_time - b.start_time);
	return out;
}

/**
 * All sessions of a SIM with `from <= start_time <= to` (and not in the future), oldest first.
 * @param {string} iccid
 * @param {number} from epoch ms
 * @param {number} to epoch ms
 * @param {number} now epoch ms
 */
function sessionsBetween(iccid, from, to, now) {
	const end = Math.min(to, now);
	const start = Math.max(from, end - MAX_HISTORY_DAYS * DAY_MS);
	const out = [];
	if (end < start) return out;
	for (let day = Math.floor(start / DAY_MS); day <= Math.floor(end / DAY_MS); day++) {
		for (const s of sessionsOfDay(iccid, day)) if (s.start_time >= start && s.start_time <= end) out.push(s);
	}
	return out;
}

/**
 * Start (inclusive) and end (exclusive) of a UTC month in epoch ms.
 * @param {number} year
 * @param {number} month 1-12
 */
function monthRange(year, month) {
	return { from: Date.UTC(year, month - 1, 1), to: Date.UTC(year, month, 1) - 1 };
}

/**
 * Data used (bytes) and its cost by one SIM in one month, in closed form so that an account-wide balance over
 * 100,000 SIMs stays cheap. The current month counts only the part that has passed; future months are zero.
 * (Plausible, but not the exact sum of `sessionsBetween` for that month.)
 * @returns {{data_used: number, data_cost: number}}
 */
function monthUsage(iccid, year, month, now) {
	const { from, to } = monthRange(year, month);
	if (now < from) return { data_used: 0, data_cost: 0 };
	const share = now >= to ? 1 : (now - from) / (to - from);
	const rnd = prng(hash32(`month:${iccid}:${year}:${month}`));
	const used = Math.floor(rnd() * rnd() * 600 * 1048576 * share);
	const pricePerMb = 0.004 + rnd() * 0.004;
	return { data_used: used, data_cost: round((used / 1048576) * pricePerMb, 4) };
}

/**
 * A diagnostics report for a SIM (stable within an hour).
 * @param {{iccid: string, imei: string}} sim
 * @param {{primary: string, secondary: string}} status the SIM's current (settled) status
 * @param {number} now epoch ms
 */
function diagnostics(sim, status, now) {
	const rnd = prng(hash32(`diag:${sim.iccid}`));
	const net = pickNetwork(rnd);
	const hour = Math.floor(now / 3600000) * 3600000;
	const live = status.primary === 'ON' && status.secondary === 'LIVE';
	const device = DEVICE_NAMES[Math.floor(rnd() * DEVICE_NAMES.length)];
	const inSession = rnd() < 0.6;
	return {
		imei: sim.imei || null,
		deviceName: device,
		inDataSession: live && inSession,
		lastNetworkActivity: hour - Math.floor(rnd() * 3600000) - (live ? 0 : 86400000),
		lastCountry: net.country,
		lastOperator: net.operator,
		latitude: round(net.lat + (rnd() - 0.5) * 0.2, 6),
		longitude: round(net.lon + (rnd() - 0.5) * 0.2, 6),
		radius: 100 + Math.floor(rnd() * 1900),
	};
}

module.exports = {
	DAY_MS,
	MAX_HISTORY_DAYS,
	CURRENCY,
	DATA_PLAN,
	NETWORKS,
	sessionsOfDay,
	sessionsBetween,
	monthRange,
	monthUsage,
	diagnostics,
	round,
};
