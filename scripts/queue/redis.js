'use strict';
/*
 * A private Redis for the queue-mode stack: Debian's redis-server on a free loopback port, its own folder, no
 * persistence (no RDB snapshots, no AOF). Gone after stop().
 *
 *   const redis = await startRedis({ log });   // { port, env, stop() }
 */
const net = require('node:net');
const path = require('node:path');

const e2e = require('../e2e/n8n');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One PING over RESP; resolves true on +PONG. */
function ping(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let text = '';
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d) => {
			text += d;
			if (text.includes('\r\n')) done(text.startsWith('+PONG'));
		});
	});
}

async function startRedis({ log = () => {}, bin = process.env.REDIS_SERVER || 'redis-server' } = {}) {
	const dir = e2e.makeTempDir('redis');
	const port = await e2e.freePort();
	const t0 = Date.now();
	const proc = e2e.spawnTracked(
		bin,
		['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'yes', '--logfile', path.join(dir, 'redis.log')],
		{ cwd: dir },
	);
	const until = Date.now() + 15000;
	while (!(await ping(port))) {
		if (proc.exited()) throw new Error(`redis-server exited (${JSON.stringify(proc.exited())}): ${proc.output().slice(-2000)} (missing? run scripts/ci/ensure-debian-packages.sh redis-server)`);
		if (Date.now() > until) {
			await proc.stop();
			throw new Error('redis-server not answering PING after 15 s');
		}
		await sleep(100);
	}
	log(`redis on 127.0.0.1:${port} (pid ${proc.pid}, ${((Date.now() - t0) / 1000).toFixed(1)}s)`);
	return {
		port,
		pid: proc.pid,
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		stop: () => proc.stop({ signal: 'SIGTERM' }),
	};
}

module.exports = { startRedis, ping };
