// Shared pieces of the benchmarks: a seeded throwaway database, the built app, percentiles, tables.
import '../lib/one-line-errors';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { freePort } from '../lib/cluster';
import { ensureDatabase, prepareDatabase } from '../lib/database';
import { throwawayCluster, type Throwaway } from '../lib/throwaway';
import { ensureBuild } from '../lib/build';
import { startApp, stopApp } from '../lib/app';
import { config } from '../lib/config';
import { ensurePackages } from '../lib/tools';
import { launch } from '../../tests/setup/browser';

export const log = (s: string) => console.error(`[bench] ${s}`);

/**
 * Debian's Chromium (headless, WebGL through SwiftShader) for the browser benches and the
 * screenshots, with Chromium and the Noto CJK fonts installed first when missing (root).
 */
export function launchBrowser() {
	ensurePackages(['chromium', 'fonts'], log);
	return launch();
}

export interface BenchEnv {
	/** the throwaway cluster (none with REDGRID_BENCH_DATABASE_URL) */
	pg?: Throwaway;
	url: string;
	app?: { base: string; process: ChildProcess };
	dispose(): Promise<void>;
}

/** A throwaway cluster with the demo city loaded (at `scale`), and optionally the app serving it. */
export async function benchEnv(
	opts: { scale?: number; app?: boolean; cityOnly?: boolean } = {}
): Promise<BenchEnv> {
	const kept = config.benchDatabaseUrl;
	if (kept && !opts.app) {
		// a database seeded before (e.g. at scale 40, which takes about 20 minutes): migrated, not reseeded
		const { createPool } = await import('../../src/lib/server/db/pool');
		const { migrate } = await import('../../src/lib/server/db/migrate');
		process.env.DATABASE_URL = kept;
		const pool = createPool(kept, 2);
		await migrate(pool);
		await pool.end();
		log(`using the kept database REDGRID_BENCH_DATABASE_URL (its own scale; --scale ignored)`);
		return { url: kept, async dispose() {} };
	}
	const pg = await throwawayCluster(log);
	// never leave a throwaway cluster running: a failed seed, build or start stops it
	try {
		await ensureDatabase(pg.cluster, 'bench');
		const url = pg.cluster.url('bench');
		process.env.DATABASE_URL = url;
		if (opts.scale && opts.scale > 1) {
			const { createPool } = await import('../../src/lib/server/db/pool');
			const { migrate } = await import('../../src/lib/server/db/migrate');
			const { seedDemo } = await import('../../src/lib/server/demo/load');
			const pool = createPool(url, 4);
			await migrate(pool);
			await seedDemo(pool, { scale: opts.scale, log, cityOnly: opts.cityOnly });
			await pool.end();
		} else {
			await prepareDatabase(url, true, log);
		}
		const env: BenchEnv = {
			pg,
			url,
			async dispose() {
				if (env.app) await stopApp(env.app.process);
				pg.dispose();
			}
		};
		if (opts.app) {
			ensureBuild(log);
			const port = await freePort();
			const child = await startApp({
				port,
				databaseUrl: url,
				env: { REDGRID_DEMO: '1', REDGRID_SIMULATOR: '0', REDGRID_DATA_DIR: pg.scratch },
				quiet: true
			});
			env.app = { base: `http://127.0.0.1:${port}`, process: child };
		}
		return env;
	} catch (err) {
		pg.dispose();
		throw err;
	}
}

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[i];
}

export const sortNum = (xs: number[]) => [...xs].sort((a, b) => a - b);

/** Runs fn(0) … fn(n-1) one after another; their wall-clock times in ms, sorted ascending. */
export async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
	const out: number[] = [];
	for (let i = 0; i < n; i++) {
		const t = performance.now();
		await fn(i);
		out.push(performance.now() - t);
	}
	return sortNum(out);
}

export const machine = () =>
	`${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;

/** Prints a markdown table (to stdout, so it can be pasted into BENCHMARKS.md). */
export function table(title: string, header: string[], rows: (string | number)[][]) {
	console.log(`\n### ${title}\n`);
	console.log(`| ${header.join(' | ')} |`);
	console.log(`| ${header.map(() => '---').join(' | ')} |`);
	for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

/**
 * Signs in to the app at `base` as a demo user (password redgrid-demo); the session cookie header.
 * Throws naming the user when the sign-in is refused.
 */
export async function signIn(base: string, username: string): Promise<string> {
	const res = await fetch(`${base}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password: 'redgrid-demo' })
	});
	if (res.status !== 200) throw new Error(`signing in as ${username} answered ${res.status}`);
	return res.headers.getSetCookie()[0].split(';')[0];
}

/**
 * Waits until the app at `base` has finished its start-up read-ahead (`readAhead` in the signed-in
 * GET /api/health, src/lib/server/siting/service.ts), at most `timeoutMs`; logs how long it took.
 */
export async function readAheadDone(base: string, timeoutMs = 180_000): Promise<void> {
	const cookie = await signIn(base, 'admin');
	const until = Date.now() + timeoutMs;
	for (;;) {
		const res = await fetch(`${base}/api/health`, { headers: { cookie } });
		const { readAhead } = (await res.json()) as { readAhead?: { state: string; seconds?: number } };
		if (!readAhead) throw new Error(`GET /api/health answered ${res.status} with no readAhead`);
		if (readAhead.state === 'done' || readAhead.state === 'failed') {
			log(`the app's start-up read-ahead: ${readAhead.state} in ${readAhead.seconds} s`);
			return;
		}
		if (Date.now() > until) throw new Error(`the app's start-up read-ahead still ${readAhead.state}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

export const ms = (x: number) => `${x.toFixed(1)} ms`;
export const ratio = (x: number, base: number) => `${(x / base).toFixed(2)}×`;

/**
 * The built app serving the kept database REDGRID_BENCH_DATABASE_URL (`kept`: no throwaway cluster,
 * no seed; demo accounts as seeded, simulator off, its own scratch data directory). `stop` ends it.
 * `env`: more of the app's environment (e.g. REDGRID_TILE_FAST_PATH=0).
 */
export async function appOnKeptDatabase(
	kept: string,
	env: Record<string, string> = {}
): Promise<{ base: string; stop(): Promise<void> }> {
	ensureBuild(log);
	const dir = mkdtempSync(path.join(os.tmpdir(), 'redgrid-bench-'));
	const port = await freePort();
	const child = await startApp({
		port,
		databaseUrl: kept,
		env: { REDGRID_DEMO: '0', REDGRID_SIMULATOR: '0', REDGRID_DATA_DIR: dir, ...env },
		quiet: true
	});
	log('the app serves the kept database REDGRID_BENCH_DATABASE_URL (simulator off)');
	return {
		base: `http://127.0.0.1:${port}`,
		async stop() {
			await stopApp(child);
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
