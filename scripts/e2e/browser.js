'use strict';
/*
 * The n8n editor in headless Chromium (Debian's /usr/bin/chromium, driven by the dev dependency playwright-core),
 * logged in as an n8n user. Shared by the editor E2E suite (test/e2e/editor.e2e.js) and the README picture
 * (scripts/screenshot).
 *
 *   const { openEditor } = require('./browser');
 *   const editor = await openEditor({ baseUrl, email, password });
 *   await editor.page.goto(`${baseUrl}/workflow/new`);
 *   editor.consoleErrors();   // errors the page logged so far (see below)
 *   await editor.close();     // the browser and its profile folder
 *
 * Every launch gets a fresh, empty profile folder, removed by close().
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// The runtime notes: without the background-networking flags Chromium keeps calling hosts this machine cannot reach.
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

function loadPlaywright() {
	try {
		return require('playwright-core');
	} catch {
		throw new Error('playwright-core is missing: run `npm install` (it is a dev dependency).');
	}
}

/** POST /rest/login (2.x wants `emailOrLdapLoginId`, 1.x `email`); returns the cookies n8n sets. */
async function restLogin(baseUrl, email, password) {
	let last;
	for (const body of [{ emailOrLdapLoginId: email, password }, { email, password }]) {
		const res = await fetch(`${baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		last = `${res.status} ${(await res.text()).slice(0, 200)}`;
		if (res.ok) {
			const set = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [res.headers.get('set-cookie')];
			return set.filter(Boolean).map((c) => {
				const [pair] = c.split(';');
				const i = pair.indexOf('=');
				return { name: pair.slice(0, i).trim(), value: pair.slice(i + 1).trim() };
			});
		}
	}
	throw new Error(`n8n login failed: ${last}`);
}

/**
 * Launches Chromium with the session cookie of `email` and returns { page, context, consoleErrors, close }.
 *
 * consoleErrors({ since }) lists the page's console errors and uncaught exceptions. A failed load of a resource on
 * another host (the editor asks registry.npmjs.org about community packages; this machine may be offline) is not
 * the package's doing: those are listed apart, in `offline`.
 */
async function openEditor({ baseUrl, email, password, width = 1400, height = 900, scale = 1 }) {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} not found: install Chromium (scripts/ci/ensure-debian-packages.sh chromium) or set CHROMIUM_PATH.`);
	}
	const { chromium, selectors } = loadPlaywright();
	selectors.setTestIdAttribute('data-test-id'); // n8n's attribute, as n8n's own Playwright tests set it
	const cookies = await restLogin(baseUrl, email, password);
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-1ot-chromium-'));
	let context;
	try {
		context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: { width, height },
			deviceScaleFactor: scale,
			colorScheme: 'light',
		});
	} catch (e) {
		fs.rmSync(profile, { recursive: true, force: true });
		throw e;
	}
	// Chromium may still write into its profile while it closes (or when a signal closed it): retry, and once more on exit.
	const removeProfile = () => {
		try {
			fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
		} catch {
			/* best effort */
		}
	};
	process.once('exit', removeProfile);
	const origin = new URL(baseUrl).origin;
	await context.addCookies(cookies.map((c) => ({ ...c, domain: new URL(baseUrl).hostname, path: '/', httpOnly: true, sameSite: 'Lax' })));
	const page = context.pages()[0] || (await context.newPage());
	const errors = [];
	page.on('console', (msg) => {
		if (msg.type() !== 'error') return;
		const where = (msg.location() && msg.location().url) || '';
		const offline = /^Failed to load resource/.test(msg.text()) && where !== '' && !where.startsWith(origin);
		errors.push({ at: Date.now(), text: `${msg.text()}${where ? ` (${where})` : ''}`, offline });
	});
	page.on('pageerror', (e) => errors.push({ at: Date.now(), text: `uncaught: ${e.message}`, offline: false }));
	return {
		page,
		context,
		consoleErrors({ since = 0 } = {}) {
			const recent = errors.filter((e) => e.at >= since);
			return { errors: recent.filter((e) => !e.offline).map((e) => e.text), offline: recent.filter((e) => e.offline).map((e) => e.text) };
		},
		async close() {
			await context.close().catch(() => {});
			removeProfile();
		},
	};
}

module.exports = { openEditor, restLogin, CHROMIUM, CHROMIUM_ARGS };
