/**
 * The two workflows the bench compares, as an n8n user would build them.
 *
 * package:  Manual Trigger (the items) → 1oT Terminal, SIM › Set State, ICCID {{ $json.iccid }},
 *           State {{ $json.state }}, default options.
 * baseline: Manual Trigger (the items) → HTTP Request GET /get_sim?iccid=… → HTTP Request PUT /<action>?iccid=…,
 *           both with the 1oT Terminal API credential as "Predefined Credential Type". The PUT's URL picks the
 *           action from the status the GET returned (the same decision table, written as an expression), so it
 *           is one status GET and one action PUT per SIM. For a SIM already in its state it sends the action
 *           whose target is the current state (the API accepts it and changes nothing): without a Code or IF
 *           node there is no way to send "nothing", and the Code node needs n8n's task runner.
 */
const { manualWorkflow } = require('../../test/helpers/engine');

const TRIGGER = 'Manual Trigger';

function packageWorkflow(items, pkg, options = {}) {
	return manualWorkflow(
		[
			{
				name: '1oT Terminal',
				type: 'oneOtTerminal',
				parameters: {
					resource: 'sim',
					operation: 'setState',
					identifyBy: 'iccid',
					iccid: '={{ $json.iccid }}',
					state: '={{ $json.state }}',
					options,
				},
			},
		],
		{ pinItems: items, package: pkg },
	);
}

function getManyWorkflow(pkg) {
	return manualWorkflow(
		[{ name: '1oT Terminal', type: 'oneOtTerminal', parameters: { resource: 'sim', operation: 'getMany', returnAll: true } }],
		{ pinItems: [{}], package: pkg },
	);
}

/** setState with the SIMs named by IMEI: the node lists the account once to build its IMEI index. */
function imeiWorkflow(items, pkg) {
	return manualWorkflow(
		[
			{
				name: '1oT Terminal',
				type: 'oneOtTerminal',
				parameters: { resource: 'sim', operation: 'setState', identifyBy: 'imei', imei: '={{ $json.imei }}', state: '={{ $json.state }}' },
			},
		],
		{ pinItems: items, package: pkg },
	);
}

const ACTION_EXPRESSION =
	`($('${TRIGGER}').item.json.state === 'live'` +
	` ? ($json.status.primary === 'OFF' || $json.status.secondary === 'TEST' ? 'activate' : 'resume')` +
	` : $('${TRIGGER}').item.json.state === 'suspended'` +
	` ? ($json.status.primary === 'OFF' ? 'deactivate' : 'suspend')` +
	` : 'deactivate')`;

/**
 * @param {object} batching null: the node's default (every item's request at once); else `{ batchSize, batchInterval }`
 *   (n8n's Options › Batching: Items per Batch, Batch Interval in ms).
 */
function baselineWorkflow(items, pkg, baseUrl, batching) {
	const http = (name, method, url) => ({
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		// "On Error: Continue": a refused request becomes an error item and the run goes on, so the bench can
		// count what ended wrong. (The default, "Stop Workflow", would stop at the first 429 and change nothing.)
		onError: 'continueRegularOutput',
		credentials: { oneOtTerminalApi: { id: 'oneOtTerminalApi', name: '1oT Terminal account' } },
		parameters: {
			method,
			url,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'oneOtTerminalApi',
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'iccid', value: '={{ $json.iccid }}' }] },
			options: batching ? { batching: { batch: { batchSize: batching.batchSize, batchInterval: batching.batchInterval } } } : {},
		},
	});
	return manualWorkflow(
		[http('Get status', 'GET', `${baseUrl}/get_sim`), http('Set state', 'PUT', `={{ '${baseUrl}/' + ${ACTION_EXPRESSION} }}`)],
		{ pinItems: items, package: pkg },
	);
}

module.exports = { TRIGGER, packageWorkflow, getManyWorkflow, imeiWorkflow, baselineWorkflow };
