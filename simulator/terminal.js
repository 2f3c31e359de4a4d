'use strict';
/**
 * The simulated 1oT Terminal account: SIMs, their status machine, alerts, SMS, usage.
 * Pure in-memory state with Map indexes; no HTTP here (see `server.js`).
 *
 * @module simulator/terminal
 */
const { ESIM_PROFILES } = require('./fleet');
const usage = require('./usage');

/** Target status of each state action. */
const STATE_ACTIONS = Object.freeze({
	activate: Object.freeze({ primary: 'ON', secondary: 'LIVE' }),
	deactivate: Object.freeze({ primary: 'OFF', secondary: 'OFF' }),
	suspend: Object.freeze({ primary: 'ON', secondary: 'SUSPENDED' }),
	resume: Object.freeze({ primary: 'ON', secondary: 'LIVE' }),
	test: Object.freeze({ primary: 'ON', secondary: 'TEST' }),
	close: Object.freeze({ primary: 'DELETED', secondary: 'DELETED' }),
});

/** Settled status a `PENDING/<secondary>` status leads to. */
const PENDING_TARGETS = Object.freeze({
	LIVE: STATE_ACTIONS.activate,
	SUSPENDED: STATE_ACTIONS.suspend,
	TEST: STATE_ACTIONS.test,
	ACTIVE_READY: Object.freeze({ primary: 'ON', secondary: 'ACTIVE_READY' }),
	OFF: STATE_ACTIONS.deactivate,
	DELETED: STATE_ACTIONS.close,
});

const PRIMARY = ['ON', 'OFF', 'PENDING', 'DELETED'];
const SECONDARY = ['LIVE', 'SUSPENDED', 'TEST', 'ACTIVE_READY', 'OFF', 'DELETED'];

/**
 * The two status models of 1oT's own documentation (reference §0b). `legacy`: `status {primary, secondary}` only,
 * ON/SUSPENDED exists. `current`: every SIM also carries `state` (what the Terminal's web application shows), new
 * SIMs wait in ON/ACTIVE_READY, and ON/SUSPENDED is gone: OFF is what the Terminal shows as OFFLINE, so `PUT
 * /suspend` takes a SIM OFF, and `PUT /resume` brings an OFF SIM back LIVE.
 */
const DIALECTS = Object.freeze(['legacy', 'current']);

/** `state` of the current dialect for each settled status (a PENDING SIM shows the state it is moving to). */
const STATE_NAMES = Object.freeze({
	'ON/LIVE': 'LIVE',
	'ON/TEST': 'TEST',
	'ON/ACTIVE_READY': 'ACTIVE_READY',
	'ON/SUSPENDED': 'OFFLINE',
	'OFF/OFF': 'OFFLINE',
	'DELETED/DELETED': 'CLOSED',
});

/**
 * Per-SIM conditions that make the API refuse a call with one of its documented error codes (reference §0b).
 * Hidden: they are not part of the SIM object the API shows.
 */
const SIM_FLAGS = Object.freeze([
	'locked', // E202: status locked by an administrator (state actions)
	'stateChangeForbidden', // E201: the current status forbids any state change
	'imeiLockFails', // E203: the IMEI lock cannot be applied (activate, resume)
	'dataLimitReached', // E211: cannot activate or resume (data used = data limit); E210 below it
	'smsNotAllowed', // E240: SMS not allowed for this SIM
]);

const ICCID_RE = /^\d{18,20}$/;
const EID_RE = /^\d{32}$/;

/** An error answered with the 1oT error body `{error_code, error_description, timestamp}`. */
class ApiError extends Error {
	/**
	 * @param {number} status HTTP status
	 * @param {string} code `error_code`
	 * @param {string} description `error_description`
	 */
	constructor(status, code, description) {
		super(description);
		this.status = status;
		this.code = code;
	}
}

/**
 * @typedef {object} SimRecord internal SIM: the public fields plus the settled status and an optional pending change
 * @property {string} iccid
 * @property {{primary: string, secondary: string}} status settled status
 * @property {{primary: string, secondary: string, due: number}|null} pending target status and when it takes effect
 */

