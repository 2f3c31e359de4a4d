#!/usr/bin/env node
'use strict';
/*
 * `npm start` stops everything it started when only its own process gets the signal (an IDE's stop button, a
 * `kill <pid>`): the simulator, n8n and n8n's task runner, the build. Two runs against a real n8n:
 *   1. SIGTERM to `npm start` while n8n is starting (the stack is not up yet);
 *   2. SIGINT to `npm start` once the story is told and n8n keeps running (this run builds, as `npm start` does).
 * Each run records every process below `npm start` (and every member of their process groups) until the signal,
 * then expects all of them gone within 30 s, and the ports closed.
 *
 *   node test/e2e/demo-signals.e2e.js [version]     # default: 2.41.1 if installed, else the first installed
 *
 * Prints one line per check and `N passed, N failed`.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const e2e = require('../../scripts/e2e/n8n');
const install = require('../../scripts/e2e/n8n-install');

const REPO = path.resolve(__dirname, '..', '..');
const log = (m) => process.stderr.write(`[demo-signals] ${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Every live process: pid → { ppid, pgid, cmd }. */
function processes() {
	const all = new Map();
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
			// the command name may hold spaces and parentheses: fields start after the last ')'
			const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (rest[0] === 'Z') continue; // a zombie has exited
			const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
			all.set(Number(name), { ppid: Number(rest[1]), pgid: Number(rest[2]), cmd });
		} catch {
			/* exited meanwhile */
		}
	}
	return all;
}

/** The pids below root (root included), and the members of their process groups. */
function tree(root, all = processes()) {
	const found = new Set([root]);
	for (let grew = true; grew; ) {
		grew = false;
		for (const [pid, p] of all) {
			if (!found.has(pid) && (found.has(p.ppid) || found.has(p.pgid))) {
				found.add(pid);
				grew = true;
			}
		}
	}
	return found;
}

/**
 * Runs `npm start -- args`, watches its output and its process tree; `when(output, seen)` says when to send
 * `signal` to the npm process alone. Resolves with what was seen, the survivors and npm's exit.
 */
