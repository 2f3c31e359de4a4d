'use strict';
/*
 * A throwaway PostgreSQL cluster for the queue-mode stack: Debian's server binaries, `initdb` into a temporary
 * folder, the server on a free loopback port with its unix socket in that folder, trust auth for one role. It shares
 * nothing with a PostgreSQL the machine may already run, and is gone after stop().
 *
 *   const pg = await startPostgres({ log });   // { port, database, user, env, query(sql), stop() }
 *
 * initdb refuses to run as root: as root, the cluster belongs to the `postgres` user (runuser).
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const e2e = require('../e2e/n8n');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The newest /usr/lib/postgresql/<major>/bin (Debian's layout), or PG_BIN. */
function binDir() {
	if (process.env.PG_BIN) return process.env.PG_BIN;
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'bin', 'initdb'))) : [];
	if (!majors.length) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql: run scripts/ci/ensure-debian-packages.sh postgresql');
	majors.sort((a, b) => Number(b) - Number(a));
	return path.join(root, majors[0], 'bin');
}

async function startPostgres({ database = 'n8n', user = 'n8n', log = () => {}, settings = {} } = {}) {
	const bin = binDir();
	const asRoot = process.getuid && process.getuid() === 0;
	// As root everything runs as `postgres`, which must be able to reach the folder
	const dir = e2e.makeTempDir('pg');
	fs.chmodSync(dir, 0o755);
	const data = path.join(dir, 'data');
	const socketDir = path.join(dir, 'sock');
	fs.mkdirSync(socketDir);
	if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	const as = (cmd, args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
	const run = (cmd, args) => {
		const [c, a] = as(cmd, args);
		return execFileSync(c, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	};

	const t0 = Date.now();
	run(path.join(bin, 'initdb'), ['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
	const port = await e2e.freePort();
	const conf = { listen_addresses: '127.0.0.1', max_connections: '200', ...settings };
	const args = ['-D', data, '-p', String(port), '-k', socketDir, ...Object.entries(conf).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
	const [cmd, cmdArgs] = as(path.join(bin, 'postgres'), args);
	const proc = e2e.spawnTracked(cmd, cmdArgs, { logFile: path.join(dir, 'postgres.log') });

	const psql = (sql, db = database) => run(path.join(bin, 'psql'), ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', db, '-c', sql]).trim();
	const until = Date.now() + 30000;
	for (;;) {
		if (proc.exited()) throw new Error(`postgres exited (${JSON.stringify(proc.exited())}):\n${proc.output().slice(-2000)}`);
		try {
			psql('select 1', 'postgres');
			break;
		} catch (e) {
			if (Date.now() > until) {
				await proc.stop({ signal: 'SIGINT' });
				throw new Error(`postgres not ready after 30 s: ${e.message}\n${proc.output().slice(-2000)}`);
			}
			await sleep(200);
		}
	}
	psql(`CREATE DATABASE ${database}`, 'postgres');
	log(`postgres ${path.basename(path.dirname(bin))} on 127.0.0.1:${port} (pid ${proc.pid}, ${((Date.now() - t0) / 1000).toFixed(1)}s)`);
	return {
		port,
		database,
		user,
		pid: proc.pid,
		dir,
		/** n8n's database settings for this cluster */
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: user,
			DB_POSTGRESDB_PASSWORD: 'unused-trust-auth',
		},
		/** Runs one SQL statement with psql; returns its unaligned, tuples-only output. */
		query: (sql) => psql(sql),
		output: proc.output,
		// SIGINT is PostgreSQL's fast shutdown: clients are disconnected, nothing waits for them
		stop: () => proc.stop({ signal: 'SIGINT', timeoutMs: 15000 }),
	};
}

module.exports = { startPostgres, binDir };
