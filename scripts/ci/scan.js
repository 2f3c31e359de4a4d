#!/usr/bin/env node
'use strict';
/*
 * n8n's verification scanner, run locally: the rule set of @n8n/scan-community-package (the gate n8n puts in
 * front of verified community packages) on the source and on the packed tarball, inline `eslint-disable`
 * comments ignored, as the scanner does. Any error fails (exit 1); warnings are shown.
 *
 *   npm run scan                        # build, then scan
 *   node scripts/ci/scan.js             # scan (dist/ must be built: the tarball leg packs it)
 *   node scripts/ci/scan.js --source-only
 *   node scripts/ci/scan.js --dir <package dir> [--patterns '<glob>,<glob>']   # one directory
 *
 * The scanner's CLI only scans a published package (it downloads the tarball and the provenance-attested
 * source), so this script imports its exported config and file patterns and lints what we are about to publish.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const REPO = path.resolve(__dirname, '..', '..');
const SCANNER = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs', { paths: [REPO] });
// The scanner's tarball leg (analyzePackageByName): compiled JavaScript and the published package.json.
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

async function loadScanner() {
	return import(SCANNER);
}

/**
 * Lints one directory the way the scanner's analyzePackage does (same config, inline config off, same
 * ignores), but keeps the counts and the warnings, which analyzePackage drops on success.
 */
async function scanDir(dir, patterns) {
	const scanner = await loadScanner();
	const glob = require(require.resolve('fast-glob', { paths: [path.dirname(SCANNER)] }));
	const { ESLint } = require(require.resolve('eslint', { paths: [path.dirname(SCANNER)] }));
	const files = glob.sync(patterns || scanner.SOURCE_FILE_PATTERNS, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scanner.buildScanConfig(),
	});
	const results = files.length ? await eslint.lintFiles(files) : [];
	const formatter = await eslint.loadFormatter('stylish');
	const messages = results.flatMap((r) => r.messages.map((m) => ({ file: path.relative(dir, r.filePath), ...m })));
	return {
		files: files.length,
		errors: results.reduce((n, r) => n + r.errorCount + r.fatalErrorCount, 0),
		warnings: results.reduce((n, r) => n + r.warningCount, 0),
		messages,
		report: (await formatter.format(results)).trim(),
	};
}

/** `npm pack` of the repository into a temporary folder, unpacked there; returns the package folder. */
function packAndUnpack(tmp) {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
	const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((p) => !fs.existsSync(path.join(REPO, p)));
	if (missing.length) throw new Error(`dist/ is not built (missing ${missing[0]}): run \`npm run build\` first`);
	const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: REPO, encoding: 'utf8' });
	if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr.trim()}`);
	const tarball = path.join(tmp, JSON.parse(pack.stdout)[0].filename);
	const dir = path.join(tmp, 'package');
	fs.mkdirSync(dir);
	const tar = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { encoding: 'utf8' });
	if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr.trim()}`);
	return { dir, tarball };
}

function print(label, r) {
	process.stdout.write(`${label}: ${r.files} files, ${r.errors} errors, ${r.warnings} warnings\n`);
	if (r.report) process.stdout.write(`${r.report}\n`);
}

function parseArgs(argv) {
	const opts = { sourceOnly: false, dir: null, patterns: null };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--source-only') opts.sourceOnly = true;
		else if (argv[i] === '--dir') opts.dir = path.resolve(argv[++i]);
		else if (argv[i] === '--patterns') opts.patterns = argv[++i].split(',');
		else throw new Error(`unknown option ${argv[i]}`);
	}
	return opts;
}

async function main(argv) {
	const opts = parseArgs(argv);
	const t0 = Date.now();
	if (opts.dir) {
		const r = await scanDir(opts.dir, opts.patterns);
		print(`scan ${opts.dir}`, r);
		return r.errors ? 1 : 0;
	}
	const source = await scanDir(REPO);
	print('scan source (package.json, nodes/, credentials/)', source);
	let errors = source.errors;
	if (!opts.sourceOnly) {
		const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-1ot-scan-'));
		try {
			const { dir, tarball } = packAndUnpack(tmp);
			const dist = await scanDir(dir, TARBALL_PATTERNS);
			print(`scan tarball (${path.basename(tarball)})`, dist);
			errors += dist.errors;
		} finally {
			fs.rmSync(tmp, { recursive: true, force: true });
		}
	}
	process.stdout.write(`scan: ${errors === 0 ? 'passed' : `${errors} errors`} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
	return errors ? 1 : 0;
}

module.exports = { scanDir, TARBALL_PATTERNS };

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(e) => {
			process.stderr.write(`scan: ${e.message}\n`);
			process.exit(1);
		},
	);
}