function runAndSignal({ args, signal, when, timeoutMs = 8 * 60 * 1000 }) {
	return new Promise((resolve, reject) => {
		// own process group, as an IDE runs it: the signal below goes to npm's pid only, never to the group
		const npm = spawn('npm', ['start', '--', ...args], { cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
		let output = '';
		npm.stdout.on('data', (d) => (output += d));
		npm.stderr.on('data', (d) => (output += d));
		const seen = new Map(); // pid → cmd
		let exit = null;
		npm.on('exit', (code, sig) => (exit = { code, signal: sig }));
		const t0 = Date.now();
		(async () => {
			while (!exit && Date.now() - t0 < timeoutMs) {
				const all = processes();
				for (const pid of tree(npm.pid, all)) if (all.has(pid)) seen.set(pid, all.get(pid).cmd);
				if (when(output, seen)) break;
				await sleep(250);
			}
			if (exit) throw new Error(`npm start ended before the signal (${JSON.stringify(exit)}):\n${output.slice(-2000)}`);
			if (Date.now() - t0 >= timeoutMs) throw new Error(`the moment to signal never came:\n${output.slice(-2000)}`);
			const signalledAt = Date.now();
			process.kill(npm.pid, signal);
			let survivors = [];
			while (Date.now() - signalledAt < 30000) {
				const all = processes();
				survivors = [...seen.keys()].filter((pid) => all.has(pid) && all.get(pid).cmd === seen.get(pid));
				if (!survivors.length && exit) break;
				await sleep(250);
			}
			return { seen, survivors: survivors.map((pid) => `${pid} ${seen.get(pid)}`), exit, output, stopMs: Date.now() - signalledAt };
		})().then(resolve, (e) => {
			try {
				process.kill(-npm.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
			reject(e);
		});
	});
}

const isN8n = (cmd) => /\bn8n\b.*\bstart\b/.test(cmd) && !/demo\/start/.test(cmd);
const isRunner = (cmd) => /task-runner|runners?\b|js-task-runner/.test(cmd);

/** After the run: nothing listens any more where the demo said its simulator and n8n were. */
async function portsClosed(output) {
	const urls = [...output.matchAll(/(?:simulator at|n8n [\d.]+ at) (http:\/\/127\.0\.0\.1:\d+)/g)].map((m) => m[1]);
	const open = [];
	for (const url of urls) {
		try {
			await e2e.request('GET', url);
			open.push(url);
		} catch {
			/* refused: closed */
		}
	}
	return { urls, open };
}

async function main(argv) {
	e2e.installExitHooks();
	const installed = e2e.installedVersions();
	let version = argv.find((a) => !a.startsWith('-'));
	if (!version) version = installed.includes('2.41.1') ? '2.41.1' : installed[0];
	if (!version || !install.installed(version)) {
		log(`n8n ${version || ''} is not installed in ${install.CACHE}; run: node scripts/e2e/n8n-install.js`);
		return 1;
	}
	version = install.resolveTarget(version).version;
	const tally = { passed: 0, failed: 0 };
	const check = async (name, fn) => {
		const t0 = Date.now();
		try {
			const detail = await fn();
			tally.passed++;
			process.stdout.write(`PASS [${version}] ${name} — ${detail} (${((Date.now() - t0) / 1000).toFixed(1)}s)\n`);
		} catch (e) {
			tally.failed++;
			process.stdout.write(`FAIL [${version}] ${name} — ${e.message}\n`);
		}
	};

	await check('SIGTERM to `npm start` while n8n starts → the simulator, n8n and its processes stop', async () => {
		const r = await runAndSignal({
			args: ['--no-build', '--version', version],
			signal: 'SIGTERM',
			when: (_out, seen) => [...seen.values()].some(isN8n),
		});
		if (r.survivors.length) throw new Error(`still running ${r.stopMs} ms after the signal:\n  ${r.survivors.join('\n  ')}`);
		if (!r.exit) throw new Error('npm start did not exit');
		return `${r.seen.size} processes seen (n8n among them), all gone ${r.stopMs} ms after the signal; npm exit ${r.exit.code ?? r.exit.signal}`;
	});

	await check('SIGINT to `npm start` once the demo runs (built, story told) → everything stops, exit 0', async () => {
		const r = await runAndSignal({
			args: ['--version', version],
			signal: 'SIGINT',
			when: (out) => /Ctrl-C stops everything/.test(out),
		});
		const cmds = [...r.seen.values()];
		if (!cmds.some(isN8n)) throw new Error(`no n8n process was seen: ${cmds.join(' | ')}`);
		if (r.survivors.length) throw new Error(`still running ${r.stopMs} ms after the signal:\n  ${r.survivors.join('\n  ')}`);
		if (!r.exit || r.exit.code !== 0) throw new Error(`npm start ended with ${JSON.stringify(r.exit)}:\n${r.output.slice(-1500)}`);
		if (!/the story went as it should/.test(r.output)) throw new Error(`the story did not go as it should:\n${r.output.slice(-1500)}`);
		const ports = await portsClosed(r.output);
		if (ports.urls.length < 2) throw new Error(`the demo did not print the simulator's and n8n's addresses:\n${r.output.slice(-1500)}`);
		if (ports.open.length) throw new Error(`still answering: ${ports.open.join(', ')}`);
		return `${r.seen.size} processes seen (n8n${cmds.some(isRunner) ? ', its task runner' : ''}), all gone and ${ports.urls.length} ports closed ${r.stopMs} ms after the signal`;
	});

	process.stdout.write(`${tally.passed} passed, ${tally.failed} failed\n`);
	return tally.failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(e) => {
		log(e.stack || e.message);
		process.exit(1);
	},
);
