/**
 * Runs workflows through n8n's real execution engine (n8n-core's `WorkflowExecute`, `WebhookContext`,
 * `PollContext`) in the test process, against the compiled package in `dist/`.
 *
 * API
 * ---
 * loadPackage({ extraNodes?, extraCredentials? })
 *   → { packageName, nodeTypes, credentialTypes, problems }
 *   This package's node and credential types from dist/ (package.json `n8n` block), node types named as a real
 *   install names them (`n8n-nodes-1ot.<description.name>`), plus built-in copies of `n8n-nodes-base.manualTrigger`
 *   (emits one empty item), `n8n-nodes-base.noOp` and `n8n-nodes-base.stickyNote`. Files that do not exist yet are
 *   listed in `problems`; asking for their node type throws "Unknown node type … Package files not loaded: …".
 *   `extraNodes` / `extraCredentials`: instances, classes or repo-relative paths of test fixtures (named
 *   `n8n-nodes-1ot.<name>`, or pass `{ type, nodeType }` to choose the full type name).
 *
 * runWorkflow(workflowJson, { credentials?, staticData?, mode = 'manual', startNode?, package? })
 *   → { status, error, runData, run (n8n's IRun), lastNodeExecuted,
 *       output(nodeName, outputIndex = 0, runIndex = 0) → json[] ([] when the node did not run),
 *       items(nodeName, outputIndex = 0, runIndex = 0) → full items (json, pairedItem, …),
 *       ran(nodeName) → boolean, nodeError(nodeName, runIndex = 0) → the node's error or null,
 *       executionOrder → node names in the order the engine started them,
 *       staticData, credentials, preAuthentications(type?) → count, credentialLog → [{ event, type, … }] }
 *   Builds a real `Workflow` (nodes, connections, pinData, staticData, settings) and runs it with
 *   `new WorkflowExecute(additionalData, mode).run({ workflow, startNode, pinData })`. Input items for a test come
 *   from `pinData` on the trigger node (n8n's own mechanism; `[{ json }]` or plain objects). `error` is the
 *   execution's error (an n8n `ExecutionBaseError`: `.message`, `.description`, `.node`) or null.
 *   `staticData` is the workflow static data after the run (plain object: pass it into the next call to chain
 *   runs), `credentials` the credential store after the run (tokens written by preAuthentication).
 *
 * runWebhook(workflowJson, { nodeName?, method = 'POST', webhookName?, path?, headers?, query?, body?,
 *                            rawBody?, params?, credentials?, staticData?, package? })
 *   → { statusCode, responseBody, responseHeaders, started, run (runWorkflow's result, or null), error,
 *       webhookResult, staticData, credentials }
 *   The node's webhook is chosen as n8n routes a request: by HTTP method (then `path`, if the node has several);
 *   `webhookName` (the description's `name`, e.g. 'default' or 'setup') narrows it when given. `nodeName` may be
 *   left out when the workflow has one webhook node. `headers` are lowercased; `rawBody` (Buffer or string)
 *   defaults to the JSON of `body` (null: none). A method the node does not listen to answers 404.
 *   Calls the trigger node's `webhook()` with n8n-core's `WebhookContext` and an express-like request/response,
 *   as n8n's WebhookService does; honours `noWebhookResponse`, `webhookResponse`, `workflowData` and the
 *   description's `responseCode` / `responseMode` ('onReceived' default, 'lastNode'); when `workflowData` comes
 *   back, runs the rest of the workflow in 'webhook' mode from the trigger node with that data (execution stack
 *   starting at the trigger, as n8n does). A webhook() that throws answers 500 as n8n does and starts nothing.
 *
 * runPoll(workflowJson, { nodeName?, credentials?, staticData?, package? })
 *   → { items (what poll() returned, or null), error, run, staticData, credentials }
 *   Calls the node's `poll()` with n8n-core's `PollContext` (mode 'trigger', activation 'activate'); when it returns
 *   items, runs the rest of the workflow in 'trigger' mode from the poll node with those items.
 *
 * manualWorkflow(nodes, { pinItems?, triggerName = 'Manual Trigger', name? }) → workflow JSON
 *   Manual Trigger → nodes[0] → nodes[1] … ; `pinItems` (plain objects) become the trigger's pinData. A node:
 *   `{ name, type (full, or short: 'oneOtTerminal' → 'n8n-nodes-1ot.oneOtTerminal'), parameters?,
 *   typeVersion? (latest), credentials?, from? ('Node' | { node, output }), …any INode field }`.
 * chainWorkflow(nodes, { pinData?, name? }) → the same without the manual trigger (first node is the trigger).
 *
 * Credentials (option `credentials`): `{ <credential type name>: data }`, or keyed by the id that a node names in
 * `node.credentials[type].id`. A node that declares a credential type for which the test passed data, and has no
 * `credentials` entry for it, is given one (`{ id: <type>, name: <type> }`) so tests need not write it.
 * The helper behaves like n8n's CredentialsHelper (see credentials-helper.js): a call answering 401 makes
 * n8n-core call the credential's `preAuthentication` again and retry, and the new token is stored for later calls.
 *
 * Example
 * -------
 *   const { runWorkflow, manualWorkflow } = require('../helpers/engine');
 *   const wf = manualWorkflow([{ name: 'Terminal', type: 'oneOtTerminal', parameters: { resource: 'sim', … } }],
 *     { pinItems: [{ iccid: '8937204017154390001' }] });
 *   const r = await runWorkflow(wf, { credentials: { oneOtTerminalApi: { username: 'u', password: 'p', baseUrl } } });
 *   expect(r.status).toBe('success');
 *   expect(r.output('Terminal')[0].changed).toBe(true);
 */
