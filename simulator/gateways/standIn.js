'use strict';
/*
 * What every gateway stand-in shares, so that each file holds only its gateway's routes and shapes: a server on
 * 127.0.0.1 (HTTP, or HTTPS with `tls`) that answers each request after a settable latency, a log of requests, faults
 * for the next requests (optionally for one path), and a close that does not wait for idle keep-alive connections.
 *
 *   const api = await serveStandIn({ port, tls, latencyMs }, {
 *     respond: (req, url) => ({ status, type, body }),    // the gateway's answer; body a string
 *     fault: (status, message) => ({ status, type, body }), // how the gateway words an injected failure
 *   });
 *   api.url, api.port, api.server, api.requests(), api.resetRequests(), api.failNext({ status, count, path, message }),
 *   api.setLatency(ms), await api.close()
 */
const http = require('node:http');
const https = require('node:https');

function serveStandIn({ port = 0, tls = null, latencyMs = 0 } = {}, { respond, fault }) {
	let latency = latencyMs;
	const log = [];
	let faults = [];

	const handler = (req, res) => {
		const url = new URL(req.url, `${tls ? 'https' : 'http'}://${req.headers.host ?? '127.0.0.1'}`);
		const entry = {
			method: req.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			authorization: req.headers.authorization ?? null,
			status: 0,
			at: Date.now(),
		};
		log.push(entry);
		const answer = () => {
			const f = faults.find((x) => x.count > 0 && (!x.path || x.path.test(url.pathname)));
			if (f) f.count -= 1;
			const out = f ? fault(f.status, f.message) : respond(req, url);
			entry.status = out.status;
			res.writeHead(out.status, { 'content-type': out.type, 'content-length': Buffer.byteLength(out.body), ...out.headers });
			res.end(out.body);
		};
		req.resume();
		req.on('end', () => (latency > 0 ? setTimeout(answer, latency) : answer()));
	};
	const server = tls ? https.createServer(tls, handler) : http.createServer(handler);

	return new Promise((resolve, reject) => {
		server.on('error', reject);
		server.listen(port, '127.0.0.1', () => {
			const url = `${tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}`;
			resolve({
				url,
				port: server.address().port,
				server,
				/** The next `count` requests (matching `path`, a RegExp, if given) answer `status`. */
				failNext: ({ status = 500, count = 1, path = null, message } = {}) => faults.push({ status, count, path, message }),
				setLatency: (ms) => (latency = ms),
				requests: () => log.slice(),
				resetRequests: () => {
					log.length = 0;
					faults = [];
				},
				close: () =>
					new Promise((r) => {
						server.closeAllConnections?.();
						server.close(() => r());
					}),
			});
		});
	});
}

module.exports = { serveStandIn };
