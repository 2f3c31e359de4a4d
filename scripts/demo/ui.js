'use strict';
/* Friendly console output for the demo: ✓ marks, numbered steps, colour only on a terminal (NO_COLOR respected). */

function createUi(stream = process.stdout) {
	const color = Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
	const paint = (code) => (s) => (color ? `\x1b[${code}m${s}\x1b[0m` : String(s));
	const c = { bold: paint('1'), dim: paint('2'), green: paint('32'), red: paint('31'), yellow: paint('33'), cyan: paint('36') };
	const write = (s = '') => stream.write(`${s}\n`);
	return {
		c,
		line: write,
		title: (s) => write(`\n${c.bold(s)}`),
		info: (s) => write(`  ${s}`),
		wait: (s) => write(`  ${c.dim('…')} ${s}`),
		ok: (s) => write(`  ${c.green('✓')} ${s}`),
		fail: (s) => write(`  ${c.red('✗')} ${s}`),
		warn: (s) => write(`  ${c.yellow('!')} ${s}`),
		step: (n, s) => write(`\n${c.bold(`${n}. ${s}`)}`),
		detail: (s) => write(`     ${c.dim(s)}`),
	};
}

module.exports = { createUi };