class Terminal {
	/**
	 * @param {object[]} fleet SIM objects
	 * @param {{pendingDelayMs?: number, pageSize?: number, maxIccidsPerCall?: number, now?: () => number}} [options]
	 */
	constructor(fleet, options = {}) {
		this.pendingDelayMs = options.pendingDelayMs || 0;
		this.pageSize = options.pageSize || 1000;
		this.maxIccidsPerCall = options.maxIccidsPerCall || 1000;
		this.now = options.now || Date.now;
		this.setDialect(options.dialect || 'legacy');
		/** @type {Set<string>} group names `set_group` refuses with E220 */
		this.forbiddenGroups = new Set((options.forbiddenGroups || []).map(String));
		/** @type {Map<string, SimRecord>} */
		this.sims = new Map();
		/** @type {Map<string, SimRecord>} */
		this.byEid = new Map();
		/** @type {Map<string, SimRecord>} last SIM seen with this IMEI */
		this.byImei = new Map();
		/** @type {SimRecord[]} account order (get_account_sims) */
		this.order = [];
		/** @type {Map<string, Set<SimRecord>>} */
		this.groups = new Map();
		/** @type {Set<SimRecord>} SIMs with a pending change */
		this.pendingSet = new Set();
		this.esimCount = 0;
		/** @type {object[]} alerts, oldest first */
		this.alerts = [];
		this.alertSeq = 0;
		/** @type {{iccid: string, message: string, at: number}[]} */
		this.sms = [];
		this.balanceCache = new Map();
		for (const sim of fleet) this.addSim(sim);
	}

	/** Switches the status model (`legacy` | `current`); ON/SUSPENDED SIMs go OFF in the current one. */
	setDialect(dialect) {
		if (!DIALECTS.includes(dialect)) throw new TypeError(`simulator: dialect must be legacy or current, got ${dialect}`);
		this.dialect = dialect;
		for (const rec of this.order || []) {
			rec.json = null;
			if (dialect === 'current' && rec.status.secondary === 'SUSPENDED') rec.status = { primary: 'OFF', secondary: 'OFF' };
			if (dialect === 'current' && rec.pending && rec.pending.secondary === 'SUSPENDED') Object.assign(rec.pending, STATE_ACTIONS.deactivate);
		}
	}

	/** Where an action takes a SIM in this dialect (`suspend` goes OFF in the current one). */
	targetOf(action) {
		return this.dialect === 'current' && action === 'suspend' ? STATE_ACTIONS.deactivate : STATE_ACTIONS[action];
	}

	/**
	 * Sets or clears the hidden per-SIM flags (see SIM_FLAGS). `dataLimitReached: true` makes the data used equal
	 * the data limit (`dataUsedMb`, which may also be given as a number of megabytes).
	 */
	setFlags(rec, flags) {
		for (const [key, value] of Object.entries(flags || {})) {
			if (key === 'dataUsedMb') {
				rec.dataUsedMb = Math.max(0, Number(value) || 0);
				continue;
			}
			if (!SIM_FLAGS.includes(key)) throw new TypeError(`simulator: unknown SIM flag ${key} (known: ${SIM_FLAGS.join(', ')}, dataUsedMb)`);
			if (key === 'dataLimitReached') rec.dataUsedMb = value ? Math.max(1, Number(rec.data_limit) || 0) : 0;
			else rec[key] = Boolean(value);
		}
		return this.flagsOf(rec);
	}

	/** @param {SimRecord} rec */
	flagsOf(rec) {
		const out = {};
		for (const key of SIM_FLAGS) out[key] = key === 'dataLimitReached' ? this.dataLimitReached(rec) : Boolean(rec[key]);
		out.dataUsedMb = rec.dataUsedMb || 0;
		return out;
	}

	/** @param {SimRecord} rec */
	dataLimitReached(rec) {
		return (rec.dataUsedMb || 0) > 0 && rec.dataUsedMb >= Number(rec.data_limit);
	}

