// HTTPS for the built app. Browsers give geolocation only in a secure context, so a phone on the
// LAN needs https; adapter-node serves plain HTTP only, so this wraps its request handler
// (build/handler.js) in node:https with the certificate and key of REDGRID_TLS_CERT / REDGRID_TLS_KEY.
// `npm start` runs it instead of build/index.js when TLS is configured (see tlsOption below).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDir } from './lib/build';

/** The machine's LAN addresses (IPv4, not loopback): what a phone on the same network dials. */
export const lanAddresses = () =>
	Object.values(os.networkInterfaces())
		.flat()
		.filter((a) => a && a.family === 'IPv4' && !a.internal)
		.map((a) => a!.address);

/**
 * A self-signed certificate for localhost and the LAN addresses, made with openssl once and kept
 * in `dir` (a browser warns about it once; it is for trying the demo from a phone, not production).
 */
export function selfSignedCertificate(dir: string, log: (s: string) => void): { cert: string; key: string } {
	const cert = path.join(dir, 'cert.pem');
	const key = path.join(dir, 'key.pem');
	if (existsSync(cert) && existsSync(key)) return { cert, key };
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	const names = ['DNS:localhost', 'IP:127.0.0.1', ...lanAddresses().map((a) => `IP:${a}`)];
	log(`generating a self-signed certificate for ${names.join(', ')} in ${dir}`);
	execFileSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-sha256',
			'-days',
			'825',
			'-keyout',
			key,
			'-out',
			cert,
			'-subj',
			'/CN=RedGrid demo',
			'-addext',
			`subjectAltName=${names.join(',')}`
		],
		{ stdio: 'ignore' }
	);
	return { cert, key };
}

/**
 * The TLS files to serve with, from the environment: REDGRID_TLS_CERT + REDGRID_TLS_KEY, or
 * REDGRID_TLS=self-signed (demo mode only) for a generated certificate. Undefined: plain HTTP.
 */
export function tlsOption(
	demo: boolean,
	dataDir: string,
	log: (s: string) => void
): { cert: string; key: string } | undefined {
	const { REDGRID_TLS_CERT: cert, REDGRID_TLS_KEY: key, REDGRID_TLS: mode } = process.env;
	if (cert || key) {
		if (!cert || !key) throw new Error('set both REDGRID_TLS_CERT and REDGRID_TLS_KEY (or neither)');
		for (const f of [cert, key]) if (!existsSync(f)) throw new Error(`TLS file ${f} does not exist`);
		return { cert: path.resolve(cert), key: path.resolve(key) };
	}
	if (mode === 'self-signed') {
		if (!demo)
			throw new Error('REDGRID_TLS=self-signed is for demo mode; give REDGRID_TLS_CERT and REDGRID_TLS_KEY');
		return selfSignedCertificate(path.join(dataDir, 'tls'), log);
	}
	if (mode) throw new Error(`REDGRID_TLS: unknown value "${mode}" (only "self-signed")`);
	return undefined;
}

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

async function serve() {
	const { REDGRID_TLS_CERT: cert, REDGRID_TLS_KEY: key } = process.env;
	if (!cert || !key) throw new Error('scripts/https.ts needs REDGRID_TLS_CERT and REDGRID_TLS_KEY');
	const port = Number(process.env.PORT ?? 3000);
	const host = process.env.HOST ?? '0.0.0.0';
	// handler.js initialises the app (hooks' init, env) when imported
	const { handler } = (await import(pathToFileURL(path.resolve(buildDir(), 'handler.js')).href)) as {
		handler: Handler;
	};
	const server = https.createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (req, res) =>
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		})
	);
	server.listen(port, host, () => console.log(`Listening on https://${host}:${port}`));
	const stop = () => {
		server.close(() => process.exit(0));
		server.closeIdleConnections();
		// like adapter-node's index.js: let the app release what it holds (database pool, listeners)
		(process.emit as (event: string, ...args: unknown[]) => boolean)('sveltekit:shutdown', 'SIGTERM');
		setTimeout(() => process.exit(0), 10_000).unref();
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
	serve().catch((err) => {
		console.error(`https: ${(err as Error).message}`);
		process.exit(1);
	});
}
