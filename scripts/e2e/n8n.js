'use strict';
/*
 * Drives a real n8n (installed by scripts/e2e/n8n-install.js) for end-to-end tests. Node built-ins only.
 *
 *   const e2e = require('./scripts/e2e/n8n');
 *   const userFolder = e2e.makeTempDir('home');
 *   e2e.installPackage(userFolder, e2e.packRepo(repoRoot, tmp));
 *   const cli = e2e.createN8n({ version: '2.41.1', userFolder });
 *   await cli.importCredentials([{ id, name, type, data }]);
 *   await cli.importWorkflow(file);  await cli.publishWorkflow(id);
 *   const run = await cli.executeWorkflow(id);          // { code, result, output, ms }
 *   const n8n = await e2e.startN8n({ version: '2.41.1', userFolder });   // waits for readiness
 *   await n8n.setupOwner(); await n8n.createApiKey(); await n8n.listExecutions(id);
 *   await n8n.stop();
 *
 * Every child runs in its own process group; stop()/killAll() signal the whole group, and a process 'exit'
 * hook SIGKILLs whatever is still running, so no n8n (or its task runner) outlives the test.
 */
const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const http = require('node:http');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');

const install = require('./n8n-install');

/* ---------------- process bookkeeping ---------------- */
const live = new Set(); // child processes (group leaders) we started
const tempDirs = new Set();

function killGroup(child, signal) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* gone */
		}
	}
}

/** SIGKILL every child process group still running and remove temp dirs (synchronous: safe in 'exit'). */
function killAll(signal = 'SIGKILL') {
	for (const c of live) killGroup(c, signal);
}

function cleanupTemp() {
	if (process.env.E2E_KEEP_TEMP) return;
	for (const d of tempDirs) {
		try {
			fs.rmSync(d, { recursive: true, force: true });
		} catch {
			/* best effort */
		}
	}
	tempDirs.clear();
}

let hooksInstalled = false;
let stopping = false; // set on SIGINT/SIGTERM: no new n8n process is started after that
function assertNotStopping() {
	if (stopping) throw new Error('interrupted');
}
/** Makes Ctrl-C / SIGTERM / normal exit kill our n8n processes and delete temp folders. Idempotent. */
function installExitHooks() {
	if (hooksInstalled) return;
	hooksInstalled = true;
	process.on('exit', () => {
		killAll('SIGKILL');
		cleanupTemp();
	});
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(sig, () => {
			stopping = true;
			process.stderr.write(`\n[e2e] ${sig}: stopping ${live.size} n8n process(es)\n`);
			killAll('SIGTERM');
			setTimeout(() => process.exit(130), 1500).unref();
			setTimeout(() => {
				killAll('SIGKILL');
				process.exit(130);
			}, 3000);
		});
	}
}

/**
 * Starts any long-running program (a database, a queue) in its own process group, tracked like the n8n processes:
 * the exit and signal hooks stop it too. Returns { pid, output(), exited(), stop({ signal, timeoutMs }) }; stop()
 * signals the group, waits, then SIGKILLs whatever is left.
 */