	/**
	 * Adds a SIM (missing fields get defaults).
	 * @param {object} input a SIM object; `iccid` is required
	 * @returns {SimRecord}
	 */
	addSim(input) {
		if (!input || typeof input.iccid !== 'string' || !ICCID_RE.test(input.iccid)) {
			throw new TypeError(`simulator: a SIM needs an iccid string of 18-20 digits, got ${input && input.iccid}`);
		}
		if (this.sims.has(input.iccid)) throw new TypeError(`simulator: duplicate iccid ${input.iccid}`);
		// New SIMs wait in ON/ACTIVE_READY for their first activation in the current dialect.
		const status = input.status || { primary: 'ON', secondary: this.dialect === 'current' ? 'ACTIVE_READY' : 'LIVE' };
		const rec = {
			iccid: input.iccid,
			group: input.group === undefined ? 'default' : String(input.group),
			type: input.type || (input.eid ? 'esim' : 'UICC'),
			form: input.form || (input.eid ? 'MFF2' : '2/3/4FF industrial'),
			data_limit: input.data_limit === undefined ? 500 : input.data_limit,
			name: input.name === undefined ? input.iccid : String(input.name),
			msisdn: input.msisdn === undefined ? null : input.msisdn,
			imei: input.imei === undefined ? null : input.imei,
			imsi: input.imsi === undefined ? null : input.imsi,
			apn: input.apn === undefined ? 'iot.1ot.mobi' : input.apn,
			status: { primary: 'ON', secondary: 'LIVE' },
			pending: null,
			dataUsedMb: 0,
			/** @type {string|null} cached JSON of the public view, cleared on every change */
			json: null,
		};
		if (input.eid) {
			rec.eid = String(input.eid);
			rec.active_profile = input.active_profile === undefined ? ESIM_PROFILES[0] : input.active_profile;
			rec.downloaded_profiles = Array.isArray(input.downloaded_profiles)
				? [...input.downloaded_profiles]
				: [rec.active_profile].filter(Boolean);
			this.byEid.set(rec.eid, rec);
			this.esimCount++;
		}
		this.sims.set(rec.iccid, rec);
		if (rec.imei) this.byImei.set(rec.imei, rec);
		this.order.push(rec);
		this.groupSet(rec.group).add(rec);
		this.applyStatus(rec, status.primary, status.secondary);
		this.balanceCache.clear();
		return rec;
	}

	/** @param {string} name */
	groupSet(name) {
		let set = this.groups.get(name);
		if (!set) {
			set = new Set();
			this.groups.set(name, set);
		}
		return set;
	}

	/** Applies a due pending change. @param {SimRecord} rec @param {number} [now] */
	settle(rec, now = this.now()) {
		const p = rec.pending;
		if (p && now >= p.due) {
			rec.status = { primary: p.primary, secondary: p.secondary };
			rec.pending = null;
			rec.json = null;
			this.pendingSet.delete(rec);
		}
		return rec;
	}

	/** Settles every due pending change. @param {boolean} [force] settle all, due or not */
	settleAll(force = false) {
		const now = force ? Infinity : this.now();
		for (const rec of [...this.pendingSet]) this.settle(rec, now);
	}

	/** The status the API shows now. @param {SimRecord} rec */
	statusOf(rec) {
		this.settle(rec);
		return rec.pending ? { primary: 'PENDING', secondary: rec.pending.secondary } : { ...rec.status };
	}

	/**
	 * The public SIM object (a fresh copy, pending settled first).
	 * @param {SimRecord} rec
	 */
	view(rec) {
		const out = {
			iccid: rec.iccid,
			group: rec.group,
			type: rec.type,
			form: rec.form,
			data_limit: rec.data_limit,
			name: rec.name,
			msisdn: rec.msisdn,
			imei: rec.imei,
			imsi: rec.imsi,
			apn: rec.apn,
			status: this.statusOf(rec),
		};
		if (this.dialect === 'current') out.state = this.stateOf(out.status);
		if (rec.eid !== undefined) {
			out.eid = rec.eid;
			out.active_profile = rec.active_profile;
			out.downloaded_profiles = [...rec.downloaded_profiles];
		}
		return out;
	}

