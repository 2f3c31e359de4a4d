// Shared set-up for tests of the 1oT Terminal node: a simulator, credentials pointing at it, and a
// workflow Manual Trigger (items pinned) → 1oT Terminal.
const { startSimulator } = require('../../simulator');
const { manualWorkflow } = require('./engine');

/** The credential data a user would enter, pointing at the simulator. */
function credentialsFor(sim) {
	return {
		oneOtTerminalApi: {
			username: sim.credentials.username,
			password: sim.credentials.password,
			baseUrl: sim.baseUrl,
		},
	};
}

/**
 * Manual Trigger with `items` pinned → "1oT Terminal" with `parameters`. Identifier parameters default
 * to expressions reading the item, as users wire them.
 */
function terminalWorkflow(parameters, items, { continueOnFail = false } = {}) {
	return manualWorkflow(
		[
			{
				name: '1oT Terminal',
				type: 'oneOtTerminal',
				parameters: { iccid: '={{ $json.iccid }}', imei: '={{ $json.imei }}', eid: '={{ $json.eid }}', ...parameters },
				continueOnFail,
				...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
			},
		],
		{ pinItems: items },
	);
}

module.exports = { startSimulator, credentialsFor, terminalWorkflow };
