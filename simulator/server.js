'use strict';
/**
 * HTTP front of the 1oT Terminal simulator: the `/v1` API, the `/__sim` control API and the `/operator` sink.
 *
 * @module simulator/server
 */
const http = require('node:http');
const crypto = require('node:crypto');
const { createFleet } = require('./fleet');
const { Terminal, ApiError, STATE_ACTIONS } = require('./terminal');
const { ESIM_PROFILES } = require('./fleet');
const usage = require('./usage');

const JSON_TYPE = 'application/json;charset=UTF-8';
const TEXT_TYPE = 'text/plain;charset=UTF-8';
const TOKEN_PATH = '/v1/oauth/token';
/** Longest query value kept in the request log; longer ones are cut (the `iccids` count stays exact). */
const LOG_VALUE_MAX = 4000;
const MAX_CONTROL_BODY = 1 << 20;

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {string|null} value @param {string} name @param {number} fallback */
function intParam(value, name, fallback, min = 0, max = Number.MAX_SAFE_INTEGER) {
	if (value === null || value === '') return fallback;
	if (!/^-?\d+$/.test(value)) throw new ApiError(400, 'INVALID_PARAMETER', `Parameter ${name} must be an integer, got ${value}`);
	const n = Number(value);
	if (n < min || n > max) throw new ApiError(400, 'INVALID_PARAMETER', `Parameter ${name} must be between ${min} and ${max}, got ${value}`);
	return n;
}

/** @param {URLSearchParams} q @param {...string} names */
function flag(q, ...names) {
	return names.some((n) => {
		const v = q.get(n);
		return v !== null && /^(true|1|yes)$/i.test(v);
	});
}

/** @param {URLSearchParams} q @param {string} name */
function required(q, name) {
	const v = q.get(name);
	if (v === null) throw new ApiError(400, 'MISSING_PARAMETER', `Parameter ${name} is required`);
	return v;
}

/** `{month, year}` from the query, defaulting to the current UTC month. */
function monthYear(q, now) {
	const d = new Date(now);
	return {
		month: intParam(q.get('month'), 'month', d.getUTCMonth() + 1, 1, 12),
		year: intParam(q.get('year'), 'year', d.getUTCFullYear(), 2000, 2100),
	};
}

const json = (body, status = 200) => ({ status, json: body });
const rawJson = (text, status = 200) => ({ status, raw: text });
const ok = (status = 200) => ({ status, text: 'OK' });

/**
 * The `/v1` routes: name → { method, handler(q, terminal) }.
 * @type {Object<string, {method: string, handler: (q: URLSearchParams, t: Terminal, sim: object) => object}>}
 */