	/** The current dialect's `state` for a status: a PENDING SIM shows where it is going, as the Terminal does. */
	stateOf(status) {
		const settled = status.primary === 'PENDING' ? PENDING_TARGETS[status.secondary] : status;
		return STATE_NAMES[`${settled.primary}/${settled.secondary}`] || settled.secondary;
	}

	/**
	 * The public SIM object as a JSON string (cached until the SIM changes).
	 * @param {SimRecord} rec
	 */
	viewJson(rec) {
		this.settle(rec);
		if (rec.json === null) rec.json = JSON.stringify(this.view(rec));
		return rec.json;
	}

	/**
	 * Sets a status directly (control API). `PENDING/<X>` settles to the status X leads to after `settleAfterMs`
	 * (default: the simulator's pending delay; `Infinity` = stays pending until changed).
	 */
	applyStatus(rec, primary, secondary, settleAfterMs) {
		rec.json = null;
		if (!PRIMARY.includes(primary)) throw new TypeError(`simulator: unknown primary status ${primary}`);
		if (this.dialect === 'current' && secondary === 'SUSPENDED') {
			// The current dialect has no ON/SUSPENDED: suspended SIMs are OFF (OFFLINE).
			if (primary === 'ON') primary = 'OFF';
			secondary = 'OFF';
		}
		if (primary === 'PENDING') {
			const target = PENDING_TARGETS[secondary];
			if (!target) throw new TypeError(`simulator: unknown pending target ${secondary}`);
			const delay = settleAfterMs === undefined || settleAfterMs === null ? this.pendingDelayMs : settleAfterMs;
			rec.pending = { primary: target.primary, secondary: target.secondary, due: this.now() + delay };
			this.pendingSet.add(rec);
			return;
		}
		const sec = primary === 'OFF' || primary === 'DELETED' ? primary : secondary || 'LIVE';
		if (!SECONDARY.includes(sec)) throw new TypeError(`simulator: unknown secondary status ${sec}`);
		rec.status = { primary, secondary: sec };
		rec.pending = null;
		this.pendingSet.delete(rec);
	}

	/** Changes fields of a SIM, keeping the indexes right (control API). */
	patchSim(rec, patch) {
		rec.json = null;
		for (const [key, value] of Object.entries(patch || {})) {
			if (key === 'iccid' || key === 'pending') continue;
			if (SIM_FLAGS.includes(key) || key === 'dataUsedMb') {
				this.setFlags(rec, { [key]: value });
			} else if (key === 'status') {
				this.applyStatus(rec, value.primary, value.secondary, value.settleAfterMs);
			} else if (key === 'group') {
				this.moveToGroup(rec, String(value));
			} else if (key === 'imei') {
				if (rec.imei && this.byImei.get(rec.imei) === rec) this.byImei.delete(rec.imei);
				rec.imei = value;
				if (value) this.byImei.set(value, rec);
			} else if (key === 'eid') {
				if (rec.eid !== undefined) this.byEid.delete(rec.eid);
				else if (value) this.esimCount++;
				if (value) {
					rec.eid = String(value);
					this.byEid.set(rec.eid, rec);
					if (!rec.downloaded_profiles) rec.downloaded_profiles = [];
					if (rec.active_profile === undefined) rec.active_profile = null;
				} else if (rec.eid !== undefined) {
					delete rec.eid;
					this.esimCount--;
				}
			} else {
				rec[key] = value;
			}
		}
		return rec;
	}

	moveToGroup(rec, group) {
		if (rec.group === group) return;
		rec.json = null;
		const old = this.groups.get(rec.group);
		if (old) {
			old.delete(rec);
			if (!old.size) this.groups.delete(rec.group);
		}
		rec.group = group;
		this.groupSet(group).add(rec);
	}

