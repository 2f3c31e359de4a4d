/**
 * The bench's fleets and inputs: a deterministic fleet in the simulator and one input item per SIM
 * (`{iccid, state}`), of which a given share needs a state change. The rest ask for the state the SIM is
 * already in (the nightly reconcile's normal case: most SIMs are where they should be).
 */

/** No ON/TEST SIMs: TEST is not a target state, so a TEST SIM always changes and the share would drift. */
const STATUS_MIX = { 'ON/LIVE': 85, 'ON/SUSPENDED': 8, 'OFF/OFF': 7 };

const EXPECTED = {
	live: { primary: 'ON', secondary: 'LIVE' },
	suspended: { primary: 'ON', secondary: 'SUSPENDED' },
	off: { primary: 'OFF', secondary: 'OFF' },
};

// mulberry32, the simulator's seeded PRNG, so a run can be repeated from its seed
const { prng } = require('../../simulator/fleet');

function currentState(status) {
	if (status.primary === 'OFF') return 'off';
	if (status.secondary === 'SUSPENDED') return 'suspended';
	return 'live';
}

/** A state that needs an action from this status (never one the decision table answers with "nothing"). */
function changedState(status, random) {
	const now = currentState(status);
	if (now === 'live') return random() < 0.7 ? 'suspended' : 'off';
	return 'live';
}

/**
 * Input items for a fleet: exactly round(share × N) SIMs, chosen by a seeded shuffle, get a state that needs
 * a change. Returns the items (account order) and the state each SIM must end in.
 */
function buildInputs(states, iccids, share, seed = 7) {
	const random = prng(seed);
	const n = iccids.length;
	const changes = Math.round(share * n);
	const order = iccids.map((_, i) => i);
	for (let i = 0; i < changes; i++) {
		const j = i + Math.floor(random() * (n - i));
		[order[i], order[j]] = [order[j], order[i]];
	}
	const change = new Uint8Array(n);
	for (let i = 0; i < changes; i++) change[order[i]] = 1;
	const items = iccids.map((iccid, i) => {
		const status = states[iccid];
		return { iccid, state: change[i] ? changedState(status, random) : currentState(status) };
	});
	return { items, changes };
}

/** How many SIMs did not end in the state their item asked for. */
function countWrong(items, states) {
	let wrong = 0;
	for (const { iccid, state } of items) {
		const got = states[iccid];
		const want = EXPECTED[state];
		if (!got || got.primary !== want.primary || got.secondary !== want.secondary) wrong++;
	}
	return wrong;
}

module.exports = { STATUS_MIX, EXPECTED, prng, buildInputs, countWrong, currentState };