// n8n's logger prints every node error; keep test output quiet unless N8N_LOG_LEVEL asks for more.
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'silent';
const crypto = require('crypto');
const {
	WorkflowExecute,
	ExecutionLifecycleHooks,
	WebhookContext,
	PollContext,
} = require('n8n-core');
const { Workflow, createRunExecutionData, deepCopy, isNodeClassInstance } = require('n8n-workflow');
const { loadPackage } = require('./node-types');
const { TestCredentialsHelper } = require('./credentials-helper');

const BASE = 'http://localhost:5678';

// ---------------------------------------------------------------------------------------------------------------
// Workflow JSON builders
// ---------------------------------------------------------------------------------------------------------------

function fullTypeName(type, pkg) {
	return type.includes('.') ? type : `${pkg.packageName}.${type}`;
}

function buildNode(spec, index, pkg) {
	const rest = { ...spec };
	delete rest.from;
	const type = fullTypeName(spec.type, pkg);
	const node = {
		id: spec.id ?? crypto.randomUUID(),
		name: spec.name,
		type,
		typeVersion: spec.typeVersion ?? (pkg.nodeTypes.has(type) ? pkg.nodeTypes.latestVersion(type) : 1),
		position: spec.position ?? [index * 220, 0],
		parameters: spec.parameters ?? {},
		...rest,
	};
	node.type = type;
	if (node.parameters === undefined) node.parameters = {};
	const nodeType = pkg.nodeTypes.has(type) ? pkg.nodeTypes.getByName(type) : undefined;
	if (nodeType?.description?.webhooks?.length && node.webhookId === undefined) node.webhookId = crypto.randomUUID();
	return node;
}

/** Connects nodes in a chain (each to the previous one, output 0), or to `from` when a spec gives it. */
function chainWorkflow(nodeSpecs, { pinData, name = 'Test workflow', package: pkg = loadPackage() } = {}) {
	const nodes = nodeSpecs.map((spec, i) => buildNode(spec, i, pkg));
	const connections = {};
	nodeSpecs.forEach((spec, i) => {
		if (i === 0 && spec.from === undefined) return;
		const from = spec.from === undefined ? { node: nodes[i - 1].name, output: 0 } : spec.from;
		const source = typeof from === 'string' ? { node: from, output: 0 } : { output: 0, ...from };
		if (source.node === null) return;
		connections[source.node] ??= { main: [] };
		const main = connections[source.node].main;
		while (main.length <= source.output) main.push([]);
		main[source.output].push({ node: nodes[i].name, type: 'main', index: source.input ?? 0 });
	});
	return {
		id: 'test-workflow',
		name,
		active: false,
		nodes,
		connections,
		pinData: pinData ?? {},
		settings: { executionOrder: 'v1' },
		staticData: null,
	};
}

