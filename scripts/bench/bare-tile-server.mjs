// The baseline of the tiles benchmark's cache hits (scripts/bench/tiles.ts): a bare node:http server
// that answers each tile path with bytes and headers given to it, nothing else (no routing, no
// sessions, no cache lookup). Run as a child process, like the app, so that it does not share the
// benchmark client's event loop:
//   node scripts/bench/bare-tile-server.mjs FILE   (FILE: JSON {path: {headers, body (base64)}})
// It prints its port on stdout once it listens.
import { readFileSync } from 'node:fs';
import http from 'node:http';

/** @type {Record<string, {headers: Record<string, string>, body: string}>} */
const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const tiles = new Map(
	Object.entries(spec).map(([p, t]) => {
		const body = Buffer.from(t.body, 'base64');
		return [p, { body, headers: { ...t.headers, 'content-length': String(body.length) } }];
	})
);

const server = http.createServer((req, res) => {
	const q = req.url?.indexOf('?') ?? -1;
	const tile = tiles.get(q < 0 ? (req.url ?? '') : (req.url ?? '').slice(0, q));
	if (!tile) {
		res.writeHead(404);
		res.end();
		return;
	}
	res.writeHead(200, tile.headers);
	res.end(tile.body);
});
server.listen(0, '127.0.0.1', () => {
	const address = server.address();
	console.log(typeof address === 'object' && address ? address.port : 0);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
