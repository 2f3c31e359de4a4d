#!/usr/bin/env node
/**
 * npm run bench:trigger: the 1oT Terminal Trigger's recogniser on hostile bodies (a 5 MB body of several
 * shapes, a batch of 5,000 notifications) — the time a push holds n8n's event loop.
 *
 *   node bench/terminal-trigger.js [--runs 5] [--no-write]
 *
 * Per case: the body is built, serialised (the raw body n8n keeps) and parsed once; then the trigger's own work
 * (requestBody + normaliseBody, what its webhook() does after the credential check) is timed `--runs` times
 * after one warm-up run, and the median printed with the work counted (object keys and characters read). The
 * node's webhook() through n8n-core's engine (a workflow of the trigger alone, its run included) is timed once per
 * case. JSON.parse is n8n's work, before the trigger is called: printed for scale only.
 * The figures go into bench/RESULTS.md between the terminal-trigger markers (npm run bench keeps them).
 */
const fs = require('fs');
const path = require('path');

const { requestBody } = require('../dist/nodes/OneOtTerminalTrigger/request');
const { normaliseBody } = require('../dist/nodes/shared/terminalEvents/normalise');

const RESULTS = path.join(__dirname, 'RESULTS.md');
const START = '<!-- terminal-trigger:start -->';
const END = '<!-- terminal-trigger:end -->';
const MB = 1024 * 1024;

function parseArgs(argv) {
	const opts = { runs: 5, write: true };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--runs') opts.runs = Number(argv[++i]);
		else if (argv[i] === '--no-write') opts.write = false;
		else throw new Error(`unknown option ${argv[i]}`);
	}
	return opts;
}

/* ---------- the bodies ---------- */
// Spellings that fold to the table's names (iccid, imei, country, trigger ...): each is a candidate to compare.
const LOOKALIKES = ['I_C_C_I_D', 'Iccid', 'i-ccid', 'IMEI', 'im_ei', 'Country', 'COUNTRY_CODE', 'Trigger', 'event-type', 'Message'];

function manyKeys(bytes) {
	const body = { trigger: 'Data limit exceeded' };
	let size = 0;
	for (let i = 0; size < bytes; i++) {
		const key = `${LOOKALIKES[i % LOOKALIKES.length]}_${i}`;
		body[key] = i % 3 === 0 ? `value ${i}` : i;
		size += key.length + 14;
	}
	body.iccid = '8988303000000000010'; // last: the whole object is read to find it
	return body;
}

const bigText = (bytes) => ({ iccid: '8988303000000000010', message: 'Data usage exceeded '.repeat(Math.ceil(bytes / 20)) });

function wrappedEverywhere(bytes) {
	// every wrapper the table knows, each a large object of look-alike keys
	const body = {};
	for (const w of ['data', 'payload', 'event', 'alert', 'notification', 'details', 'body']) body[w] = manyKeys(bytes / 7);
	return body;
}

function batch(count) {
	// ICCIDs and IMEIs as JSON numbers: beyond 2^53, their digits come back from the raw body
	const items = [];
	for (let i = 0; i < count; i++) {
		// 19-digit ICCIDs far enough apart (over 2^53 doubles are 1,024 apart there) that none is ambiguous
		items.push(`{"trigger":"${i % 2 ? 'Data limit exceeded' : 'Device outside its deployment country'}","iccid":${8988303000000000000n + BigInt(i) * 1000003n},"imei":${356938035643809 + i},"country":"EST","timestamp":${1772359200 + i}}`);
	}
	return `[${items.join(',')}]`;
}

const CASES = [
	{ name: '5 MB object of look-alike keys, the ICCID last', raw: () => JSON.stringify(manyKeys(5 * MB)) },
	{ name: '5 MB trigger text (message field)', raw: () => JSON.stringify(bigText(5 * MB)) },
	{ name: '5 MB across every wrapper (7 large objects)', raw: () => JSON.stringify(wrappedEverywhere(5 * MB)) },
	{ name: '5 MB text/plain push', raw: () => 'Data limit exceeded '.repeat((5 * MB) / 20), contentType: 'text/plain' },
	{ name: '5,000 notifications, ICCID and IMEI as JSON numbers', raw: () => batch(5000) },
];