/** Manual Trigger → nodes… ; `pinItems` become the trigger's pinData. */
function manualWorkflow(nodeSpecs, { pinItems, triggerName = 'Manual Trigger', ...rest } = {}) {
	const specs = [{ name: triggerName, type: 'n8n-nodes-base.manualTrigger' }, ...nodeSpecs];
	const pinData = pinItems ? { [triggerName]: pinItems.map((json) => ({ json })) } : undefined;
	return chainWorkflow(specs, { pinData, ...rest });
}

// ---------------------------------------------------------------------------------------------------------------
// Environment: Workflow + additionalData + credentials helper
// ---------------------------------------------------------------------------------------------------------------

function normalizePinData(pinData) {
	if (!pinData) return undefined;
	const out = {};
	for (const [nodeName, items] of Object.entries(pinData)) {
		out[nodeName] = (Array.isArray(items) ? items : [items]).map((item) =>
			item && typeof item === 'object' && 'json' in item ? item : { json: item },
		);
	}
	return out;
}

function stripObservable(data) {
	return data === undefined || data === null ? {} : JSON.parse(JSON.stringify(data));
}

function createEnvironment(workflowJson, options, mode) {
	const pkg = options.package ?? loadPackage();
	const wfData = deepCopy(workflowJson);
	const credentialStore = deepCopy(options.credentials ?? {});

	// A clear error for unknown node types before n8n's Workflow silently skips them.
	for (const node of wfData.nodes) {
		if (!pkg.nodeTypes.has(node.type)) {
			throw pkg.nodeTypes.unknown(node.type);
		}
		node.parameters ??= {};
		node.id ??= crypto.randomUUID();
		// Credentials the test passed data for are assigned to nodes that declare them.
		const nodeType = pkg.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		for (const cred of nodeType.description.credentials ?? []) {
			if (Object.prototype.hasOwnProperty.call(credentialStore, cred.name) && !node.credentials?.[cred.name]) {
				node.credentials = { ...(node.credentials ?? {}), [cred.name]: { id: cred.name, name: cred.name } };
			}
		}
	}

	const pinData = normalizePinData(wfData.pinData);
	const staticData = deepCopy(options.staticData ?? wfData.staticData ?? {});
	const workflow = new Workflow({
		id: wfData.id ?? 'test-workflow',
		name: wfData.name ?? 'Test workflow',
		nodes: wfData.nodes,
		connections: wfData.connections ?? {},
		active: wfData.active ?? false,
		nodeTypes: pkg.nodeTypes,
		staticData,
		settings: wfData.settings ?? { executionOrder: 'v1' },
		pinData,
	});
	const credentialsHelper = new TestCredentialsHelper(pkg.credentialTypes, credentialStore);
	const workflowData = {
		id: workflow.id,
		name: workflow.name,
		active: workflow.active,
		nodes: wfData.nodes,
		connections: wfData.connections ?? {},
		settings: workflow.settings,
		staticData,
		pinData,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const executionOrder = [];
	const makeAdditionalData = (executionMode) => {
		const executionId = String(++executionCounter);
		const hooks = new ExecutionLifecycleHooks(executionMode, executionId, workflowData);
		hooks.addHandler('nodeExecuteBefore', (nodeName) => {
			executionOrder.push(nodeName);
		});
		return {
			executionId,
			credentialsHelper,
			hooks,
			executeWorkflow: async () => {
				throw new Error('Sub-workflows are not supported by the test engine');
			},
			getRunExecutionData: async () => undefined,
			restApiUrl: `${BASE}/rest`,
			instanceBaseUrl: `${BASE}/`,
			formWaitingBaseUrl: `${BASE}/form-waiting`,
			webhookBaseUrl: `${BASE}/webhook`,
			webhookWaitingBaseUrl: `${BASE}/webhook-waiting`,
			webhookTestBaseUrl: `${BASE}/webhook-test`,
			formBaseUrl: `${BASE}/form`,
			formTestBaseUrl: `${BASE}/form-test`,
			currentNodeParameters: undefined,
			executionTimeoutTimestamp: undefined,
			userId: 'test-user',
			variables: {},
			logAiEvent: () => {},
		};
	};
	return {
		pkg,
		workflow,
		workflowData,
		pinData,
		credentialsHelper,
		credentialStore,
		makeAdditionalData,
		executionOrder,
		mode,
	};
}

let executionCounter = 0;

function buildRunResult(run, env) {
	const resultData = run?.data?.resultData ?? { runData: {} };
	const runData = resultData.runData ?? {};
	const taskData = (nodeName, runIndex) => runData[nodeName]?.[runIndex];
	const items = (nodeName, outputIndex = 0, runIndex = 0) =>
		taskData(nodeName, runIndex)?.data?.main?.[outputIndex] ?? [];
	return {
		status: run?.status,
		error: resultData.error ?? null,
		runData,
		run,
		lastNodeExecuted: resultData.lastNodeExecuted,
		executionOrder: env.executionOrder.slice(),
		items,
		output: (nodeName, outputIndex = 0, runIndex = 0) => items(nodeName, outputIndex, runIndex).map((i) => i.json),
		ran: (nodeName) => Array.isArray(runData[nodeName]) && runData[nodeName].length > 0,
		nodeError: (nodeName, runIndex = 0) => taskData(nodeName, runIndex)?.error ?? null,
		staticData: stripObservable(env.workflow.staticData),
		credentials: deepCopy(env.credentialStore),
		credentialLog: env.credentialsHelper.log.slice(),
		preAuthentications: (type) => env.credentialsHelper.preAuthenticationCount(type),
	};
}

/** Runs the workflow from a node that has already produced `data` (how n8n starts webhook and poll executions). */
async function runFromTrigger(env, node, data, mode) {
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: data }, source: null }] },
		resultData: { pinData: env.pinData },
	});
	const additionalData = env.makeAdditionalData(mode);
	const execute = new WorkflowExecute(additionalData, mode, runExecutionData);
	const run = await execute.processRunExecutionData(env.workflow);
	return buildRunResult(run, env);
}