const ROUTES = {
	get_account_sims: {
		method: 'GET',
		handler: (q, t) => rawJson(t.simPageJson(t.order, intParam(q.get('offset'), 'offset', 0))),
	},
	get_sims: {
		method: 'GET',
		handler: (q, t) => rawJson(t.simPageJson(t.resolve(q, { list: true, skipUnknown: true }), intParam(q.get('offset'), 'offset', 0))),
	},
	get_group_sims: {
		method: 'GET',
		handler: (q, t) => {
			const group = required(q, 'group');
			return rawJson(t.simPageJson(t.groups.get(group) || [], intParam(q.get('offset'), 'offset', 0)));
		},
	},
	get_sim: {
		method: 'GET',
		handler: (q, t) => rawJson(t.viewJson(t.resolve(q)[0])),
	},
	get_sim_sessions: {
		method: 'GET',
		handler: (q, t) => {
			const rec = t.resolve(q)[0];
			const now = t.now();
			const d = new Date(now);
			const from = intParam(q.get('from'), 'from', Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
			const to = intParam(q.get('to'), 'to', now);
			const offset = intParam(q.get('offset'), 'offset', 0);
			const { total, items } = t.page(usage.sessionsBetween(rec.iccid, from, to, now), offset);
			return json({ found: items.length, offset, total, from, to, sessions: items });
		},
	},
	get_sim_cost: {
		method: 'GET',
		handler: (q, t) => {
			const rec = t.resolve(q)[0];
			const { month, year } = monthYear(q, t.now());
			return json(cost(rec, month, year, t.now()));
		},
	},
	get_sim_costs: {
		method: 'GET',
		handler: (q, t) => {
			const recs = t.resolve(q, { list: true, skipUnknown: true });
			const { month, year } = monthYear(q, t.now());
			return json(recs.map((r) => cost(r, month, year, t.now())));
		},
	},
	get_account_balance: {
		method: 'GET',
		handler: (q, t) => {
			const { month, year } = monthYear(q, t.now());
			return json(t.balance(year, month));
		},
	},
	get_account_groups: {
		method: 'GET',
		handler: (q, t) => json([...t.groups.keys()]),
	},
	get_account_alerts: {
		method: 'GET',
		handler: (q, t) => alerts(q, t, () => true),
	},
	get_group_alerts: {
		method: 'GET',
		handler: (q, t) => {
			const group = required(q, 'group');
			return alerts(q, t, (a) => {
				const rec = a.iccid && t.sims.get(a.iccid);
				return Boolean(rec) && rec.group === group;
			});
		},
	},
	get_sim_alerts: {
		method: 'GET',
		handler: (q, t) => {
			const rec = t.resolve(q)[0];
			return alerts(q, t, (a) => a.iccid === rec.iccid);
		},
	},
	diagnostics: {
		method: 'GET',
		handler: (q, t, sim) => {
			if (!sim.diagnosticsEnabled) {
				throw new ApiError(403, 'FORBIDDEN', 'The Diagnostics app is not enabled for this account');
			}
			const rec = t.resolve(q)[0];
			return json(usage.diagnostics(rec, t.statusOf(rec), t.now()));
		},
	},
	get_available_profiles: {
		method: 'GET',
		handler: (q, t) => {
			if (!t.esimCount) throw new ApiError(403, 'FORBIDDEN', 'This account has no eSIMs');
			return json([...ESIM_PROFILES]);
		},
	},
	reset: {
		method: 'PUT',
		handler: (q, t) => {
			t.runAction('reset', t.resolve(q, { list: true }));
			return ok();
		},
	},
	set_name: {
		method: 'PUT',
		handler: (q, t) => {
			const name = required(q, 'name');
			t.runAction('set_name', t.resolve(q, { list: true }), (r) => {
				r.name = name;
			});
			return ok();
		},
	},
	set_data_limit: {
		method: 'PUT',
		handler: (q, t) => {
			const limit = intParam(required(q, 'limit'), 'limit', 0, 0, 10_000_000);
			const recs = t.resolve(q, { list: true });
			const belowUsed = (r) => {
				if (r.dataUsedMb > limit) {
					throw new ApiError(400, 'E210', `The new data limit of SIM ${r.iccid} (${limit} MB) is below the data it has used (${r.dataUsedMb} MB)`);
				}
			};
			t.runAction('set_data_limit', recs, (r) => {
				r.data_limit = limit;
			}, belowUsed);
			return json(recs.length === 1 ? t.view(recs[0]) : recs.map((r) => t.view(r)));
		},
	},
	set_group: {
		method: 'PUT',
		handler: (q, t) => {
			const group = required(q, 'group').trim();
			if (!group) throw new ApiError(400, 'INVALID_PARAMETER', 'Parameter group must not be empty');
			if (t.forbiddenGroups.has(group)) throw new ApiError(400, 'E220', `The group name ${group} is forbidden`);
			const recs = t.resolve(q, { list: true });
			t.runAction('set_group', recs, (r) => t.moveToGroup(r, group));
			return json(recs.length === 1 ? t.view(recs[0]) : recs.map((r) => t.view(r)));
		},
	},
	sendSms: {
		method: 'PUT',
		handler: (q, t) => {
			const message = q.has('message') ? q.get('message') : q.get('sms');
			if (message === null || message === '') {
				throw new ApiError(400, 'MISSING_PARAMETER', 'Parameter message (or sms) is required');
			}
			const recs = t.resolve(q, { list: true });
			const allowed = (r) => {
				if (r.smsNotAllowed) throw new ApiError(400, 'E240', `SMS not allowed for SIM ${r.iccid}`);
			};
			t.runAction('sendSms', recs, (r) => {
				t.sms.push({ iccid: r.iccid, message, at: t.now() });
				if (t.sms.length > 20000) t.sms.splice(0, 10000);
			}, allowed);
			return json({ message: `SMS sent to ${recs.length} SIM(s)` });
		},
	},
	esim_profile: {
		method: 'PUT',
		handler: (q, t) => {
			const profile = required(q, 'profile');
			const action = required(q, 'action');
			if (!['enable', 'delete', 'download', 'download_and_enable'].includes(action)) {
				throw new ApiError(400, 'INVALID_PARAMETER', `Unknown profile action: ${action}`);
			}
			if (!ESIM_PROFILES.includes(profile)) throw new ApiError(404, 'PROFILE_NOT_FOUND', `Profile not found: ${profile}`);
			const recs = t.resolve(q, { list: true });
			for (const r of recs) {
				if (r.eid === undefined) throw new ApiError(400, 'NOT_AN_ESIM', `SIM ${r.iccid} is not an eSIM`);
				if (action === 'enable' && !r.downloaded_profiles.includes(profile)) {
					throw new ApiError(400, 'INVALID_STATE', `Profile ${profile} is not downloaded on SIM ${r.iccid}`);
				}
				if (action === 'delete' && r.active_profile === profile) {
					throw new ApiError(400, 'INVALID_STATE', `Profile ${profile} is active on SIM ${r.iccid}`);
				}
			}
			t.runAction('esim_profile', recs, (r) => {
				if (action.startsWith('download') && !r.downloaded_profiles.includes(profile)) r.downloaded_profiles.push(profile);
				if (action.endsWith('enable')) r.active_profile = profile;
				if (action === 'delete') r.downloaded_profiles = r.downloaded_profiles.filter((p) => p !== profile);
			});
			return ok();
		},
	},
};

for (const action of Object.keys(STATE_ACTIONS)) {
	ROUTES[action] = {
		method: 'PUT',
		handler: (q, t, sim) => {
			t.runAction(action, t.resolve(q, { list: true }));
			return ok(sim.stateActionStatus);
		},
	};
}

function cost(rec, month, year, now) {
	const u = usage.monthUsage(rec.iccid, year, month, now);
	return { iccid: rec.iccid, data_plan: usage.DATA_PLAN, data_used: u.data_used, data_cost: u.data_cost, currency: usage.CURRENCY, month, year };
}

function alerts(q, t, scope) {
	const offset = intParam(q.get('offset'), 'offset', 0);
	return json(t.alertPage(scope, offset, flag(q, 'only_unread', 'unread'), flag(q, 'mark_as_read', 'markRead')));
}

/**
 * @typedef {object} SimulatorOptions
 * @property {object[]|import('./fleet').FleetOptions} [fleet] SIM objects, or options for `createFleet`
 *   (default: `createFleet({ count: 100, seed: 1, demo: true })`, the five demo bikes first)
 * @property {string} [username='sim-user']
 * @property {string} [password='sim-password']
 * @property {number} [tokenTtlSeconds=604799]
 * @property {number} [latencyMs=0] delay before each `/v1` answer
 * @property {number} [pendingDelayMs=0] how long a SIM stays PENDING after a state action (0 = settles on the next read)
 * @property {{requests: number, perMs: number}|null} [rateLimit] fixed window over all `/v1` calls except the token endpoint
 * @property {'legacy'|'current'} [dialect='legacy'] the status model (see terminal.js DIALECTS)
 * @property {string[]} [forbiddenGroups=[]] group names `set_group` refuses with E220
 * @property {number} [maxIccidsPerCall=1000] a longer list answers 400 E230
 * @property {number} [maxUrlLength=Infinity] a `/v1` request line longer than this answers 414 (many servers stop
 *   at 8 kB, about 350 ICCIDs in a list; the real API's limit is not published)
 * @property {boolean} [diagnosticsEnabled=true] false: `/diagnostics` answers 403 (the add-on is not enabled)
 * @property {200|202} [stateActionStatus=202] success code of activate/deactivate/suspend/resume/test/close
 * @property {number} [pageSize=1000]
 * @property {number} [requestLogLimit=10000] how many request log entries `requests()` keeps (the newest)
 * @property {object[]} [alerts] alerts to start with (see `addAlert`)
 * @property {() => number} [clock=Date.now] time source in epoch ms (tests can pass a fake clock to step
 *   through PENDING settling, token expiry and rate-limit windows without waiting)
 * @property {number} [port=0]
 * @property {string} [host='127.0.0.1']
 */

/**
 * Starts a simulator.
 * @param {SimulatorOptions} [options]
 * @returns {Promise<import('./index').SimulatorHandle>}
 */
async function startSimulator(options = {}) {
	const sim = new Simulator(options);
	await sim.listen(options.port || 0, options.host || '127.0.0.1');
	return sim.handle();
}

class Simulator {
	/** @param {SimulatorOptions} options */
	constructor(options) {
		let fleet = options.fleet;
		const dialect = options.dialect || 'legacy';
		if (fleet === undefined) fleet = createFleet({ count: 100, seed: 1, demo: true, dialect });
		else if (!Array.isArray(fleet)) fleet = createFleet({ dialect, ...fleet });
		/** @type {() => number} */
		this.now = typeof options.clock === 'function' ? options.clock : Date.now;
		this.terminal = new Terminal(fleet, {
			now: this.now,
			pendingDelayMs: options.pendingDelayMs || 0,
			pageSize: options.pageSize,
			maxIccidsPerCall: options.maxIccidsPerCall,
			dialect,
			forbiddenGroups: options.forbiddenGroups,
		});
		this.username = options.username || 'sim-user';
		this.password = options.password || 'sim-password';
		this.tokenTtlSeconds = options.tokenTtlSeconds || 604799;
		this.latencyMs = options.latencyMs || 0;
		this.maxUrlLength = options.maxUrlLength || Infinity;
		this.diagnosticsEnabled = options.diagnosticsEnabled !== false;
		this.stateActionStatus = options.stateActionStatus || 202;
		this.requestLogLimit = options.requestLogLimit === undefined ? 10000 : options.requestLogLimit;
		/** @type {Map<string, {expiresAt: number, epoch: number}>} */
		this.tokens = new Map();
		/** @type {Map<string, string>} refresh token → username */
		this.refreshTokens = new Map();
		this.tokenEpoch = 0;
		this.faults = [];
		this.setRateLimit(options.rateLimit || null);
		this.resetRequests();
		this.operator = [];
		for (const a of options.alerts || []) this.terminal.addAlert(a);
		// 1000 comma-separated ICCIDs make a ~22 kB query string: above Node's default 16 kB header limit.
		this.server = http.createServer({ maxHeaderSize: 256 * 1024 }, (req, res) => {
			this.onRequest(req, res).catch((err) => {
				if (!res.headersSent && !res.destroyed) this.sendError(res, new ApiError(500, 'INTERNAL_ERROR', String(err && err.message)));
			});
		});
		this.server.keepAliveTimeout = 30000;
	}

	listen(port, host) {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				this.server.off('error', reject);
				const addr = this.server.address();
				this.port = addr.port;
				this.url = `http://${host}:${addr.port}`;
				resolve();
			});
		});
	}

	close() {
		return new Promise((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	// ---- control -------------------------------------------------------------------------------

	setRateLimit(limit) {
		if (limit && (!(limit.requests > 0) || !(limit.perMs > 0))) {
			throw new TypeError('simulator: rateLimit needs positive requests and perMs');
		}
		this.rateLimit = limit ? { requests: Number(limit.requests), perMs: Number(limit.perMs) } : null;
		this.window = { start: 0, count: 0 };
	}

	setLatency(ms) {
		this.latencyMs = Math.max(0, Number(ms) || 0);
	}

	resetRequests() {
		this.log = [];
		this.countsData = { total: 0, byPath: {}, byStatus: {} };
	}

	requests() {
		const n = this.requestLogLimit;
		return n >= this.log.length ? this.log.slice() : this.log.slice(this.log.length - n);
	}

	counts() {
		const c = this.countsData;
		return { total: c.total, byPath: { ...c.byPath }, byStatus: { ...c.byStatus } };
	}

	injectFaults(faults) {
		for (const f of Array.isArray(faults) ? faults : [faults]) {
			if (!f || !['status', 'drop', 'malformed', 'delay'].includes(f.kind)) {
				throw new TypeError(`simulator: unknown fault kind ${f && f.kind}`);
			}
			let path = f.path || null;
			if (path && !path.startsWith('/')) path = `/v1/${path}`;
			if (f.after && f.kind === 'delay') throw new TypeError('simulator: a delay fault has no "after"');
			this.faults.push({
				...f,
				path,
				status: f.kind === 'status' ? Number(f.status || 500) : undefined,
				times: f.times === undefined ? 1 : Number(f.times),
			});
		}
	}

	clearFaults() {
		this.faults = [];
	}

	expireTokens() {
		this.tokenEpoch++;
		// Keep the map from growing without end: expired tokens only need to be told apart from unknown ones.
		if (this.tokens.size > 100000) this.tokens.clear();
	}

	states() {
		const t = this.terminal;
		t.settleAll();
		const out = {};
		for (const rec of t.order) out[rec.iccid] = t.statusOf(rec);
		return out;
	}

	getSim(iccid) {
		const rec = this.terminal.sims.get(String(iccid));
		return rec ? this.terminal.view(rec) : null;
	}

	setSim(iccid, patch) {
		const rec = this.mustSim(iccid);
		this.terminal.patchSim(rec, patch);
		return this.terminal.view(rec);
	}

	setStatus(iccid, primary, secondary, options = {}) {
		const rec = this.mustSim(iccid);
		let after = options.settleAfterMs;
		if (after === -1 || after === 'never') after = Infinity;
		this.terminal.applyStatus(rec, primary, secondary, after);
		return this.terminal.view(rec);
	}

	/** Sets per-SIM flags (SIM_FLAGS of terminal.js) on one SIM or a list; returns each SIM's flags. */
	setFlags(iccids, flags) {
		const out = {};
		for (const iccid of Array.isArray(iccids) ? iccids : [iccids]) out[iccid] = this.terminal.setFlags(this.mustSim(iccid), flags);
		return out;
	}

	mustSim(iccid) {
		const rec = this.terminal.sims.get(String(iccid));
		if (!rec) throw new TypeError(`simulator: unknown iccid ${iccid}`);
		return rec;
	}

	// ---- HTTP ----------------------------------------------------------------------------------

	async onRequest(req, res) {
		const url = req.url || '/';
		const qi = url.indexOf('?');
		const path = qi < 0 ? url : url.slice(0, qi);
		const search = qi < 0 ? '' : url.slice(qi + 1);
		if (path.startsWith('/v1/') && url.length > this.maxUrlLength) {
			req.resume();
			this.record(req.method, path, new URLSearchParams(search), 414);
			return this.sendError(res, new ApiError(414, 'URI_TOO_LONG', `The request line is longer than ${this.maxUrlLength} characters`));
		}
		if (path.startsWith('/v1/')) return this.onApi(req, res, path, search);
		if (path.startsWith('/__sim/')) return this.onControl(req, res, path.slice(7));
		if (path === '/operator' || path.startsWith('/operator/')) return this.onOperator(req, res, path);
		req.resume();
		return this.sendError(res, new ApiError(404, 'NOT_FOUND', `No such path: ${path}`));
	}

	async onApi(req, res, path, search) {
		const isToken = path === TOKEN_PATH;
		const body = isToken ? await readBody(req, MAX_CONTROL_BODY).catch(() => '') : (req.resume(), '');
		const q = new URLSearchParams(search);
		if (isToken && body && /x-www-form-urlencoded/i.test(req.headers['content-type'] || '')) {
			for (const [k, v] of new URLSearchParams(body)) if (!q.has(k)) q.append(k, v);
		}
		if (this.latencyMs > 0) await sleep(this.latencyMs);
		if (res.destroyed) return;

		const fault = this.takeFault(path, isToken, req.method);
		if (fault && !fault.after) {
			if (fault.kind === 'delay') {
				await sleep(Number(fault.ms) || 0);
				if (res.destroyed) return;
			} else {
				return this.answerFault(req, res, path, q, fault);
			}
		}

		let result;
		try {
			if (isToken) {
				result = this.token(req, q);
			} else {
				this.checkRateLimit();
				this.authenticate(req, q);
				const route = ROUTES[path.slice(4)];
				if (!route) throw new ApiError(404, 'NOT_FOUND', `No such endpoint: ${path}`);
				if (req.method !== route.method) {
					throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${path} takes ${route.method}, not ${req.method}`);
				}
				result = route.handler(q, this.terminal, this);
			}
		} catch (err) {
			if (!(err instanceof ApiError) && !(err instanceof OAuthError)) throw err;
			result = err;
		}
		// A fault "after": the call has done its work (or failed), and then its answer is lost or spoilt.
		if (fault && fault.after) return this.answerFault(req, res, path, q, fault);
		this.record(req.method, path, q, result.status);
		if (result instanceof ApiError) return this.sendError(res, result);
		if (result instanceof OAuthError) return this.sendOAuthError(res, result);
		if (result.text !== undefined) return send(res, result.status, TEXT_TYPE, result.text, result.headers);
		if (result.raw !== undefined) return send(res, result.status, JSON_TYPE, result.raw, result.headers);
		return send(res, result.status, JSON_TYPE, JSON.stringify(result.json), result.headers);
	}

	takeFault(path, isToken, method) {
		for (let i = 0; i < this.faults.length; i++) {
			const f = this.faults[i];
			if (f.path ? f.path !== path : isToken) continue;
			if (f.method && String(f.method).toUpperCase() !== method) continue;
			f.times--;
			if (f.times <= 0) this.faults.splice(i, 1);
			return f;
		}
		return null;
	}

	answerFault(req, res, path, q, fault) {
		if (fault.kind === 'drop') {
			this.record(req.method, path, q, 0);
			res.socket.destroy();
			return;
		}
		if (fault.kind === 'malformed') {
			this.record(req.method, path, q, 200);
			return send(res, 200, JSON_TYPE, '{"found":1,"offset":0,"total":1,"sims":[{"iccid":"8988');
		}
		const status = fault.status;
		this.record(req.method, path, q, status);
		const headers = {};
		if (fault.echoToken) {
			// Some OAuth servers copy the credential they were given into their error: the client must not pass it on.
			const token = /^Bearer\s+(\S+)/i.exec(req.headers.authorization || '');
			const echoed = `Access token ${token ? token[1] : q.get('access_token') || q.get('refresh_token') || ''} refused (password ${q.get('password') || '-'})`;
			const body = JSON.stringify({ error_code: 'E000', error: 'invalid_token', error_description: echoed, timestamp: this.now() });
			headers['WWW-Authenticate'] = `Bearer error="invalid_token", error_description="${echoed}"`;
			return send(res, status, JSON_TYPE, body, headers);
		}
		if (fault.retryAfter !== undefined) headers['Retry-After'] = String(Math.max(0, Math.ceil(Number(fault.retryAfter) || 0)));
		else if (status === 429) headers['Retry-After'] = '1';
		const body =
			fault.body !== undefined
				? typeof fault.body === 'string'
					? fault.body
					: JSON.stringify(fault.body)
				: JSON.stringify(errorBody(new ApiError(status, 'INJECTED_FAULT', `Injected fault: HTTP ${status}`), this.now()));
		return send(res, status, JSON_TYPE, body, headers);
	}

	checkRateLimit() {
		const rl = this.rateLimit;
		if (!rl) return;
		const now = this.now();
		const w = this.window;
		if (now - w.start >= rl.perMs) {
			w.start = now;
			w.count = 0;
		}
		if (w.count >= rl.requests) {
			const retryAfter = Math.max(1, Math.ceil((w.start + rl.perMs - now) / 1000));
			const err = new ApiError(429, 'TOO_MANY_REQUESTS', `Rate limit of ${rl.requests} requests per ${rl.perMs} ms exceeded`);
			err.headers = { 'Retry-After': String(retryAfter) };
			throw err;
		}
		w.count++;
	}

	token(req, q) {
		if (req.method !== 'POST') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${TOKEN_PATH} takes POST`);
		const grant = q.get('grant_type');
		let username;
		let refreshToken;
		if (grant === 'password') {
			if (q.get('username') !== this.username || q.get('password') !== this.password) {
				throw new OAuthError(401, 'invalid_grant', 'Bad credentials');
			}
			if (q.has('client_id') && q.get('client_id') !== this.username) {
				throw new OAuthError(401, 'invalid_client', `Bad client credentials: ${q.get('client_id')}`);
			}
			username = this.username;
			refreshToken = crypto.randomUUID();
			this.refreshTokens.set(refreshToken, username);
		} else if (grant === 'refresh_token') {
			refreshToken = q.get('refresh_token') || '';
			username = this.refreshTokens.get(refreshToken);
			if (!username) throw new OAuthError(401, 'invalid_grant', `Invalid refresh token: ${refreshToken}`);
		} else {
			throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grant}`);
		}
		const accessToken = crypto.randomUUID();
		this.tokens.set(accessToken, { expiresAt: this.now() + this.tokenTtlSeconds * 1000, epoch: this.tokenEpoch });
		return {
			status: 200,
			headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
			json: {
				access_token: accessToken,
				token_type: 'bearer',
				refresh_token: refreshToken,
				expires_in: this.tokenTtlSeconds,
				scope: 'read write trust',
			},
		};
	}

	authenticate(req, q) {
		const header = req.headers.authorization || '';
		const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
		const token = m ? m[1] : q.get('access_token');
		if (!token) throw new OAuthError(401, 'invalid_token', 'Full authentication is required to access this resource');
		const entry = this.tokens.get(token);
		if (!entry) throw new OAuthError(401, 'invalid_token', `Invalid access token: ${token}`);
		if (entry.epoch !== this.tokenEpoch || this.now() >= entry.expiresAt) {
			throw new OAuthError(401, 'invalid_token', `Access token expired: ${token}`);
		}
	}

	record(method, path, q, status) {
		const c = this.countsData;
		c.total++;
		c.byPath[path] = (c.byPath[path] || 0) + 1;
		c.byStatus[status] = (c.byStatus[status] || 0) + 1;
		if (this.requestLogLimit <= 0) return;
		const query = {};
		let iccids = 0;
		for (const [k, v] of q) {
			if (k === 'password') query[k] = '***';
			else query[k] = v.length > LOG_VALUE_MAX ? `${v.slice(0, LOG_VALUE_MAX)}…` : v;
			if (k === 'iccid' || k === 'eid') iccids += countItems(v);
		}
		this.log.push({ method, path, query, status, iccids, at: this.now() });
		if (this.log.length >= this.requestLogLimit + Math.max(100, this.requestLogLimit >> 3)) {
			this.log.splice(0, this.log.length - this.requestLogLimit);
		}
	}

	sendError(res, err) {
		return send(res, err.status, JSON_TYPE, JSON.stringify(errorBody(err, this.now())), err.headers);
	}

	sendOAuthError(res, err) {
		const headers = {};
		if (err.status === 401) {
			headers['WWW-Authenticate'] = `Bearer realm="oauth2-resource", error="${err.error}", error_description="${err.message}"`;
		}
		return send(res, err.status, JSON_TYPE, JSON.stringify({ error: err.error, error_description: err.message }), headers);
	}

	async onOperator(req, res, path) {
		const raw = await readBody(req, MAX_CONTROL_BODY).catch(() => '');
		let body = raw;
		if (/json/i.test(req.headers['content-type'] || '')) {
			try {
				body = raw ? JSON.parse(raw) : null;
			} catch {
				body = raw;
			}
		}
		this.operator.push({ method: req.method, path, headers: { ...req.headers }, body, at: this.now() });
		if (this.operator.length > 20000) this.operator.splice(0, 10000);
		return send(res, 200, JSON_TYPE, '{"ok":true}');
	}

	async onControl(req, res, name) {
		let body = null;
		try {
			const raw = await readBody(req, MAX_CONTROL_BODY);
			body = raw ? JSON.parse(raw) : null;
		} catch (err) {
			return send(res, 400, JSON_TYPE, JSON.stringify({ error: `Bad JSON body: ${err.message}` }));
		}
		const reply = (value, status = 200) => send(res, status, JSON_TYPE, JSON.stringify(value === undefined ? { ok: true } : value));
		const m = req.method;
		try {
			if (m === 'GET' && name === 'state') return reply(this.states());
			if (m === 'GET' && name.startsWith('flags/')) return reply(this.terminal.flagsOf(this.mustSim(decodeURIComponent(name.slice(6)))));
			if (m === 'GET' && name === 'info') {
				return reply({ url: this.url, baseUrl: `${this.url}/v1`, credentials: { username: this.username, password: this.password }, sims: this.terminal.sims.size });
			}
			if (name.startsWith('sims/')) {
				const iccid = decodeURIComponent(name.slice(5));
				if (m === 'GET') {
					const s = this.getSim(iccid);
					return s ? reply(s) : reply({ error: `unknown iccid ${iccid}` }, 404);
				}
				if (m === 'POST' || m === 'PATCH') return reply(this.setSim(iccid, body || {}));
			}
			if (m === 'GET' && name === 'requests') return reply(this.requests());
			if (m === 'GET' && name === 'counts') return reply(this.counts());
			if (m === 'GET' && name === 'operator-calls') return reply(this.operator);
			if (m === 'GET' && name === 'sms') return reply(this.terminal.sms);
			if (m === 'GET' && name === 'alerts') return reply(this.terminal.alerts);
			if (m === 'POST') {
				switch (name) {
					case 'reset-requests':
						this.resetRequests();
						return reply();
					case 'faults':
						this.injectFaults(body || []);
						return reply();
					case 'clear-faults':
						this.clearFaults();
						return reply();
					case 'expire-tokens':
						this.expireTokens();
						return reply();
					case 'alerts':
						return reply(this.terminal.addAlert(body || {}));
					case 'status':
						return reply(this.setStatus(body.iccid, body.primary, body.secondary, { settleAfterMs: body.settleAfterMs }));
					case 'flags': {
						const { iccid, iccids, ...flags } = body || {};
						return reply(this.setFlags(iccids || iccid, flags));
					}
					case 'dialect':
						this.terminal.setDialect(body && typeof body === 'object' ? body.dialect : body);
						return reply();
					case 'latency':
						this.setLatency(body && typeof body === 'object' ? body.ms : body);
						return reply();
					case 'pending-delay':
						this.terminal.pendingDelayMs = Math.max(0, Number(body && typeof body === 'object' ? body.ms : body) || 0);
						return reply();
					case 'rate-limit':
						this.setRateLimit(body && body.requests ? body : null);
						return reply();
					case 'settle':
						this.terminal.settleAll(true);
						return reply();
					case 'reset-operator-calls':
						this.operator = [];
						return reply();
					default:
				}
			}
			return reply({ error: `unknown control call ${m} /__sim/${name}` }, 404);
		} catch (err) {
			return reply({ error: err.message }, 400);
		}
	}

	/** The object `startSimulator` resolves to (see `SimulatorHandle` in `index.js`). */
	handle() {
		const t = this.terminal;
		return {
			url: this.url,
			baseUrl: `${this.url}/v1`,
			port: this.port,
			credentials: { username: this.username, password: this.password },
			server: this.server,
			terminal: t,
			close: () => this.close(),
			states: () => this.states(),
			getSim: (iccid) => this.getSim(iccid),
			setSim: (iccid, patch) => this.setSim(iccid, patch),
			setStatus: (iccid, primary, secondary, options) => this.setStatus(iccid, primary, secondary, options),
			setFlags: (iccids, flags) => this.setFlags(iccids, flags),
			setDialect: (dialect) => t.setDialect(dialect),
			dialect: () => t.dialect,
			settleAll: () => t.settleAll(true),
			iccids: () => t.order.map((r) => r.iccid),
			requests: () => this.requests(),
			counts: () => this.counts(),
			resetRequests: () => this.resetRequests(),
			injectFaults: (faults) => this.injectFaults(faults),
			clearFaults: () => this.clearFaults(),
			pendingFaults: () => this.faults.map((f) => ({ ...f })),
			expireTokens: () => this.expireTokens(),
			issuedTokens: () => [...this.tokens.keys(), ...this.refreshTokens.keys()],
			setLatency: (ms) => this.setLatency(ms),
			setPendingDelay: (ms) => {
				t.pendingDelayMs = Math.max(0, Number(ms) || 0);
			},
			setRateLimit: (limit) => this.setRateLimit(limit),
			setDiagnosticsEnabled: (on) => {
				this.diagnosticsEnabled = Boolean(on);
			},
			addAlert: (alert) => t.addAlert(alert),
			alerts: () => t.alerts.map((a) => ({ ...a })),
			sentSms: () => t.sms.slice(),
			operatorCalls: () => this.operator.slice(),
			resetOperatorCalls: () => {
				this.operator = [];
			},
		};
	}
}

/** A Spring-OAuth-style error (`{error, error_description}`), used for the token endpoint and bearer checks. */
class OAuthError extends Error {
	constructor(status, error, description) {
		super(description);
		this.status = status;
		this.error = error;
	}
}

/** Number of non-empty items in a comma list, without allocating the pieces. @param {string} list */
function countItems(list) {
	let n = 0;
	let inItem = false;
	for (let i = 0; i < list.length; i++) {
		const ch = list.charCodeAt(i);
		if (ch === 44) inItem = false;
		else if (!inItem && ch !== 32) {
			inItem = true;
			n++;
		}
	}
	return n;
}

/** @param {ApiError} err */
function errorBody(err, timestamp = Date.now()) {
	return { error_code: err.code, error_description: err.message, timestamp };
}

function send(res, status, type, body, headers) {
	if (res.destroyed || res.writableEnded) return;
	const h = { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) };
	if (headers) Object.assign(h, headers);
	res.writeHead(status, h);
	res.end(body);
}

function readBody(req, max) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > max) {
				reject(new Error('body too large'));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

module.exports = { startSimulator, Simulator, ROUTES };
