// The certificate for HTTPS (served by scripts/server.mjs): from REDGRID_TLS_CERT / REDGRID_TLS_KEY,
// or, in demo mode, a self-signed one made on request. Browsers give geolocation only in a secure
// context, so a phone on the LAN needs https.
import { config } from './lib/config';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
	const { tlsCert: cert, tlsKey: key, tlsMode: mode } = config;
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