function spawnTracked(command, args, { env = process.env, cwd, logFile } = {}) {
	assertNotStopping();
	installExitHooks();
	const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	live.add(child);
	let output = '';
	const logFd = logFile ? fs.openSync(logFile, 'a') : null;
	const onData = (d) => {
		output += d;
		if (output.length > 1e6) output = output.slice(-5e5);
		if (logFd !== null) fs.writeSync(logFd, d);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	let exited = null;
	const exitPromise = new Promise((resolve) => {
		const done = (code, signal) => {
			if (exited) return;
			exited = { code, signal };
			live.delete(child);
			if (logFd !== null) fs.closeSync(logFd);
			resolve(exited);
		};
		child.on('close', done);
		child.on('error', (e) => {
			output += `\n${e.message}`;
			done(null, null);
		});
	});
	return {
		pid: child.pid,
		output: () => output,
		exited: () => exited,
		exitPromise,
		async stop({ signal = 'SIGTERM', timeoutMs = 10000 } = {}) {
			if (!exited) killGroup(child, signal);
			const r = exited || (await Promise.race([exitPromise, sleep(timeoutMs).then(() => null)]));
			try {
				process.kill(-child.pid, 'SIGKILL'); // stragglers in the group
			} catch {
				/* none */
			}
			return r || exitPromise;
		},
	};
}

/** mkdtemp under os.tmpdir(), removed on exit (unless E2E_KEEP_TEMP=1). */
function makeTempDir(prefix = 'n8n') {
	const d = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-nodes-1ot-e2e-${prefix}-`));
	tempDirs.add(d);
	installExitHooks();
	return d;
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* ---------------- runtime / environment ---------------- */

/** Where an installed version lives and how to run it. Throws with the install command if it is missing. */
function runtime(version) {
	const info = install.installed(version);
	if (!info) {
		throw new Error(
			`n8n ${version} is not installed in ${install.CACHE}; run: node scripts/e2e/n8n-install.js ${version}`,
		);
	}
	if (info.node === 'node24' && !(info.nodeBin && fs.existsSync(info.nodeBin))) {
		throw new Error(`n8n ${version} needs Node 24 at ${info.nodeBin}, which is gone; run: node scripts/e2e/n8n-install.js ${version}`);
	}
	const nodeBin = info.node === 'node24' ? info.nodeBin : process.execPath;
	// N8N_DISABLED_MODULES must only name modules this version knows (2.8 refuses `Unknown module "mcp-registry"`).
	let knownModules = '';
	try {
		knownModules = fs.readFileSync(path.join(info.dir, 'node_modules', '@n8n', 'backend-common', 'dist', 'modules', 'modules.config.js'), 'utf8');
	} catch {
		/* 1.x: no such file */
	}
	return { ...info, nodeBin, major: Number(String(info.version).split('.')[0]), hasMcpRegistry: knownModules.includes("'mcp-registry'") };
}

/**
 * The env block for one n8n process (see the runtime notes §5). Inherited N8N_* / DB_* variables are dropped so
 * a developer's own n8n settings cannot leak in; `extra` wins over everything.
 */
function n8nEnv({ rt, userFolder, port, brokerPort, extra = {} }) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|WEBHOOK_URL$|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|NODE_FUNCTION_ALLOW)/.test(k)) continue;
		env[k] = v;
	}
	const base = `http://127.0.0.1:${port}/`;
	Object.assign(env, {
		PATH: `${path.dirname(rt.nodeBin)}${path.delimiter}${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIDE_USAGE_PAGE: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: 'info', // 'warn' or lower makes `n8n execute` print nothing (and still exit 0)
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PYTHON_ENABLED: 'false',
		GENERIC_TIMEZONE: 'UTC',
	});
	if (rt.major >= 2) env.N8N_WEBHOOK_URL = base;
	else env.WEBHOOK_URL = base;
	if (rt.hasMcpRegistry) env.N8N_DISABLED_MODULES = 'mcp-registry'; // else it calls api.n8n.io and logs stack traces
	if (rt.expressionEngine) env.N8N_EXPRESSION_ENGINE = rt.expressionEngine;
	Object.assign(env, extra);
	return env;
}

/* ---------------- CLI ---------------- */

/**
 * Runs `n8n <args>` to completion. Resolves { code, signal, stdout, stderr, ms } (never rejects on a non-zero
 * exit; callers decide). Each call gets its own broker port so it can run beside a started n8n.
 */
async function runCli({ version, userFolder, env: extra }, args, { timeoutMs = 180000 } = {}) {
	assertNotStopping();
	const rt = runtime(version);
	const [port, brokerPort] = [await freePort(), await freePort()];
	const env = n8nEnv({ rt, userFolder, port, brokerPort, extra });
	installExitHooks();
	const t0 = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(rt.nodeBin, [rt.main, ...args], { cwd: userFolder, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		live.add(child);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => {
			stderr += `\n[e2e] n8n ${args[0]} timed out after ${timeoutMs} ms; killing it\n`;
			killGroup(child, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			live.delete(child);
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			live.delete(child);
			// the JS task runner is a child of n8n in the same group: make sure nothing lingers
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* group already empty */
			}
			resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 });
		});
	});
}

function cliError(what, r) {
	const out = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-30).join('\n');
	return new Error(`n8n ${what} failed (exit ${r.code}${r.signal ? `, ${r.signal}` : ''}):\n${out}`);
}

/** Writes `data` to a temp JSON file when it is not already a path. */
function asFile(data, dir, name) {
	if (typeof data === 'string') return data;
	const file = path.join(dir, name);
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}

/** Parses the execution JSON printed by `n8n execute --rawOutput` (log lines come first). */
function parseExecuteOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l.startsWith('{'));
	if (start < 0) return null;
	// The JSON may be followed by more log lines: shrink from the end until it parses.
	for (let end = lines.length; end > start; end--) {
		try {
			return JSON.parse(lines.slice(start, end).join('\n'));
		} catch {
			/* keep shrinking */
		}
	}
	return null;
}

/** CLI helpers bound to one version + user folder. */
function createN8n({ version, userFolder, env }) {
	const ctx = { version, userFolder, env };
	const scratch = path.join(userFolder, '.e2e');
	fs.mkdirSync(scratch, { recursive: true });
	const cli = (args, opts) => runCli(ctx, args, opts);
	// Several n8n commands log a failure and still exit 0 (their oclif `catch` only logs): check the output too.
	const must = async (what, args, expect) => {
		const r = await cli(args);
		const text = `${r.stdout}\n${r.stderr}`;
		if (r.code !== 0 || /An error occurred/.test(text) || (expect && !expect.test(text))) throw cliError(what, r);
		return r;
	};
	let seq = 0;
	return {
		version,
		userFolder,
		cli,
		/** import:workflow from a file path or a workflow object (keep an explicit 16-char `id`). */
		importWorkflow: (fileOrObject) =>
			must('import:workflow', ['import:workflow', `--input=${asFile(fileOrObject, scratch, `wf-${++seq}.json`)}`], /Successfully imported|Importing \d+ workflows?/),
		/**
		 * import:credentials from a file path or an array of `{ id, name, type, data }` with plain (unencrypted)
		 * `data`; n8n encrypts it with the user folder's key.
		 */
		importCredentials: (fileOrArray) =>
			must('import:credentials', [
				'import:credentials',
				`--input=${asFile(Array.isArray(fileOrArray) || typeof fileOrArray !== 'object' ? fileOrArray : [fileOrArray], scratch, `cred-${++seq}.json`)}`,
			], /Successfully imported/),
		/** Activates before `start` (2.x publish:workflow, 1.x update:workflow --active=true). */
		publishWorkflow: (id) =>
			Number(version.split('.')[0]) >= 2
				? must('publish:workflow', ['publish:workflow', `--id=${id}`])
				: must('update:workflow', ['update:workflow', `--id=${id}`, '--active=true']),
		/**
		 * `n8n execute --id --rawOutput`. Resolves { code, result, output, ms }: `result` is the parsed execution
		 * (null when n8n printed none), `output` is stdout+stderr for diagnostics. Never rejects on exit 1.
		 */
		executeWorkflow: async (id, opts) => {
			const r = await cli(['execute', `--id=${id}`, '--rawOutput'], opts);
			return { code: r.code, result: parseExecuteOutput(r.stdout), output: `${r.stdout}\n${r.stderr}`, ms: r.ms };
		},
	};
}

/* ---------------- packaging ---------------- */

/** `npm pack` of a package directory into destDir; returns the tarball path. Builds nothing. */
function packRepo(repoDir, destDir) {
	fs.mkdirSync(destDir, { recursive: true });
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', `--pack-destination=${destDir}`], {
		cwd: repoDir,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const info = JSON.parse(out.slice(out.indexOf('[')))[0];
	return path.join(destDir, info.filename);
}

/**
 * Installs a package tarball the way n8n's community-packages service does: extract into
 * <userFolder>/.n8n/nodes/node_modules/<name>, drop dev/peer/optional deps from its package.json, and run npm only
 * if runtime dependencies remain. `mutate(pkgJson)` may adjust the installed package.json. Returns { name, dir, pkg }.
 */
function installPackage(userFolder, tarball, { mutate } = {}) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-1ot-e2e-pkg-'));
	try {
		execFileSync('tar', ['-xzf', tarball, '--strip-components=1', '-C', stage]);
		const pkgFile = path.join(stage, 'package.json');
		const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
		delete pkg.devDependencies;
		delete pkg.peerDependencies;
		delete pkg.optionalDependencies;
		if (mutate) mutate(pkg);
		fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
		const dest = path.join(nodesDir, 'node_modules', pkg.name);
		fs.rmSync(dest, { recursive: true, force: true });
		fs.mkdirSync(path.dirname(dest), { recursive: true });
		fs.cpSync(stage, dest, { recursive: true });
		if (!fs.existsSync(path.join(nodesDir, 'package.json'))) {
			fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
		}
		if (pkg.dependencies && Object.keys(pkg.dependencies).length) {
			execFileSync(
				'npm',
				['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
				{ cwd: dest, stdio: 'inherit' },
			);
		}
		return { name: pkg.name, dir: dest, pkg };
	} finally {
		fs.rmSync(stage, { recursive: true, force: true });
	}
}

/* ---------------- HTTP ---------------- */

function request(method, url, { headers = {}, body, timeoutMs = 10000 } = {}) {
	return new Promise((resolve, reject) => {
		const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
		const h = { ...headers };
		if (data !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
		if (data !== undefined) h['content-length'] = Buffer.byteLength(data);
		const req = http.request(url, { method, headers: h, timeout: timeoutMs }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				const type = String(res.headers['content-type'] || '');
				let json;
				if (type.includes('application/json')) {
					try {
						json = JSON.parse(text);
					} catch {
						/* leave undefined */
					}
				}
				resolve({ status: res.statusCode, headers: res.headers, type, text, json });
			});
		});
		req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${url}`)));
		req.on('error', reject);
		if (data !== undefined) req.write(data);
		req.end();
	});
}