// ---------------------------------------------------------------------------------------------------------------
// runWorkflow
// ---------------------------------------------------------------------------------------------------------------

async function runWorkflow(workflowJson, options = {}) {
	const mode = options.mode ?? 'manual';
	const env = createEnvironment(workflowJson, options, mode);
	const { workflow } = env;
	let startNode;
	if (options.startNode) {
		startNode = workflow.getNode(options.startNode);
		if (!startNode) throw new Error(`No node named "${options.startNode}" in the workflow`);
	}
	const additionalData = env.makeAdditionalData(mode);
	const run = await new WorkflowExecute(additionalData, mode).run({ workflow, startNode, pinData: env.pinData });
	return buildRunResult(run, env);
}

// ---------------------------------------------------------------------------------------------------------------
// runWebhook
// ---------------------------------------------------------------------------------------------------------------

function lowerCaseKeys(headers = {}) {
	const out = {};
	for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
	return out;
}

function makeRequest({ method, headers, query, body, rawBody, params, path }) {
	const lower = lowerCaseKeys(headers);
	// rawBody: a Buffer or string; undefined = the JSON (or string) of body; null = no raw body at all.
	let raw = rawBody === null ? undefined : rawBody;
	if (rawBody === undefined && body !== undefined) {
		raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
	} else if (typeof raw === 'string') {
		raw = Buffer.from(raw);
	}
	if (raw !== undefined && lower['content-length'] === undefined) lower['content-length'] = String(raw.length);
	return {
		method,
		headers: lower,
		query: query ?? {},
		params: params ?? {},
		body: body ?? {},
		rawBody: raw,
		path: `/webhook/${path}`,
		url: `/webhook/${path}`,
		header(name) {
			return lower[String(name).toLowerCase()];
		},
		get(name) {
			return lower[String(name).toLowerCase()];
		},
	};
}

