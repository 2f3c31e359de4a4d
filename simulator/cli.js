#!/usr/bin/env node
'use strict';
/**
 * Command line for the 1oT Terminal simulator (`npm run simulator -- --port 8765 --count 100`).
 *
 * Flags: --port <n> (8765), --host <addr> (127.0.0.1), --count <n> (100, the five demo bikes first),
 * --seed <n> (1), --latency <ms> (0), --pending-delay <ms> (0), --rate-limit <requests>/<ms> (none),
 * --username <u>, --password <p>, --no-diagnostics, --help.
 *
 * @module simulator/cli
 */
const { startSimulator } = require('./server');

const USAGE = `Usage: node simulator/cli.js [options]

  --port <n>                  port to listen on (default 8765; 0 = random)
  --host <addr>               address to bind (default 127.0.0.1)
  --count <n>                 number of SIMs (default 100; the 5 E-Bikes Ltd demo bikes come first)
  --seed <n>                  fleet seed (default 1)
  --latency <ms>              delay before every API answer (default 0)
  --pending-delay <ms>        how long SIMs stay PENDING after an action (default 0)
  --rate-limit <req>/<ms>     e.g. 100/1000 = 100 API calls per second, then 429 (default: none)
  --username <u>              API username (default sim-user)
  --password <p>              API password (default sim-password)
  --no-diagnostics            /diagnostics answers 403 (add-on not enabled)
  --help                      this text
`;

/**
 * Parses the command line.
 * @param {string[]} argv arguments after the script name
 * @returns {import('./server').SimulatorOptions & {help?: boolean}}
 */
function parseArgs(argv) {
	const out = { port: 8765, fleet: { count: 100, seed: 1, demo: true } };
	const num = (name, v) => {
		const n = Number(v);
		if (v === undefined || !Number.isFinite(n) || n < 0) throw new Error(`${name} needs a non-negative number, got ${v}`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		let arg = argv[i];
		let value;
		const eq = arg.indexOf('=');
		if (arg.startsWith('--') && eq > 0) {
			value = arg.slice(eq + 1);
			arg = arg.slice(0, eq);
		}
		const next = () => (value !== undefined ? value : argv[++i]);
		switch (arg) {
			case '--help':
			case '-h':
				out.help = true;
				break;
			case '--port':
				out.port = num(arg, next());
				break;
			case '--host':
				out.host = next();
				break;
			case '--count':
				out.fleet.count = num(arg, next());
				break;
			case '--seed':
				out.fleet.seed = num(arg, next());
				break;
			case '--latency':
				out.latencyMs = num(arg, next());
				break;
			case '--pending-delay':
				out.pendingDelayMs = num(arg, next());
				break;
			case '--rate-limit': {
				const v = String(next());
				const m = /^(\d+)\/(\d+)$/.exec(v);
				if (!m || !(Number(m[1]) > 0) || !(Number(m[2]) > 0)) throw new Error(`--rate-limit needs <requests>/<ms>, got ${v}`);
				out.rateLimit = { requests: Number(m[1]), perMs: Number(m[2]) };
				break;
			}
			case '--username':
				out.username = next();
				break;
			case '--password':
				out.password = next();
				break;
			case '--no-diagnostics':
				out.diagnosticsEnabled = false;
				break;
			default:
				throw new Error(`unknown option ${arg}`);
		}
	}
	return out;
}

async function main() {
	let options;
	try {
		options = parseArgs(process.argv.slice(2));
	} catch (err) {
		process.stderr.write(`${err.message}\n\n${USAGE}`);
		process.exit(2);
	}
	if (options.help) {
		process.stdout.write(USAGE);
		return;
	}
	const sim = await startSimulator(options);
	const lines = [
		`1oT Terminal simulator listening on ${sim.url}`,
		'',
		'Put these into the n8n "1oT Terminal API" credential (fake simulator credentials):',
		`  Base URL: ${sim.baseUrl}`,
		`  Username: ${sim.credentials.username}`,
		`  Password: ${sim.credentials.password}`,
		'',
		`SIMs: ${sim.terminal.sims.size} (demo bikes bike-001..bike-005 first, e.g. ${sim.iccids()[0]})`,
		`Control API: ${sim.url}/__sim/state, /__sim/requests, /__sim/counts, /__sim/operator-calls, ...`,
		`Operator API stand-in: POST ${sim.url}/operator/<anything>`,
		options.latencyMs ? `Latency: ${options.latencyMs} ms` : null,
		options.pendingDelayMs ? `Pending delay: ${options.pendingDelayMs} ms` : null,
		options.rateLimit ? `Rate limit: ${options.rateLimit.requests} requests per ${options.rateLimit.perMs} ms` : null,
		'Press Ctrl+C to stop.',
	].filter((l) => l !== null);
	process.stdout.write(`${lines.join('\n')}\n`);
	let stopping = false;
	const stop = (signal) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`\n${signal}: stopping the simulator\n`);
		sim.close().then(() => process.exit(0));
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
	main().catch((err) => {
		process.stderr.write(`simulator: ${err.message}\n`);
		process.exit(1);
	});
}

module.exports = { parseArgs };
