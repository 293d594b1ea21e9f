// The app's HTTP(S) server: adapter-node's request handler (build/handler.js) in node:http, or in
// node:https when REDGRID_TLS_CERT / REDGRID_TLS_KEY are set (adapter-node has no TLS; browsers give
// geolocation only in a secure context, so phones on the LAN need https).
//
// Without ORIGIN, adapter-node takes the protocol from PROTOCOL_HEADER or else assumes https, so a
// plain-http app would build https:// links (TileJSON, OGC, Open311). This server tells it the
// protocol of the socket the request really came on, in a header it overwrites on every request
// (a client cannot spoof it). ORIGIN, or PROTOCOL_HEADER set for a reverse proxy, still wins.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { config } from '../src/lib/server/config.js';

const OWN_HEADER = 'x-redgrid-protocol';
const ownProtocol = !config.origin && !config.protocolHeader;
if (ownProtocol) process.env.PROTOCOL_HEADER = OWN_HEADER;

const { tlsCert: cert, tlsKey: key } = config;
const tls = cert && key ? { cert: readFileSync(cert), key: readFileSync(key) } : null;
const { port, host } = config;

// handler.js initialises the app (hooks' init, env) when imported: after PROTOCOL_HEADER is set
const buildDir = path.resolve(config.buildDir);
const { handler } = await import(pathToFileURL(path.join(buildDir, 'handler.js')).href);
// what the app's init hook offers to answer before adapter-node (vector tiles: src/lib/server/tiles/fast.ts):
// true when it answered at once, false for a request it leaves to SvelteKit, or a promise of either
/** @type {((req: http.IncomingMessage, res: http.ServerResponse) => boolean | Promise<boolean>) | undefined} */
const front = /** @type {any} */ (globalThis)[Symbol.for('redgrid.frontHandler')];

/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
function listener(req, res) {
	if (ownProtocol) req.headers[OWN_HEADER] = tls ? 'https' : 'http';
	const next = () =>
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	// the tile fast path answers a cache hit at once (true), declines (false) or answers later
	const done = front && req.url?.startsWith('/api/tiles/') ? front(req, res) : false;
	if (done === false) next();
	else if (done !== true) done.then((answered) => answered || next());
}

const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
server.listen(port, host, () => console.log(`Listening on ${tls ? 'https' : 'http'}://${host}:${port}`));

// Like adapter-node's index.js: stop taking requests, let open ones (live streams) finish for up to
// SHUTDOWN_TIMEOUT seconds, and let the app release what it holds (pool, listeners).
const timeout = config.shutdownTimeoutS * 1000;
let stopping = false;
function stop(/** @type {string} */ reason) {
	if (stopping) return;
	stopping = true;
	server.close(() => {
		/** @type {NodeJS.EventEmitter} */ (process).emit('sveltekit:shutdown', reason);
		setTimeout(() => process.exit(0), 1000).unref();
	});
	server.closeIdleConnections();
	setTimeout(() => server.closeAllConnections(), timeout).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
