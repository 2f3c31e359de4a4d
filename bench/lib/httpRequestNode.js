/**
 * n8n's real HTTP Request node (n8n-nodes-base, from the n8n that scripts/e2e/n8n-install.js caches outside the
 * repository: n8n-nodes-base is not a dependency of this package).
 *
 * The node's own `require('n8n-workflow')` is pointed at this repository's copy, so that the node and the engine
 * share one n8n-workflow as they do inside n8n (n8n 2.41.1 ships n8n-workflow 2.41.0, the version installed here;
 * `loadHttpRequest` checks that). Everything else the node needs comes from the cached install.
 */
const fs = require('fs');
const Module = require('module');
const path = require('path');

const N8N_VERSION = '2.41.1';

function cacheDir() {
	const { n8nPaths } = require('../../scripts/e2e/n8n-install');
	return path.join(n8nPaths(N8N_VERSION).dir, 'node_modules');
}

/** Installs n8n 2.41.1 into the cache if it is not there yet (minutes, once per machine). Parent process only. */
async function ensureInstalled(log) {
	const installer = require('../../scripts/e2e/n8n-install');
	if (installer.installed(N8N_VERSION)) return installer.installed(N8N_VERSION);
	log(`n8n ${N8N_VERSION} is not in the cache yet: installing it once for the HTTP Request baseline (3-6 minutes, 2-3 GB, outside the repository) ...`);
	return await installer.ensureN8n(N8N_VERSION);
}

let redirected = false;

function loadHttpRequest() {
	const modules = cacheDir();
	const file = path.join(modules, 'n8n-nodes-base', 'dist', 'nodes', 'HttpRequest', 'HttpRequest.node.js');
	if (!fs.existsSync(file)) throw new Error(`n8n's HTTP Request node is not at ${file}; run node scripts/e2e/n8n-install.js ${N8N_VERSION}`);
	const ours = require.resolve('n8n-workflow');
	const theirsPkg = JSON.parse(fs.readFileSync(path.join(modules, 'n8n-workflow', 'package.json'), 'utf8'));
	const oursPkg = require('n8n-workflow/package.json');
	if (theirsPkg.version !== oursPkg.version) {
		throw new Error(`n8n ${N8N_VERSION} ships n8n-workflow ${theirsPkg.version}, this repository has ${oursPkg.version}`);
	}
	if (!redirected) {
		redirected = true;
		const original = Module._resolveFilename;
		Module._resolveFilename = function (request, parent, ...rest) {
			if (request === 'n8n-workflow' && parent && parent.filename && parent.filename.startsWith(modules)) return ours;
			return original.call(this, request, parent, ...rest);
		};
	}
	const { HttpRequest } = require(file);
	return { type: 'n8n-nodes-base.httpRequest', nodeType: new HttpRequest(), file, n8nWorkflow: theirsPkg.version };
}

module.exports = { N8N_VERSION, ensureInstalled, loadHttpRequest };
