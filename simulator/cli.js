#!/usr/bin/env node
'use strict';
/**
 * Command line for the 1oT Terminal simulator (`npm run simulator -- --port 8765 --count 100`).
 *
 * Flags: --port <n> (8765), --host <addr> (127.0.0.1), --count <n> (100, the five demo bikes first),
 * --seed <n> (1), --latency <ms> (0), --pending-delay <ms> (0), --rate-limit <requests>/<ms> (none),
 * --username <u>, --password <p>, --no-diagnostics, --dialect <legacy|current>, --forbidden-groups <a,b>,
 * per-SIM flags (--locked, --state-change-forbidden, --imei-lock-fails, --data-limit-reached, --sms-not-allowed
 * <iccid,iccid,...>), --help.
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
  --dialect <d>               legacy (default: status {primary, secondary}, ON/SUSPENDED) or current
                              (adds state, new SIMs ON/ACTIVE_READY, suspend goes OFF)
  --forbidden-groups <a,b>    group names set_group refuses with E220
  --locked <iccids>           these SIMs' status is locked by an administrator (E202)
  --state-change-forbidden <iccids>   state actions answer E201
  --imei-lock-fails <iccids>  activate/resume answer E203
  --data-limit-reached <iccids>       activate/resume answer E211 (until the data limit is raised)
  --sms-not-allowed <iccids>  sendSms answers E240
  --help                      this text
`;

/**
 * Parses the command line.
 * @param {string[]} argv arguments after the script name
 * @returns {import('./server').SimulatorOptions & {help?: boolean}}
 */
const FLAG_OPTIONS = {
	'--locked': 'locked',
	'--state-change-forbidden': 'stateChangeForbidden',
	'--imei-lock-fails': 'imeiLockFails',
	'--data-limit-reached': 'dataLimitReached',
	'--sms-not-allowed': 'smsNotAllowed',
};

const list = (v) => String(v ?? '').split(',').map((x) => x.trim()).filter(Boolean);

function parseArgs(argv) {
	const out = { port: 8765, fleet: { count: 100, seed: 1, demo: true }, flags: {} };
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
			case '--dialect': {
				const v = next();
				if (v !== 'legacy' && v !== 'current') throw new Error(`--dialect is legacy or current, got ${v}`);
				out.dialect = v;
				break;
			}
			case '--forbidden-groups':
				out.forbiddenGroups = list(next());
				break;
			case '--locked':
			case '--state-change-forbidden':
			case '--imei-lock-fails':
			case '--data-limit-reached':
			case '--sms-not-allowed':
				for (const iccid of list(next())) out.flags[iccid] = { ...out.flags[iccid], [FLAG_OPTIONS[arg]]: true };
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
	for (const [iccid, flags] of Object.entries(options.flags)) sim.setFlags(iccid, flags);
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
		`Dialect: ${sim.dialect()}`,
		Object.keys(options.flags).length ? `SIM flags: ${JSON.stringify(options.flags)}` : null,
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