/* ---------------- n8n start ---------------- */

/**
 * Starts `n8n start` and resolves once it is really ready: /healthz/readiness answers 200, then (startup trap)
 * a JSON endpoint answers 200 application/json — the webhook given as `readyWebhook: { path, method, body }`,
 * or else /rest/settings. Returns a handle; always call stop().
 */
async function startN8n({ version, userFolder, port, brokerPort, env: extra, readyTimeoutMs = 120000, readyWebhook, logFile, args = ['start'], healthPort } = {}) {
	assertNotStopping();
	const rt = runtime(version);
	port = port || (await freePort());
	brokerPort = brokerPort || (await freePort());
	const env = n8nEnv({ rt, userFolder, port, brokerPort, extra });
	installExitHooks();
	const baseUrl = `http://127.0.0.1:${port}`;
	// `n8n worker` serves no editor: its readiness is on QUEUE_HEALTH_CHECK_PORT (healthPort), and nothing more to wait for
	const isWorker = args[0] === 'worker';
	const readinessUrl = `http://127.0.0.1:${isWorker ? healthPort : port}/healthz/readiness`;
	if (isWorker && !healthPort) throw new Error('startN8n: a worker needs healthPort (QUEUE_HEALTH_CHECK_PORT)');
	const t0 = Date.now();
	const child = spawn(rt.nodeBin, [rt.main, ...args], { cwd: userFolder, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	live.add(child);
	let output = '';
	const logFd = logFile ? fs.openSync(logFile, 'a') : null;
	const onData = (d) => {
		output += d;
		if (output.length > 2e6) output = output.slice(-1e6);
		if (logFd !== null) fs.writeSync(logFd, d);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	let exited = null;
	const exitPromise = new Promise((resolve) => {
		child.on('close', (code, signal) => {
			exited = { code, signal };
			live.delete(child);
			if (logFd !== null) fs.closeSync(logFd);
			resolve(exited);
		});
	});

	let cookie = null;
	let apiKey = null;
	const handle = {
		version,
		port,
		brokerPort,
		baseUrl,
		pid: child.pid,
		startMs: null,
		/** SIGKILLs the whole process group at once (n8n and its task runner), as a crashed machine would. */
		kill() {
			killGroup(child, 'SIGKILL');
			return exitPromise;
		},
		exited: () => exited,
		output: () => output,
		request: (method, p, opts) => request(method, baseUrl + p, opts),
		async stop({ timeoutMs = 15000 } = {}) {
			if (exited) return exited;
			killGroup(child, 'SIGTERM');
			const r = await Promise.race([exitPromise, sleep(timeoutMs).then(() => null)]);
			if (r) {
				try {
					process.kill(-child.pid, 'SIGKILL'); // stragglers in the group (task runner)
				} catch {
					/* none */
				}
				return r;
			}
			killGroup(child, 'SIGKILL');
			return exitPromise;
		},
		/** Polls until the webhook answers 200 with JSON (as the startup trap requires). Returns the response. */
		async waitForWebhook(p, { method = 'POST', body = {}, timeoutMs = 30000, headers } = {}) {
			const until = Date.now() + timeoutMs;
			let last;
			for (;;) {
				if (exited) throw new Error(`n8n exited (${JSON.stringify(exited)}) while waiting for ${p}\n${tailText(output)}`);
				try {
					last = await request(method, `${baseUrl}/${p.replace(/^\//, '')}`, { body: method === 'GET' ? undefined : body, headers });
					if (last.status === 200 && last.type.includes('application/json')) return last;
				} catch (e) {
					last = { status: 0, text: e.message };
				}
				if (Date.now() > until) throw new Error(`${p} never answered 200 JSON (last: ${last.status} ${String(last.text).slice(0, 200)})`);
				await sleep(300);
			}
		},
		/** POST /rest/owner/setup; keeps the auth cookie for createApiKey(). */
		async setupOwner({ email = 'ci@example.com', firstName = 'CI', lastName = 'Bot', password = 'CiPassw0rd!' } = {}) {
			const r = await request('POST', `${baseUrl}/rest/owner/setup`, { body: { email, firstName, lastName, password } });
			if (r.status !== 200) throw new Error(`owner setup: HTTP ${r.status} ${r.text.slice(0, 300)}`);
			const set = [].concat(r.headers['set-cookie'] || []);
			cookie = set.map((c) => c.split(';')[0]).join('; ');
			if (!cookie) throw new Error('owner setup: no auth cookie in the answer');
			return r.json && r.json.data;
		},
		/** POST /rest/api-keys (needs setupOwner first); returns the raw key and remembers it. */
		async createApiKey({ label = 'e2e', scopes } = {}) {
			if (!cookie) throw new Error('createApiKey: call setupOwner() first');
			const body = {
				label,
				scopes: scopes || ['execution:list', 'execution:read', 'workflow:list', 'workflow:read', 'workflow:create', 'workflow:update', 'workflow:activate', 'workflow:deactivate'],
				expiresAt: null,
			};
			const r = await request('POST', `${baseUrl}/rest/api-keys`, { headers: { cookie }, body });
			const key = r.json && r.json.data && (r.json.data.rawApiKey || r.json.data.apiKey);
			if (r.status !== 200 || !key) throw new Error(`create API key: HTTP ${r.status} ${r.text.slice(0, 300)}`);
			apiKey = key;
			return key;
		},
		/** Public API call with the key from createApiKey(). */
		async api(method, p, opts = {}) {
			if (!apiKey) throw new Error('api: call createApiKey() first');
			const r = await request(method, `${baseUrl}/api/v1${p}`, { ...opts, headers: { ...(opts.headers || {}), 'X-N8N-API-KEY': apiKey } });
			if (r.status >= 300) throw new Error(`${method} /api/v1${p}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
			return r.json;
		},
		/** GET /api/v1/executions?workflowId=… → array of { id, status, mode, finished, … } */
		async listExecutions(workflowId, { includeData = false } = {}) {
			const q = new URLSearchParams({ workflowId, includeData: String(includeData) });
			return (await handle.api('GET', `/executions?${q}`)).data;
		},
		async getExecution(id) {
			return handle.api('GET', `/executions/${id}?includeData=true`);
		},
	};

	try {
		const until = Date.now() + readyTimeoutMs;
		for (;;) {
			if (exited) throw new Error(`n8n start exited early (${JSON.stringify(exited)}):\n${tailText(output)}`);
			if (Date.now() > until) throw new Error(`n8n not ready after ${readyTimeoutMs} ms:\n${tailText(output)}`);
			try {
				const r = await request('GET', readinessUrl, { timeoutMs: 2000 });
				if (r.status === 200) break;
			} catch {
				/* not listening yet */
			}
			await sleep(250);
		}
		if (isWorker) {
			/* ready: it takes jobs from the queue */
		} else if (readyWebhook) {
			await handle.waitForWebhook(readyWebhook.path, { ...readyWebhook, timeoutMs: Math.max(5000, until - Date.now()) });
		} else {
			for (;;) {
				const r = await request('GET', `${baseUrl}/rest/settings`).catch(() => ({ status: 0, type: '' }));
				if (r.status === 200 && r.type.includes('application/json')) break;
				if (Date.now() > until) throw new Error(`/rest/settings never answered JSON:\n${tailText(output)}`);
				await sleep(250);
			}
		}
		handle.startMs = Date.now() - t0;
		return handle;
	} catch (e) {
		await handle.stop();
		throw e;
	}
}

function tailText(s, n = 40) {
	return String(s).trimEnd().split('\n').slice(-n).join('\n');
}

module.exports = {
	runtime,
	n8nEnv,
	runCli,
	createN8n,
	parseExecuteOutput,
	packRepo,
	installPackage,
	startN8n,
	spawnTracked,
	request,
	freePort,
	makeTempDir,
	installExitHooks,
	killAll,
	cleanupTemp,
	installedVersions: () => Object.keys(install.TARGETS).filter((v) => install.installed(v)),
};
