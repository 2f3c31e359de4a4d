'use strict';
/** A tiny fetch client for the simulator tests. */

/**
 * @param {{baseUrl: string, credentials: {username: string, password: string}}} sim
 */
function client(sim) {
	let token = null;

	async function fetchToken() {
		const { username, password } = sim.credentials;
		const q = new URLSearchParams({ grant_type: 'password', client_id: username, username, password });
		const res = await fetch(`${sim.baseUrl}/oauth/token?${q}`, { method: 'POST' });
		if (res.status !== 200) throw new Error(`token: HTTP ${res.status}`);
		token = (await res.json()).access_token;
		return token;
	}

	/**
	 * @param {'GET'|'PUT'|'POST'} method
	 * @param {string} path e.g. `get_sims`
	 * @param {Record<string, string|number|boolean>} [query]
	 * @returns {Promise<{status: number, type: string, headers: Headers, body: any, text: string}>}
	 */
	async function call(method, path, query = {}, { auth = true } = {}) {
		if (auth && !token) await fetchToken();
		const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
		const res = await fetch(`${sim.baseUrl}/${path}${qs ? `?${qs}` : ''}`, {
			method,
			headers: auth ? { Authorization: `Bearer ${token}` } : {},
		});
		const text = await res.text();
		const type = res.headers.get('content-type') || '';
		let body = text;
		if (type.includes('json')) {
			try {
				body = JSON.parse(text);
			} catch {
				body = undefined;
			}
		}
		return { status: res.status, type, headers: res.headers, body, text };
	}

	return {
		fetchToken,
		get token() {
			return token;
		},
		set token(v) {
			token = v;
		},
		get: (path, query, opts) => call('GET', path, query, opts),
		put: (path, query, opts) => call('PUT', path, query, opts),
		call,
	};
}

/** POST JSON to the control API. */
async function control(sim, name, body) {
	const res = await fetch(`${sim.url}/__sim/${name}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: res.status, body: await res.json() };
}

/** Expects the 1oT error body. */
function expectErrorBody(body) {
	expect(body).toEqual({
		error_code: expect.any(String),
		error_description: expect.any(String),
		timestamp: expect.any(Number),
	});
}

/**
 * For each test of the describe block that calls it: a fresh simulator with the demo fleet (plus `options`) and a
 * client that already holds a token, as `ctx.sim` and `ctx.c`; closed after the test.
 */
function demoPerTest(options = {}) {
	const { startSimulator, demoFleet } = require('../../simulator');
	const ctx = {};
	beforeEach(async () => {
		ctx.sim = await startSimulator({ fleet: demoFleet(), ...options });
		ctx.c = client(ctx.sim);
		await ctx.c.fetchToken();
	});
	afterEach(() => ctx.sim.close());
	return ctx;
}

module.exports = { client, control, expectErrorBody, demoPerTest };
