'use strict';
/*
 * What every E2E suite does around its own checks: the n8n versions to run (the arguments, N8N_E2E_VERSIONS or every
 * version in the e2e cache), one packed tarball for all of them, one line per check, a line per version and the
 * totals (`N passed, N failed`), and the exit code.
 *
 *   const { runSuite, runChecks } = require('../../scripts/e2e/suite');
 *   runSuite({ log, async runVersion(version, tarball, line) { ...; return { ok, node } } });
 *   // inside runVersion: const failed = await runChecks([[name, async () => 'detail'], ...], line);
 */
const path = require('node:path');

const e2e = require('./n8n');
const install = require('./n8n-install');

const REPO = path.resolve(__dirname, '..', '..');
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;

/** `line(ok, name, detail, ms)`: one check's result on stdout, counted in `tally`. */
function lineWriter(version, tally) {
	return (ok, name, detail, ms) => {
		tally[ok ? 'passed' : 'failed']++;
		process.stdout.write(`${ok ? 'PASS' : 'FAIL'} [${version}] ${name}${detail ? ` — ${detail}` : ''}${ms !== undefined ? ` (${secs(ms)})` : ''}\n`);
	};
}

/** Runs `[name, async fn → detail]` checks in order, one line each; returns how many failed. */
async function runChecks(checks, line, { maxLines = 30 } = {}) {
	let failed = 0;
	for (const [name, fn] of checks) {
		const t0 = Date.now();
		try {
			line(true, name, await fn(), Date.now() - t0);
		} catch (e) {
			failed++;
			line(false, name, e.message.split('\n').slice(0, maxLines).join('\n'), Date.now() - t0);
		}
	}
	return failed;
}

/**
 * The n8n versions a suite runs: those named in `argv`, else N8N_E2E_VERSIONS, else every version in the e2e cache;
 * null (after saying how to install one) when there is none.
 */
function pickVersions(argv, log) {
	let versions = argv.filter((a) => !a.startsWith('-'));
	if (!versions.length && process.env.N8N_E2E_VERSIONS) versions = process.env.N8N_E2E_VERSIONS.split(',').map((s) => s.trim()).filter(Boolean);
	if (!versions.length) versions = e2e.installedVersions();
	if (!versions.length) {
		log(`no n8n installed in ${install.CACHE}; run: node scripts/e2e/n8n-install.js`);
		return null;
	}
	return versions.map((v) => install.resolveTarget(v).version);
}

async function main(argv, { log, runVersion }) {
	e2e.installExitHooks();
	const versions = pickVersions(argv, log);
	if (!versions) return 1;
	const tarball = e2e.packRepo(REPO, e2e.makeTempDir('pack'));
	log(`packed ${path.basename(tarball)}; versions: ${versions.join(', ')}`);
	const tally = { passed: 0, failed: 0 };
	const results = [];
	for (const version of versions) {
		const t0 = Date.now();
		let r;
		try {
			r = await runVersion(version, tarball, lineWriter(version, tally));
		} catch (e) {
			tally.failed++;
			process.stdout.write(`FAIL [${version}] ${e.message}\n`);
			r = { ok: false };
		}
		results.push({ version, ms: Date.now() - t0, ...r });
	}
	for (const r of results) process.stdout.write(`n8n ${r.version}${r.node ? ` (Node ${r.node})` : ''}: ${r.ok ? 'passed' : 'FAILED'} in ${secs(r.ms)}\n`);
	process.stdout.write(`${tally.passed} passed, ${tally.failed} failed\n`);
	return tally.failed || !tally.passed ? 1 : 0;
}

/** The suite's entry point: runs `runVersion(version, tarball, line)` for each version and exits with the verdict. */
function runSuite({ log, runVersion }) {
	main(process.argv.slice(2), { log, runVersion }).then(
		(code) => process.exit(code),
		(e) => {
			log(e.stack || e.message);
			process.exit(1);
		},
	);
}

module.exports = { runSuite, runChecks, lineWriter, pickVersions, secs };