/* ---------- timing ---------- */
function median(values) {
	const s = [...values].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
}

function recognise(parsed, raw, contentType) {
	const work = { keys: 0, chars: 0 };
	const { body, rawText } = requestBody(parsed, { 'content-type': contentType }, Buffer.from(raw));
	const events = normaliseBody(body, { rawBody: rawText, work });
	return { events, work };
}

async function throughEngine(parsed, raw, contentType) {
	const { runWebhook, chainWorkflow } = require('../test/helpers/engine');
	const workflow = chainWorkflow([{ name: 'Terminal Trigger', type: 'oneOtTerminalTrigger', parameters: { events: ['*'] } }]);
	const t0 = process.hrtime.bigint();
	const r = await runWebhook(workflow, { body: parsed, rawBody: raw, headers: { 'content-type': contentType } });
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	return { ms, items: r.run ? r.run.output('Terminal Trigger').length : 0 };
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const rows = [];
	for (const c of CASES) {
		const raw = c.raw();
		const contentType = c.contentType || 'application/json';
		let t0 = process.hrtime.bigint();
		const parsed = contentType === 'text/plain' ? {} : JSON.parse(raw);
		const parseMs = Number(process.hrtime.bigint() - t0) / 1e6;
		recognise(parsed, raw, contentType); // warm-up
		const times = [];
		let last;
		for (let i = 0; i < opts.runs; i++) {
			t0 = process.hrtime.bigint();
			last = recognise(parsed, raw, contentType);
			times.push(Number(process.hrtime.bigint() - t0) / 1e6);
		}
		const engine = await throughEngine(parsed, raw, contentType);
		const first = last.events[0];
		const row = {
			name: c.name,
			size: `${(Buffer.byteLength(raw) / MB).toFixed(2)} MB`,
			parse: parseMs.toFixed(0),
			median: median(times).toFixed(0),
			max: Math.max(...times).toFixed(0),
			engine: engine.ms.toFixed(0),
			events: last.events.length,
			found: `${first.event}, ${first.iccid ?? 'no ICCID'}`,
			work: `${last.work.keys.toLocaleString('en')} keys, ${last.work.chars.toLocaleString('en')} chars`,
		};
		rows.push(row);
		process.stdout.write(`${row.name}: ${row.size}; recogniser median ${row.median} ms (max ${row.max}, ${opts.runs} runs), webhook through the engine ${row.engine} ms; ${row.events} event(s), first: ${row.found}; read ${row.work}; JSON.parse ${row.parse} ms\n`);
	}
	const table = [
		'| body | size | recogniser, median (max) | webhook() through n8n-core, run included | events | first event | read | JSON.parse (n8n, for scale) |',
		'|---|---|---|---|---|---|---|---|',
		...rows.map((r) => `| ${r.name} | ${r.size} | ${r.median} ms (${r.max} ms) | ${r.engine} ms | ${r.events} | ${r.found} | ${r.work} | ${r.parse} ms |`),
	].join('\n');
	if (opts.write) {
		const section = [
			START,
			'## 1oT Terminal Trigger: hostile bodies',
			'',
			`\`node bench/terminal-trigger.js --runs ${opts.runs}\` (\`npm run bench:trigger\`), ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, 2 cores shared with other work. The recogniser folds each object's keys once and reads the raw body once per request (for identifiers sent as JSON numbers); texts are classified by their first 1,000 characters; the body is passed on whole. Before: a 50,000-key body took 6-7 s and a batch of 5,000 notifications 13-17 s.`,
			'',
			table,
			END,
		].join('\n');
		const current = fs.readFileSync(RESULTS, 'utf8');
		const next = current.includes(START)
			? current.slice(0, current.indexOf(START)) + section + current.slice(current.indexOf(END) + END.length)
			: `${current.trimEnd()}\n\n${section}\n`;
		fs.writeFileSync(RESULTS, next);
		process.stdout.write(`figures written to ${path.relative(process.cwd(), RESULTS)}\n`);
	}
}

main().catch((e) => {
	process.stderr.write(`${e.stack || e.message}\n`);
	process.exitCode = 1;
});
