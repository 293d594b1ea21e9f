// Starts the built app (adapter-node) as a child process and waits until /api/health answers.
import { config } from './config';
import { spawn, type ChildProcess } from 'node:child_process';
import https from 'node:https';

export interface AppOptions {
	port: number;
	databaseUrl: string;
	env?: Record<string, string>;
	/** the address to listen on (HOST; unset: config.host, all interfaces) */
	host?: string;
	quiet?: boolean;
	/** certificate and key files: serve over HTTPS through scripts/https.ts (adapter-node has no TLS) */
	tls?: { cert: string; key: string };
}

/** GET over https accepting any certificate (ours may be self-signed): the health probe. */
const httpsOk = (url: string) =>
	new Promise<boolean>((resolve) => {
		https
			.get(url, { rejectUnauthorized: false }, (res) => {
				res.resume();
				resolve(res.statusCode === 200);
			})
			.on('error', () => resolve(false));
	});

export async function startApp(opts: AppOptions): Promise<ChildProcess> {
	// scripts/server.mjs serves build/handler.js over http or https (see there why not build/index.js)
	const entry = ['scripts/server.mjs'];
	const child = spawn(process.execPath, entry, {
		stdio: opts.quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
		env: {
			...process.env,
			...opts.env,
			PORT: String(opts.port),
			HOST: opts.host ?? config.host,
			DATABASE_URL: opts.databaseUrl,
			TZ: 'Asia/Shanghai',
			// live event streams never end by themselves: give them 5 s, not adapter-node's 30, on shutdown
			SHUTDOWN_TIMEOUT: String(config.shutdownTimeoutS),
			// adapter-node's hard cap: the largest upload (an import file). The hooks hold every other
			// route to REDGRID_BODY_LIMIT_KB (src/lib/server/limits.ts).
			BODY_SIZE_LIMIT: `${config.importMaxMb + 1}M`,
			...(opts.tls ? { REDGRID_TLS_CERT: opts.tls.cert, REDGRID_TLS_KEY: opts.tls.key } : {})
		}
	});
	const url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${opts.port}/api/health`;
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode} while starting`);
		try {
			if (opts.tls ? await httpsOk(url) : (await fetch(url)).ok) return child;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	child.kill('SIGTERM');
	throw new Error(`the app did not answer ${url} within 30 s`);
}

export function stopApp(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		child.once('exit', () => resolve());
		child.kill('SIGTERM');
		setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
	});
}