function makeResponse() {
	const state = { statusCode: 200, headers: {}, body: undefined, ended: false, writes: 0 };
	const res = {
		state,
		get headersSent() {
			return state.ended;
		},
		get statusCode() {
			return state.statusCode;
		},
		set statusCode(code) {
			state.statusCode = code;
		},
		status(code) {
			state.statusCode = code;
			return res;
		},
		sendStatus(code) {
			state.statusCode = code;
			return res.end();
		},
		setHeader(name, value) {
			state.headers[String(name).toLowerCase()] = value;
			return res;
		},
		set(name, value) {
			if (typeof name === 'object') {
				for (const [k, v] of Object.entries(name)) res.setHeader(k, v);
				return res;
			}
			return res.setHeader(name, value);
		},
		header(name, value) {
			return res.set(name, value);
		},
		getHeader(name) {
			return state.headers[String(name).toLowerCase()];
		},
		type(contentType) {
			return res.setHeader('content-type', contentType);
		},
		writeHead(code, headers) {
			state.statusCode = code;
			if (headers) res.set(headers);
			return res;
		},
		write(chunk) {
			state.body = (state.body ?? '') + chunk.toString();
			return true;
		},
		send(body) {
			if (state.ended) {
				state.writes += 1;
				return res;
			}
			if (body !== undefined && typeof body === 'object' && !Buffer.isBuffer(body)) return res.json(body);
			state.body = body === undefined ? state.body : Buffer.isBuffer(body) ? body.toString() : body;
			if (typeof body === 'string' && res.getHeader('content-type') === undefined) {
				res.setHeader('content-type', 'text/html; charset=utf-8');
			}
			return res.end();
		},
		json(body) {
			if (state.ended) {
				state.writes += 1;
				return res;
			}
			if (res.getHeader('content-type') === undefined) res.setHeader('content-type', 'application/json; charset=utf-8');
			state.body = body;
			return res.end();
		},
		end(chunk) {
			if (chunk !== undefined && !state.ended) state.body = chunk.toString();
			state.ended = true;
			state.writes += 1;
			return res;
		},
		on() {
			return res;
		},
		once() {
			return res;
		},
	};
	return res;
}

function findWebhookNode(workflow, pkg, nodeName) {
	if (nodeName) {
		const node = workflow.getNode(nodeName);
		if (!node) throw new Error(`No node named "${nodeName}" in the workflow`);
		return node;
	}
	const candidates = Object.values(workflow.nodes).filter(
		(n) => !n.disabled && pkg.nodeTypes.getByNameAndVersion(n.type, n.typeVersion).webhook,
	);
	if (candidates.length !== 1) {
		throw new Error(`Give nodeName: the workflow has ${candidates.length} webhook nodes`);
	}
	return candidates[0];
}

async function runWebhook(workflowJson, options = {}) {
	const mode = 'webhook';
	const { webhookName, method = 'POST' } = options;
	const env = createEnvironment(workflowJson, options, mode);
	const { workflow, pkg } = env;
	const node = findWebhookNode(workflow, pkg, options.nodeName);
	const nodeType = pkg.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (typeof nodeType.webhook !== 'function') throw new Error(`Node "${node.name}" (${node.type}) has no webhook()`);

	const resolve = (value, fallback) =>
		value === undefined ? fallback : workflow.expression.getSimpleParameterValue(node, value, mode, {}, undefined, fallback);
	// As n8n's webhook lookup: by HTTP method (and path); the webhook's name only narrows the choice when given.
	const all = nodeType.description.webhooks ?? [];
	const named = webhookName === undefined ? all : all.filter((w) => w.name === webhookName);
	if (!named.length) {
		throw new Error(`Node "${node.name}" has no webhook${webhookName === undefined ? '' : ` named "${webhookName}"`}`);
	}
	const pathOf = (w) => String(resolve(w.path, '') ?? '');
	const byMethod = named.filter((w) => String(resolve(w.httpMethod, 'GET')).toUpperCase() === method.toUpperCase());
	const webhookDescription =
		options.path === undefined ? byMethod[0] : byMethod.find((w) => pathOf(w) === options.path);
	const path = webhookDescription ? pathOf(webhookDescription) : options.path ?? pathOf(named[0]);

	const result = (fields) => ({
		statusCode: 200,
		responseBody: undefined,
		responseHeaders: {},
		started: false,
		run: null,
		error: null,
		webhookResult: undefined,
		staticData: stripObservable(workflow.staticData),
		credentials: deepCopy(env.credentialStore),
		...fields,
	});

	if (!webhookDescription) {
		// As n8n: a method the node does not listen to is not a registered webhook.
		return result({
			statusCode: 404,
			responseBody: { code: 404, message: `The requested webhook "${method} ${path}" is not registered.` },
		});
	}

	const req = makeRequest({ ...options, method: method.toUpperCase(), path });
	const res = makeResponse();
	const additionalData = env.makeAdditionalData(mode);
	additionalData.httpRequest = req;
	additionalData.httpResponse = res;
	const webhookData = {
		httpMethod: method.toUpperCase(),
		node: node.name,
		path,
		webhookDescription,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
		isTest: false,
	};

	let webhookResult;
	const closeFunctions = [];
	try {
		const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, closeFunctions, null);
		webhookResult = isNodeClassInstance(nodeType)
			? await nodeType.webhook(context)
			: await nodeType.webhook.call(context);
	} catch (error) {
		// As n8n's executeWebhook: the caller gets a 500 and no execution starts.
		return result({
			statusCode: 500,
			responseBody: { code: 500, message: 'Workflow Webhook Error: Workflow could not be started!' },
			error,
		});
	}

	const responseCode = Number(resolve(webhookDescription.responseCode, 200) ?? 200);
	const responseMode = resolve(webhookDescription.responseMode, 'onReceived') ?? 'onReceived';
	const respond = (data) => {
		if (res.state.ended) return;
		res.status(responseCode);
		if (typeof data === 'string' || Buffer.isBuffer(data)) res.send(data);
		else res.json(data);
	};

	if (webhookResult?.noWebhookResponse === true && !res.state.ended) {
		// n8n leaves the response to the node then; one it did not end would keep the sender waiting until it times out.
		throw new Error(`Node "${node.name}" returned noWebhookResponse without ending the response: in n8n the request would hang`);
	}
	if (webhookResult?.workflowData === undefined) {
		if (webhookResult?.webhookResponse !== undefined) respond(webhookResult.webhookResponse);
		else respond({ message: 'Webhook call received' });
		return result({
			statusCode: res.state.statusCode,
			responseBody: res.state.body,
			responseHeaders: { ...res.state.headers },
			webhookResult,
		});
	}

	if (responseMode === 'onReceived') respond(webhookResult.webhookResponse ?? { message: 'Workflow was started' });
	const run = await runFromTrigger(env, node, webhookResult.workflowData, mode);
	if (responseMode === 'lastNode' && !res.state.ended) {
		if (run.status === 'success' && run.lastNodeExecuted) {
			respond(run.output(run.lastNodeExecuted)[0] ?? {});
		} else {
			res.status(500).json({ code: 0, message: 'Workflow execution failed', error: run.error?.message });
		}
	}
	return result({
		statusCode: res.state.statusCode,
		responseBody: res.state.body,
		responseHeaders: { ...res.state.headers },
		started: true,
		run,
		webhookResult,
		staticData: run.staticData,
		credentials: run.credentials,
	});
}

