'use strict';
/**
 * Deterministic SIM fleets for the 1oT Terminal simulator.
 *
 * Every identifier is a string of digits (20-digit ICCIDs exceed 2^53, so they are never numbers).
 * ICCIDs use the `8988…` test range, IMSIs the `00101…` test network, EIDs the `89049032…` test body.
 *
 * @module simulator/fleet
 */

/** Fields of a SIM object as the 1oT API returns it. */
const SIM_FIELDS = ['iccid', 'eid', 'group', 'type', 'form', 'data_limit', 'name', 'msisdn', 'imei', 'imsi', 'apn'];

/** Default share of each status in a generated fleet (keys are `PRIMARY/SECONDARY`). */
const DEFAULT_STATUS_MIX = Object.freeze({
	'ON/LIVE': 0.8,
	'ON/SUSPENDED': 0.08,
	'OFF/OFF': 0.07,
	'ON/TEST': 0.05,
});

/** The same for the current dialect, which has no ON/SUSPENDED and keeps new SIMs in ON/ACTIVE_READY. */
const DEFAULT_STATUS_MIX_CURRENT = Object.freeze({
	'ON/LIVE': 0.8,
	'ON/ACTIVE_READY': 0.08,
	'OFF/OFF': 0.07,
	'ON/TEST': 0.05,
});

/** Default groups of a generated fleet. */
const DEFAULT_GROUPS = Object.freeze(['e-bikes-eu', 'e-bikes-us', 'scooters-eu', 'trackers-nordics', 'gateways']);

/** Type allocation codes (first 8 digits of an IMEI) of common IoT modules. */
const TACS = ['35913108', '86769503', '35162909', '86437001', '35473510', '86108205'];

const DATA_LIMITS = [50, 100, 250, 500, 1024, 2048];

/** eSIM profiles the simulated account offers (`get_available_profiles`). */
const ESIM_PROFILES = Object.freeze(['1oT-Global', '1oT-EU', '1oT-NA']);

/**
 * mulberry32: a small, fast, seeded PRNG returning floats in [0, 1).
 * @param {number} seed
 * @returns {() => number}
 */