	/**
	 * Splits and checks a comma list of ICCIDs or EIDs.
	 * @param {string|null} raw
	 * @param {'iccid'|'eid'} kind
	 * @returns {string[]} unique identifiers in the given order
	 */
	parseIds(raw, kind) {
		const ids = [];
		const seen = new Set();
		for (const part of String(raw).split(',')) {
			const id = part.trim();
			if (!id || seen.has(id)) continue;
			seen.add(id);
			ids.push(id);
		}
		if (!ids.length) throw new ApiError(400, 'MISSING_PARAMETER', `Parameter ${kind} must name at least one SIM`);
		if (ids.length > this.maxIccidsPerCall) {
			throw new ApiError(400, 'E230', `Too many SIMs in one call: ${ids.length} given, at most ${this.maxIccidsPerCall} allowed`);
		}
		const re = kind === 'eid' ? EID_RE : ICCID_RE;
		for (const id of ids) {
			if (!re.test(id)) {
				throw new ApiError(
					400,
					kind === 'eid' ? 'INVALID_EID' : 'INVALID_ICCID',
					kind === 'eid' ? `Invalid EID: ${id} (expected 32 digits)` : `Invalid ICCID: ${id} (expected 18-20 digits)`,
				);
			}
		}
		return ids;
	}

	/**
	 * The SIMs named by `iccid` or `eid` in a query.
	 * @param {URLSearchParams} q
	 * @param {{list?: boolean, skipUnknown?: boolean}} [opts] list: allow a comma list; skipUnknown: leave unknown SIMs out instead of 404
	 * @returns {SimRecord[]}
	 */
	resolve(q, opts = {}) {
		const kind = q.has('iccid') ? 'iccid' : q.has('eid') ? 'eid' : null;
		if (!kind) throw new ApiError(400, 'MISSING_PARAMETER', 'Parameter iccid or eid is required');
		const ids = this.parseIds(q.get(kind), kind);
		if (!opts.list && ids.length > 1) {
			throw new ApiError(400, 'INVALID_PARAMETER', `This call takes one ${kind}, got ${ids.length}`);
		}
		const index = kind === 'eid' ? this.byEid : this.sims;
		const out = [];
		for (const id of ids) {
			const rec = index.get(id);
			if (rec) out.push(rec);
			else if (!opts.skipUnknown) throw new ApiError(404, 'E002', `SIM not found: ${id}`);
		}
		return out;
	}

	/** One page of a list. @template T @param {Iterable<T>|T[]} items @param {number} offset */
	page(items, offset) {
		const all = Array.isArray(items) ? items : null;
		if (all) return { total: all.length, items: all.slice(offset, offset + this.pageSize) };
		let total = 0;
		const out = [];
		for (const item of items) {
			if (total >= offset && out.length < this.pageSize) out.push(item);
			total++;
		}
		return { total, items: out };
	}

	/** `{found, offset, total, sims}` for a list of SIM records. */
	simPage(recs, offset) {
		const { total, items } = this.page(recs, offset);
		return { found: items.length, offset, total, sims: items.map((r) => this.view(r)) };
	}

	/** The same page as `simPage`, as a JSON string built from the cached SIM JSON. */
	simPageJson(recs, offset) {
		const { total, items } = this.page(recs, offset);
		let sims = '';
		for (let i = 0; i < items.length; i++) sims += (i ? ',' : '') + this.viewJson(items[i]);
		return `{"found":${items.length},"offset":${offset},"total":${total},"sims":[${sims}]}`;
	}