// ---------------------------------------------------------------------------------------------------------------
// runPoll
// ---------------------------------------------------------------------------------------------------------------

async function runPoll(workflowJson, options = {}) {
	const mode = 'trigger';
	const env = createEnvironment(workflowJson, options, mode);
	const { workflow, pkg } = env;
	let node;
	if (options.nodeName) {
		node = workflow.getNode(options.nodeName);
		if (!node) throw new Error(`No node named "${options.nodeName}" in the workflow`);
	} else {
		const candidates = Object.values(workflow.nodes).filter(
			(n) => !n.disabled && pkg.nodeTypes.getByNameAndVersion(n.type, n.typeVersion).poll,
		);
		if (candidates.length !== 1) throw new Error(`Give nodeName: the workflow has ${candidates.length} poll nodes`);
		node = candidates[0];
	}
	const nodeType = pkg.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (typeof nodeType.poll !== 'function') throw new Error(`Node "${node.name}" (${node.type}) has no poll()`);

	const emitted = [];
	const emittedErrors = [];
	const additionalData = env.makeAdditionalData(mode);
	const context = new PollContext(
		workflow,
		node,
		additionalData,
		mode,
		'activate',
		(data) => emitted.push(data),
		(error) => emittedErrors.push(error),
	);
	let items = null;
	let error = null;
	try {
		items = isNodeClassInstance(nodeType) ? await nodeType.poll(context) : await nodeType.poll.call(context);
	} catch (e) {
		error = e;
	}
	const base = {
		items: items ?? null,
		error,
		run: null,
		staticData: stripObservable(workflow.staticData),
		credentials: deepCopy(env.credentialStore),
	};
	if (error || !items) return base;
	const run = await runFromTrigger(env, node, items, mode);
	return { ...base, run, staticData: run.staticData, credentials: run.credentials };
}

module.exports = {
	loadPackage,
	runWorkflow,
	runWebhook,
	runPoll,
	manualWorkflow,
	chainWorkflow,
	TestCredentialsHelper,
	BASE_URL: BASE,
};
