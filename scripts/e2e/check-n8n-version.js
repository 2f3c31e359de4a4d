#!/usr/bin/env node
'use strict';
/*
 * Does the configured npm registry hold every pinned `@n8n/*` / `n8n-*` dependency of an n8n release?
 * (Registries that mirror npm partially can have n8n@X but miss some of its exact-pinned internals; the
 * install then fails with `notarget` after a minute or more.)
 *
 *   node scripts/e2e/check-n8n-version.js 2.8.4 [2.8.0 ...]
 *
 * One `npm view` per pinned internal dependency; the real install (n8n-install.js) stays the final proof.
 */
const { execFileSync } = require('node:child_process');

function npmJson(args) {
	try {
		const out = execFileSync('npm', ['view', ...args, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
		return out.trim() ? JSON.parse(out) : null;
	} catch {
		return null;
	}
}

function check(version) {
	const deps = npmJson([`n8n@${version}`, 'dependencies']);
	if (!deps) return { version, ok: false, missing: [`n8n@${version}`] };
	const internal = Object.entries(deps).filter(([n, v]) => /^(@n8n\/|n8n-)/.test(n) && /^\d/.test(v));
	const missing = internal.filter(([n, v]) => npmJson([`${n}@${v}`, 'version']) === null).map(([n, v]) => `${n}@${v}`);
	return { version, ok: missing.length === 0, checked: internal.length, missing };
}

if (require.main === module) {
	const versions = process.argv.slice(2);
	if (!versions.length) {
		process.stderr.write('usage: check-n8n-version.js <n8n version> [...]\n');
		process.exit(2);
	}
	let bad = 0;
	for (const v of versions) {
		const r = check(v);
		if (!r.ok) bad++;
		process.stdout.write(`n8n@${v}: ${r.ok ? `ok (${r.checked} pinned internal deps present)` : `MISSING ${r.missing.join(', ')}`}\n`);
	}
	process.exit(bad ? 1 : 0);
}

module.exports = { check };