	/**
	 * Checks that an action may run on every SIM (all-or-nothing: the first SIM that may not makes the whole call
	 * fail with its documented code, naming that SIM) and then applies it.
	 * @param {string} action API action name (`activate`, `set_name`, ...)
	 * @param {SimRecord[]} recs
	 * @param {(rec: SimRecord) => void} [apply] the change for non-state actions
	 * @param {(rec: SimRecord) => void} [check] a further check per SIM for non-state actions (throws ApiError)
	 */
	runAction(action, recs, apply, check) {
		const now = this.now();
		const target = this.targetOf(action);
		for (const rec of recs) {
			this.settle(rec, now);
			const closed = rec.status.primary === 'DELETED' || (rec.pending && rec.pending.primary === 'DELETED');
			if (closed) {
				throw new ApiError(400, 'E201', `SIM ${rec.iccid} is closed (DELETED): its status forbids any change`);
			}
			if (check) check(rec);
			if (!target) continue;
			if (rec.pending) {
				throw new ApiError(
					409,
					'E201',
					`SIM ${rec.iccid} is transitioning to the ${rec.pending.secondary} state; try again when it has settled`,
				);
			}
			if (rec.locked) throw new ApiError(403, 'E202', `The status of SIM ${rec.iccid} is locked by an administrator`);
			if (rec.stateChangeForbidden) {
				throw new ApiError(400, 'E201', `The current status of SIM ${rec.iccid} forbids the requested state change`);
			}
			if (this.dialect === 'legacy' && (action === 'suspend' || action === 'resume') && rec.status.primary === 'OFF') {
				throw new ApiError(400, 'E201', `Can not ${action} SIM ${rec.iccid}: it is OFF (activate it first)`);
			}
			const live = target.secondary === 'LIVE' && rec.status.secondary !== 'LIVE';
			if (live && this.dataLimitReached(rec)) {
				throw new ApiError(
					400,
					'E211',
					`Can not ${action} SIM ${rec.iccid}: its data used (${rec.dataUsedMb} MB) has reached its data limit (${rec.data_limit} MB)`,
				);
			}
			if (live && rec.imeiLockFails) throw new ApiError(400, 'E203', `The IMEI lock of SIM ${rec.iccid} could not be applied`);
		}
		for (const rec of recs) {
			rec.json = null;
			if (target) {
				if (rec.status.primary === target.primary && rec.status.secondary === target.secondary) continue;
				rec.pending = { primary: target.primary, secondary: target.secondary, due: now + this.pendingDelayMs };
				this.pendingSet.add(rec);
			} else if (apply) {
				apply(rec);
			}
		}
	}

	/**
	 * Stores an alert.
	 * @param {{iccid?: string|null, trigger: string, timestamp?: number, is_read?: boolean}} input
	 * @returns {{id: string, trigger: string, timestamp: number, is_read: boolean, iccid: string|null}}
	 */
	addAlert(input) {
		if (!input || typeof input.trigger !== 'string' || !input.trigger) {
			throw new TypeError('simulator: an alert needs a trigger string');
		}
		const alert = {
			id: String(++this.alertSeq),
			trigger: input.trigger,
			timestamp: input.timestamp === undefined ? this.now() : Number(input.timestamp),
			is_read: Boolean(input.is_read),
			iccid: input.iccid === undefined || input.iccid === null ? null : String(input.iccid),
		};
		this.alerts.push(alert);
		return { ...alert };
	}

	/**
	 * A page of alerts.
	 * @param {(alert: object) => boolean} scope
	 * @param {number} offset
	 * @param {boolean} onlyUnread
	 * @param {boolean} markRead mark the returned alerts read (they are returned as they were)
	 */
	alertPage(scope, offset, onlyUnread, markRead) {
		const matching = this.alerts.filter((a) => scope(a) && (!onlyUnread || !a.is_read));
		const items = matching.slice(offset, offset + this.pageSize);
		const alerts = items.map((a) => ({ ...a }));
		if (markRead) for (const a of items) a.is_read = true;
		return { found: alerts.length, offset, total: matching.length, alerts };
	}

	/** Account-wide data used and cost in a month (cached for past months). */
	balance(year, month) {
		const now = this.now();
		const { to } = usage.monthRange(year, month);
		const key = `${year}-${month}`;
		const cached = to < now ? this.balanceCache.get(key) : undefined;
		if (cached) return { ...cached };
		let used = 0;
		let cost = 0;
		for (const rec of this.order) {
			const u = usage.monthUsage(rec.iccid, year, month, now);
			used += u.data_used;
			cost += u.data_cost;
		}
		const out = { data_used: used, data_cost: usage.round(cost, 2), currency: usage.CURRENCY, month, year };
		if (to < now) this.balanceCache.set(key, out);
		return { ...out };
	}
}

module.exports = { Terminal, ApiError, STATE_ACTIONS, PENDING_TARGETS, ICCID_RE, EID_RE, DIALECTS, SIM_FLAGS };