function prng(seed) {
	let a = seed >>> 0;
	return function next() {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * FNV-1a 32-bit hash of a string (used to derive stable per-SIM values such as sessions and diagnostics).
 * @param {string} text
 * @returns {number} unsigned 32-bit integer
 */
function hash32(text) {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/**
 * Luhn check digit for a string of digits (the digit to append).
 * @param {string} digits
 * @returns {string}
 */
function luhnDigit(digits) {
	let sum = 0;
	let double = true;
	for (let i = digits.length - 1; i >= 0; i--) {
		let d = digits.charCodeAt(i) - 48;
		if (double) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
		double = !double;
	}
	return String((10 - (sum % 10)) % 10);
}

/**
 * Whether a string of digits ends with a valid Luhn check digit.
 * @param {string} digits
 * @returns {boolean}
 */
function luhnValid(digits) {
	return /^\d+$/.test(digits) && luhnDigit(digits.slice(0, -1)) === digits.slice(-1);
}

/** @param {() => number} rnd @param {number} n */
function randomDigits(rnd, n) {
	let s = '';
	while (s.length < n) s += String(Math.floor(rnd() * 1e9)).padStart(9, '0');
	return s.slice(0, n);
}

/**
 * The named demo fleet of "E-Bikes Ltd": five bikes with fixed identifiers, used by the demo and the docs.
 * bike-001..003 are ON/LIVE, bike-004 is ON/SUSPENDED (a customer who stopped paying), bike-005 is OFF.
 * @type {ReadonlyArray<object>}
 */
const DEMO_FLEET = Object.freeze(
	[
		['8988303000000000010', '359131080000011', 'bike-001', 'ON', 'LIVE'],
		['8988303000000000028', '359131080000029', 'bike-002', 'ON', 'LIVE'],
		['8988303000000000036', '359131080000037', 'bike-003', 'ON', 'LIVE'],
		['8988303000000000044', '359131080000045', 'bike-004', 'ON', 'SUSPENDED'],
		['8988303000000000051', '359131080000052', 'bike-005', 'OFF', 'OFF'],
	].map(([iccid, imei, name, primary, secondary], i) =>
		Object.freeze({
			iccid,
			group: 'e-bikes-eu',
			type: 'UICC',
			form: '2/3/4FF industrial',
			data_limit: 500,
			name,
			msisdn: `37250000${String(i + 1).padStart(3, '0')}`,
			imei,
			imsi: `00101000000000${i + 1}`,
			apn: 'iot.1ot.mobi',
			status: Object.freeze({ primary, secondary }),
		}),
	),
);

/**
 * A deep copy of the demo fleet (safe to hand to `startSimulator({ fleet })`).
 * @returns {object[]}
 */
function demoFleet() {
	return DEMO_FLEET.map((s) => ({ ...s, status: { ...s.status } }));
}

/**
 * @typedef {object} FleetOptions
 * @property {number} [count=100] number of SIMs (including the demo bikes when `demo` is true)
 * @property {number} [seed=1] PRNG seed: the same options always give the same fleet
 * @property {Object<string, number>} [statusMix] weights per `PRIMARY/SECONDARY`, e.g. `{ 'ON/LIVE': 9, 'OFF/OFF': 1 }`
 * @property {string[]} [groups] group names the SIMs are spread over
 * @property {19|20|'mixed'} [iccidLength='mixed'] ICCID length; `mixed` makes about one in ten 20 digits long
 * @property {number} [esimShare=0.05] share of eSIMs (type `esim`, with an `eid` and profiles)
 * @property {boolean} [demo=false] start the fleet with the five E-Bikes Ltd demo bikes
 * @property {'legacy'|'current'} [dialect='legacy'] picks the default status mix (DEFAULT_STATUS_MIX_CURRENT for current)
 */

/**
 * Creates a deterministic fleet of SIM objects.
 * ICCIDs are unique, in the `8988…` test range and end with a Luhn digit; IMEIs are unique, 15 digits, Luhn-valid.
 * @param {FleetOptions} [options]
 * @returns {object[]} SIM objects `{iccid, eid?, group, type, form, data_limit, name, msisdn, imei, imsi, apn, status}`
 */
function createFleet(options = {}) {
	const count = options.count === undefined ? 100 : Number(options.count);
	if (!Number.isInteger(count) || count < 0) throw new TypeError('createFleet: count must be a non-negative integer');
	const seed = options.seed === undefined ? 1 : Number(options.seed);
	const rnd = prng(hash32(`fleet:${seed}`));
	const groups = options.groups && options.groups.length ? options.groups.map(String) : DEFAULT_GROUPS;
	const iccidLength = options.iccidLength === undefined ? 'mixed' : options.iccidLength;
	if (![19, 20, 'mixed'].includes(iccidLength)) throw new TypeError("createFleet: iccidLength must be 19, 20 or 'mixed'");
	const esimShare = options.esimShare === undefined ? 0.05 : Number(options.esimShare);

	const defaultMix = options.dialect === 'current' ? DEFAULT_STATUS_MIX_CURRENT : DEFAULT_STATUS_MIX;
	const mix = Object.entries(options.statusMix || defaultMix).map(([key, weight]) => {
		const [primary, secondary] = key.split('/');
		return { primary, secondary: secondary || (primary === 'OFF' ? 'OFF' : primary === 'DELETED' ? 'DELETED' : 'LIVE'), weight: Number(weight) };
	});
	const totalWeight = mix.reduce((a, m) => a + m.weight, 0);
	if (!(totalWeight > 0)) throw new TypeError('createFleet: statusMix needs a positive weight');

	const fleet = [];
	const iccids = new Set();
	const imeis = new Set();
	const imsis = new Set();
	if (options.demo) {
		for (const sim of demoFleet().slice(0, count)) {
			fleet.push(sim);
			iccids.add(sim.iccid);
			imeis.add(sim.imei);
			imsis.add(sim.imsi);
		}
	}

	const unique = (set, make) => {
		for (;;) {
			const v = make();
			if (!set.has(v)) {
				set.add(v);
				return v;
			}
		}
	};

	for (let i = fleet.length; i < count; i++) {
		const len = iccidLength === 'mixed' ? (rnd() < 0.1 ? 20 : 19) : iccidLength;
		// 89 (telecom) 88 (test range) + issuer digits + serial, then the Luhn digit.
		const iccid = unique(iccids, () => {
			const body = `8988${randomDigits(rnd, len - 5)}`;
			return body + luhnDigit(body);
		});
		const imei = unique(imeis, () => {
			const body = TACS[Math.floor(rnd() * TACS.length)] + randomDigits(rnd, 6);
			return body + luhnDigit(body);
		});
		const imsi = unique(imsis, () => `00101${randomDigits(rnd, 10)}`);
		let r = rnd() * totalWeight;
		let status = mix[mix.length - 1];
		for (const m of mix) {
			if (r < m.weight) {
				status = m;
				break;
			}
			r -= m.weight;
		}
		const group = groups[Math.floor(rnd() * groups.length)];
		const esim = rnd() < esimShare;
		const sim = {
			iccid,
			group,
			type: esim ? 'esim' : 'UICC',
			form: esim ? 'MFF2' : '2/3/4FF industrial',
			data_limit: DATA_LIMITS[Math.floor(rnd() * DATA_LIMITS.length)],
			name: `${group.replace(/-.*$/, '')}-${String(i + 1).padStart(6, '0')}`,
			msisdn: `3726${randomDigits(rnd, 8)}`,
			imei,
			imsi,
			apn: 'iot.1ot.mobi',
			status: { primary: status.primary, secondary: status.secondary },
		};
		if (esim) {
			sim.eid = `89049032${randomDigits(rnd, 8)}${String(i).padStart(16, '0')}`;
			sim.active_profile = ESIM_PROFILES[0];
			sim.downloaded_profiles = [ESIM_PROFILES[0]];
		}
		fleet.push(sim);
	}
	return fleet;
}

module.exports = {
	createFleet,
	demoFleet,
	DEMO_FLEET,
	DEFAULT_STATUS_MIX,
	DEFAULT_STATUS_MIX_CURRENT,
	DEFAULT_GROUPS,
	ESIM_PROFILES,
	SIM_FIELDS,
	prng,
	hash32,
	luhnDigit,
	luhnValid,
};
