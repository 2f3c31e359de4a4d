#!/usr/bin/env node
'use strict';
/*
 * Runs every end-to-end suite (test/e2e/*.e2e.js) one after another against real n8n versions.
 *
 *   node test/e2e/run.js [--install] [version ...] [suite options such as --no-start]
 *     --install   first install the versions (default targets) into the e2e cache (slow on a cold machine)
 *     versions    default: N8N_E2E_VERSIONS or every version in the cache
 *
 * Exit code: non-zero if any suite failed. Suites print their own `N passed, N failed` line.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const HERE = __dirname;

function runNode(args) {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, args, { stdio: 'inherit' });
		const forward = (sig) => child.kill(sig);
		process.on('SIGINT', forward);
		process.on('SIGTERM', forward);
		child.on('close', (code, signal) => {
			process.removeListener('SIGINT', forward);
			process.removeListener('SIGTERM', forward);
			resolve(code === null ? (signal ? 1 : 0) : code);
		});
	});
}

async function main(argv) {
	const doInstall = argv.includes('--install');
	const rest = argv.filter((a) => a !== '--install');
	if (doInstall) {
		const versions = rest.filter((a) => !a.startsWith('-'));
		const code = await runNode([path.join(HERE, '..', '..', 'scripts', 'e2e', 'n8n-install.js'), ...versions]);
		if (code !== 0) return code;
	}
	const suites = fs.readdirSync(HERE).filter((f) => f.endsWith('.e2e.js')).sort();
	let failed = 0;
	for (const s of suites) {
		process.stdout.write(`\n== ${s}\n`);
		const t0 = Date.now();
		const code = await runNode([path.join(HERE, s), ...rest]);
		process.stdout.write(`== ${s}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`);
		if (code !== 0) failed++;
	}
	process.stdout.write(`\ne2e suites: ${suites.length - failed} passed, ${failed} failed\n`);
	return failed ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
