// Vector tile speed.
//   npx tsx scripts/bench/tiles.ts [--scale 1] [--samples 30] [--loads 5]
// With REDGRID_BENCH_DATABASE_URL the kept city is used as it is (no seed, --scale ignored; nothing
// in it is written but the sign-in's session): a scale-50 run needs no 12-minute seed.
// Baseline: each sample tile's SQL run directly, as the app runs it (a prepared statement) and, for
// comparison, as an unnamed one (planned every time), each on a connection of its own that first
// ran the warm-up tiles (other tiles of the same layers) once. Then over HTTP with the built app,
// after the same warm-up: cache misses (p50 / p95, ratio to the baseline), cache hits, tiles per
// second with 2 concurrent clients (all misses, a freshly started app), the largest tile per layer,
// and the time from page load to the map's first `idle` in headless Chromium, at the default
// city-wide view and at a street view, beside the floor of that browser: an empty MapLibre map (one
// background layer, no tile) served on the app's origin, from navigation to its first idle.
// Cache hits have their own baseline: a bare node:http server (scripts/bench/bare-tile-server.mjs,
// a child process like the app) answering the same paths with the same bytes and headers, to the
// same client; and, for comparison, the same app with every tile through SvelteKit's router
// (REDGRID_TILE_FAST_PATH=0). The client of every HTTP figure is node:http on kept-alive
// connections (httpGet below), not `fetch`, whose own per-request time was larger than a small
// tile's whole answer.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
	appOnKeptDatabase,
	benchEnv,
	readAheadDone,
	launchBrowser,
	signIn as signInHttp,
	log,
	machine,
	ms,
	percentile,
	ratio,
	sortNum,
	table
} from './lib';
import { freePort } from '../lib/cluster';
import { startApp, stopApp } from '../lib/app';
import { ensureBuild } from '../lib/build';
import { config } from '../lib/config';
import { signIn } from '../../tests/setup/browser';
import { LAYER_IDS, type LayerId } from '../../src/lib/map/layer-ids';
import { tileAt } from '../../src/lib/server/tiles/coords';
import { TILE_GZIP_LEVEL } from '../../src/lib/server/tiles/cache';

const args = parseArgs({
	options: {
		scale: { type: 'string', default: '1' },
		samples: { type: 'string', default: '30' },
		loads: { type: 'string', default: '5' },
		rounds: { type: 'string', default: '5' }
	}
}).values;
const SCALE = Number(args.scale);
const SAMPLES = Number(args.samples);
const LOADS = Number(args.loads);
/** rounds of the cache-hit throughput runs (app, bare server, router path in turn); medians reported */
const ROUNDS = Number(args.rounds);
/** passes over the sample tiles in each server's turn of a hit round (about 2–3 s of requests) */
const HIT_PASSES = 8;

/** Zooms measured per layer: where the layer starts (densest tiles) and where users work. */
const ZOOMS: Record<LayerId, number[]> = {
	areas: [8, 12],
	// from the layer's minzoom (LAYER_ZOOMS): below it the app answers an empty tile without SQL
	'grid-cells': [12, 15],
	compounds: [12, 15],
	buildings: [14, 16],
	facilities: [10, 15],
	'party-orgs': [10, 15],
	companies: [10, 15],
	tickets: [10, 14]
};

const sqlOf = (layer: LayerId) =>
	readFileSync(`src/lib/server/tiles/${layer}.sql`, 'utf8').replaceAll('/*scope*/', 'true');

type Tile = { layer: LayerId; z: number; x: number; y: number };
const key = (t: Tile) => `${t.layer}/${t.z}/${t.x}/${t.y}`;

/** Chromium's process kinds, as its `--type` switch names them (none: the browser process). */
const CHROMIUM_KINDS = ['renderer', 'gpu-process', 'browser'] as const;

/**
 * CPU time (ms, user + system, from /proc/<pid>/stat) of every Chromium process on this machine by
 * kind: renderer (the page's main thread and MapLibre's worker), gpu-process (SwiftShader: WebGL
 * and the compositor drawn on the CPU), browser, other (network and storage services). Empty where
 * there is no /proc. The bench's browser is the only Chromium running while it measures.
 */
function chromiumCpuMs(): Map<number, { kind: string; ms: number }> {
	const out = new Map<number, { kind: string; ms: number }>();
	let pids: string[] = [];
	try {
		pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
	} catch {
		return out;
	}
	const tick = 100; // USER_HZ: clock ticks per second on Linux
	for (const pid of pids)
		try {
			const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
			if (!/chrom/.test(cmd.split('\0')[0])) continue;
			const type = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
			const kind = (CHROMIUM_KINDS as readonly string[]).includes(type) ? type : 'other';
			// fields after the command name: utime and stime are the 12th and 13th
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const f = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
			out.set(Number(pid), { kind, ms: ((Number(f[11]) + Number(f[12])) * 1000) / tick });
		} catch {
			// the process ended meanwhile
		}
	return out;
}

/** CPU ms by process kind spent between two chromiumCpuMs() readings. */
function cpuSpent(before: ReturnType<typeof chromiumCpuMs>, after: ReturnType<typeof chromiumCpuMs>) {
	const by: Record<string, number> = {};
	for (const [pid, p] of after) by[p.kind] = (by[p.kind] ?? 0) + p.ms - (before.get(pid)?.ms ?? 0);
	return by;
}

/** The views of the map page timed to first idle: the page's default (city-wide, z11) and a street view. */
const VIEWS: [string, string][] = [
	['city, z11 (default)', '/map'],
	['streets, z14.5', '/map?at=114.982,27.11,14.5']
];

/**
 * The bench's HTTP client for tiles: node:http on kept-alive connections (one per concurrent
 * request). undici's `fetch` spent about 1.1 ms of the client's own time per request here (a miss
 * of a small scale-1 tile measured 2.8 ms with it and 1.5 ms with this, a hit 1.4 against 0.34 ms),
 * which the miss ratios then counted as the server's.
 */
const agent = new http.Agent({ keepAlive: true });
function httpGet(
	url: string,
	headers: Record<string, string>
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
	return new Promise((resolve, reject) => {
		http
			.get(url, { agent, headers }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: Object.fromEntries(
							Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])
						),
						body: Buffer.concat(chunks)
					})
				);
				res.on('error', reject);
			})
			.on('error', reject);
	});
}

const kept = config.benchDatabaseUrl;
const env = await benchEnv({ scale: SCALE });
/**
 * The built app on the bench's database, freshly started (an empty tile cache) and done with its
 * start-up read-ahead (the walk graph and candidate grid for siting: 4–6 s of the process's and
 * PostgreSQL's time at scale 50, which misses measured meanwhile share); `extra`: more environment.
 */
async function tileApp(extra: Record<string, string> = {}): Promise<{ base: string; stop(): Promise<void> }> {
	const app = await startTileApp(extra);
	await readAheadDone(app.base);
	return app;
}
async function startTileApp(extra: Record<string, string>): Promise<{ base: string; stop(): Promise<void> }> {
	if (kept) return appOnKeptDatabase(kept, extra);
	ensureBuild(log);
	const port = await freePort();
	const child = await startApp({
		port,
		databaseUrl: env.url,
		env: { REDGRID_DEMO: '1', REDGRID_SIMULATOR: '0', REDGRID_DATA_DIR: env.pg!.scratch, ...extra },
		quiet: true
	});
	return { base: `http://127.0.0.1:${port}`, stop: () => stopApp(child) };
}
let app = await tileApp();
let base = app.base;
const client = new pg.Client({ connectionString: env.url });
await client.connect();
try {
	const { rows: counts } = await client.query(
		`SELECT (SELECT count(*) FROM buildings)::int AS buildings, (SELECT count(*) FROM tickets)::int AS tickets,
		   (SELECT count(*) FROM tickets WHERE ticket_is_open(status))::int AS open`
	);
	log(`data: ${counts[0].buildings} buildings, ${counts[0].tickets} tickets (${counts[0].open} open)`);

	// sample tiles where the data is: around random buildings (distinct per layer and zoom)
	const { rows: spots } = await client.query<{ lon: number; lat: number }>(
		`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM buildings
		 ORDER BY random() LIMIT 2000) s`
	);
	const groups = new Map<string, Tile[]>();
	for (const layer of LAYER_IDS)
		for (const z of ZOOMS[layer]) {
			const seen = new Map<string, Tile>();
			for (const s of spots) {
				const t = { layer, ...tileAt(s.lon, s.lat, z) };
				seen.set(key(t), t);
				if (seen.size >= SAMPLES) break;
			}
			groups.set(`${layer}|${z}`, [...seen.values()]);
		}
	const all = [...groups.values()].flat();
	log(`${all.length} sample tiles`);
	// the app's warm-up: other tiles of the same layers (a zoom beside each sampled one, never sampled
	// itself), so that the misses measured are not the process's first run of its tile code and
	// statements (a cold app's first misses took twice as long)
	const warm: Tile[] = [...groups.values()].flatMap((tiles) =>
		tiles.map((t) => {
			const z = t.z + 1 <= 16 ? t.z + 1 : t.z - 1;
			const scale = 2 ** (z - t.z);
			return { layer: t.layer, z, x: Math.floor(t.x * scale), y: Math.floor(t.y * scale) };
		})
	);

	// baseline: the same SQL run directly, as the app runs it (a prepared statement, one per layer)
	// and, for comparison, unnamed (parsed and planned every time), each on a connection of its own
	// warmed as the app's is (the warm-up tiles once, each sample tile then run once). A server
	// process's first pass over pages it has not read before is several times slower however warm the
	// shared buffers are (src/lib/server/db/pool.ts, TILE_IDLE_MS): a baseline that had run the sample
	// tiles before would be measured on pages its process had already mapped, the app on pages new to
	// its own.
	const sizes = new Map<string, number>();
	const mvts = new Map<string, Buffer>();
	const named = (t: Tile) => ({ name: `bench_${t.layer}`, text: sqlOf(t.layer), values: [t.z, t.x, t.y] });
	const baseline = async (prepared: boolean) => {
		const c = new pg.Client({ connectionString: env.url });
		await c.connect();
		const run = async (t: Tile) => {
			const s = performance.now();
			const { rows } = prepared ? await c.query(named(t)) : await c.query(sqlOf(t.layer), [t.z, t.x, t.y]);
			const d = performance.now() - s;
			sizes.set(key(t), rows[0].mvt?.length ?? 0);
			mvts.set(key(t), rows[0].mvt ?? Buffer.alloc(0));
			return d;
		};
		for (const t of warm) await run(t);
		const times = new Map<string, number>();
		for (const t of all) times.set(key(t), await run(t));
		await c.end();
		return times;
	};
	const unnamed = await baseline(false);
	const direct = await baseline(true);

	// HTTP as admin (every ticket), accepting gzip like a browser
	const cookie = await signInHttp(base, 'admin');
	const versions = new Map<string, string>();
	const refreshVersions = async () => {
		for (const layer of LAYER_IDS) {
			const tj = await (await fetch(`${base}/api/tiles/${layer}.json`, { headers: { cookie } })).json();
			versions.set(layer, new URL(tj.tiles[0].replace(/\{[xyz]\}/g, '0')).searchParams.get('v')!);
		}
	};
	await refreshVersions();
	const hitHeaders = new Map<string, Record<string, string>>();
	const fetchTile = async (t: Tile, from = base) => {
		const s = performance.now();
		const res = await httpGet(`${from}/api/tiles/${key(t)}.mvt?v=${versions.get(t.layer)}`, {
			cookie,
			'accept-encoding': 'gzip'
		});
		if (res.status !== 200) throw new Error(`${key(t)} answered ${res.status}`);
		if (from === base) hitHeaders.set(key(t), res.headers);
		return performance.now() - s;
	};
	/**
	 * Tiles per second of 2 concurrent clients fetching every sample tile `passes` times from `from`
	 * (a pass of cache hits takes about 0.3 s: one pass per round left a round to a GC pause or a timer
	 * of the app's, and the ratio of hits moved by ±0.1 from run to run).
	 */
	const rate = async (from: string, passes = 1) => {
		const queue = Array.from({ length: passes }, () => all).flat();
		const t0 = performance.now();
		await Promise.all(
			[0, 1].map(async () => {
				for (let t = queue.shift(); t; t = queue.shift()) await fetchTile(t, from);
			})
		);
		return (all.length * passes) / ((performance.now() - t0) / 1000);
	};
	for (let i = 0; i < 20; i++) await fetch(`${base}/api/health`); // warm the HTTP path
	/** misses then hits of the warm-up tiles */
	const warmUp = async () => {
		for (const pass of [1, 2]) for (const t of warm) await fetchTile(t).catch(() => pass);
	};
	await warmUp();
	const miss = new Map<string, number>();
	for (const t of all) miss.set(key(t), await fetchTile(t));
	const hit = new Map<string, number>();
	for (const t of all) hit.set(key(t), await fetchTile(t));

	const rows: (string | number)[][] = [];
	for (const [g, tiles] of groups) {
		const [layer, z] = g.split('|');
		const d = sortNum(tiles.map((t) => direct.get(key(t))!));
		const u = sortNum(tiles.map((t) => unnamed.get(key(t))!));
		const m = sortNum(tiles.map((t) => miss.get(key(t))!));
		const h = sortNum(tiles.map((t) => hit.get(key(t))!));
		const big = Math.max(...tiles.map((t) => sizes.get(key(t))!));
		rows.push([
			layer,
			z,
			tiles.length,
			ms(percentile(d, 50)),
			ms(percentile(d, 95)),
			ms(percentile(u, 50)),
			ms(percentile(m, 50)),
			ms(percentile(m, 95)),
			ratio(percentile(m, 50), percentile(d, 50)),
			ratio(percentile(m, 95), percentile(d, 95)),
			ms(percentile(h, 95)),
			`${(big / 1024).toFixed(1)} KB`
		]);
	}
	const allD = sortNum([...direct.values()]);
	const allU = sortNum([...unnamed.values()]);
	const allM = sortNum([...miss.values()]);
	const allH = sortNum([...hit.values()]);

	// throughput: 2 concurrent clients over every sample tile, all misses: a freshly started app
	// (an empty cache; no layer version is bumped, so a kept city is left as it was), warmed up first
	await app.stop();
	app = await tileApp();
	base = app.base;
	await warmUp();
	const queue = [...all];
	const t0 = performance.now();
	await Promise.all(
		[0, 1].map(async () => {
			for (let t = queue.shift(); t; t = queue.shift()) await fetchTile(t);
		})
	);
	const missRate = all.length / ((performance.now() - t0) / 1000);

	// cache hits: this app, a bare node:http server with the same bytes, the app through the router
	const dir = mkdtempSync(path.join(os.tmpdir(), 'redgrid-bare-'));
	const spec: Record<string, { headers: Record<string, string>; body: string }> = {};
	for (const t of all) {
		const h = Object.fromEntries(
			Object.entries(hitHeaders.get(key(t))!).filter(
				([n]) => !['date', 'connection', 'keep-alive'].includes(n)
			)
		);
		const raw = mvts.get(key(t))!;
		// the app's cache holds the same MVT gzipped at the same level (src/lib/server/tiles/service.ts)
		spec[`/api/tiles/${key(t)}.mvt`] = {
			headers: h,
			body: (raw.length ? gzipSync(raw, { level: TILE_GZIP_LEVEL }) : raw).toString('base64')
		};
	}
	writeFileSync(path.join(dir, 'tiles.json'), JSON.stringify(spec));
	const bare = spawn(process.execPath, ['scripts/bench/bare-tile-server.mjs', path.join(dir, 'tiles.json')], {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const router = await tileApp({ REDGRID_TILE_FAST_PATH: '0' });
	const routerUrl = router.base;
	const hitRates: number[] = [];
	/** one client's round trips to the bare server: what any HTTP answer costs this client here */
	const floor: number[] = [];
	const bareRates: number[] = [];
	const routerRates: number[] = [];
	try {
		const barePort = await new Promise<string>((resolve) =>
			createInterface({ input: bare.stdout! }).once('line', resolve)
		);
		const bareBase = `http://127.0.0.1:${barePort}`;
		await rate(routerUrl); // fill its cache (misses)
		await rate(bareBase); // warm the connection
		for (const t of all) floor.push(await fetchTile(t, bareBase));
		for (let i = 0; i < ROUNDS; i++) {
			hitRates.push(await rate(base, HIT_PASSES));
			bareRates.push(await rate(bareBase, HIT_PASSES));
			routerRates.push(await rate(routerUrl, HIT_PASSES));
		}
	} finally {
		bare.kill('SIGTERM');
		rmSync(dir, { recursive: true, force: true });
	}
	const hitRate = percentile(sortNum(hitRates), 50);
	const bareRate = percentile(sortNum(bareRates), 50);
	const routerRate = percentile(sortNum(routerRates), 50);
	// the same two-client run of the SQL alone, on two fresh connections that each ran the warm-up
	// tiles once first (as the restarted app did before its run: every sample tile new to both)
	const q3 = [...all];
	const pair = [0, 1].map(() => new pg.Client({ connectionString: env.url }));
	for (const c of pair) {
		await c.connect();
		for (const t of warm) await c.query(named(t));
	}
	const t2 = performance.now();
	await Promise.all(
		pair.map(async (c) => {
			for (let t = q3.shift(); t; t = q3.shift()) await c.query(named(t));
		})
	);
	const sqlRate = all.length / ((performance.now() - t2) / 1000);
	for (const c of pair) await c.end();

	// page load → first idle in headless Chromium
	log('page load to first idle in Chromium');
	const browser = await launchBrowser();
	/** first idle (ms) by view: the app, and the app with every tile through the router */
	const loads = new Map(VIEWS.map(([v]) => [v, [] as number[]]));
	const routerLoads = new Map(VIEWS.map(([v]) => [v, [] as number[]]));
	const waits: (string | number)[][] = [];
	/** first idle (ms) of the floor: an empty MapLibre map in the same browser */
	const floorLoads: number[] = [];
	/** CPU ms by Chromium process kind, per load of the app (by view) and of the floor */
	const cpu = new Map<string, Record<string, number>[]>();
	const addCpu = (key: string, spent: Record<string, number>) =>
		cpu.set(key, [...(cpu.get(key) ?? []), spent]);
	try {
		const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const first = await context.newPage();
		process.env.REDGRID_TEST_BASE_URL = base; // for signIn()
		await signIn(first, 'admin'); // the context keeps the session cookie (for every port of the host)
		log(`signed in (${first.url()})`);
		await first.close();
		// each view: the app, then the same app with every tile through the router, in turn
		for (const [view, viewPath] of VIEWS)
			for (let i = 0; i < LOADS * 2; i++) {
				const from = i % 2 ? routerUrl : base;
				const page = await context.newPage();
				// what the page waits for: every request, its kind, bytes and end (ms after the navigation)
				const got: Promise<{ kind: string; end: number; bytes: number }>[] = [];
				const t0 = Date.now();
				const cpu0 = chromiumCpuMs();
				page.on('requestfinished', (r) =>
					got.push(
						Promise.all([r.sizes(), r.response().then((res) => res?.headerValue('content-length'))]).then(
							([sz, length]) => {
								const u = r.url();
								const kind = u.includes('.mvt')
									? 'tiles'
									: /\/api\/tiles\/[^/]+\.json/.test(u)
										? 'TileJSON'
										: u.endsWith('.js')
											? 'script'
											: 'other';
								return {
									kind,
									end: r.timing().startTime - t0 + r.timing().responseEnd,
									// bytes on the wire (gzip); Chromium gives -1 for a body it did not keep
									bytes: Number(length) || Math.max(0, sz.responseBodySize)
								};
							},
							() => ({ kind: 'other', end: 0, bytes: 0 })
						)
					)
				);
				await page.goto(`${from}${viewPath}`);
				log(`loaded ${page.url()}`);
				// a string, not a function: tsx would wrap a function's inner names in a helper the page lacks
				const t = await page.evaluate<number>(`new Promise((resolve) => {
				const wait = () => {
					const m = window.__redgridMap;
					if (!m) return location.pathname === '/map' ? setTimeout(wait, 10) : resolve(-1);
					if (m.loaded() && m.areTilesLoaded()) return resolve(performance.now());
					m.once('idle', () => resolve(performance.now()));
				};
				wait();
			})`);
				if (t < 0) throw new Error(`the map page did not load (at ${page.url()})`);
				if (i % 2 === 0) addCpu(view, cpuSpent(cpu0, chromiumCpuMs()));
				(i % 2 ? routerLoads : loads).get(view)!.push(t);
				if (i % 2 === 0) {
					const reqs = await Promise.all(got);
					for (const kind of ['script', 'TileJSON', 'tiles', 'other']) {
						const of = reqs.filter((r) => r.kind === kind);
						waits.push([
							view,
							`${i / 2 + 1}${i === 0 ? ' (cold)' : ''}`,
							kind,
							of.length,
							`${(of.reduce((a, r) => a + r.bytes, 0) / 1024).toFixed(0)} KB`,
							of.length ? ms(Math.max(...of.map((r) => r.end))) : '',
							ms(t)
						]);
					}
				}
				await page.close();
			}
		// The floor: what this browser takes to bring up a MapLibre map at all (the WebGL context in
		// SwiftShader, one background layer, no source, no tile), from navigation to the first idle,
		// on a page of its own served on the app's origin (MapLibre's own build, as the map page loads it)
		const floorPage = `${base}/__bench-floor`;
		const maplibre = readFileSync(path.resolve('node_modules/maplibre-gl/dist/maplibre-gl.js'));
		await context.route(`${floorPage}/maplibre-gl.js`, (r) =>
			r.fulfill({ contentType: 'text/javascript', body: maplibre })
		);
		await context.route(floorPage, (r) =>
			r.fulfill({
				contentType: 'text/html',
				body: `<!doctype html><html><body style="margin:0"><div id="m" style="width:100vw;height:100vh"></div>
<script src="/__bench-floor/maplibre-gl.js"></script><script>
new maplibregl.Map({ container: 'm', center: [114.98, 27.11], zoom: 11,
  style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#f4f1ea' } }] }
}).once('idle', () => { window.__floorIdle = performance.now(); });
</script></body></html>`
			})
		);
		for (let i = 0; i < LOADS; i++) {
			const page = await context.newPage();
			const cpu0 = chromiumCpuMs();
			await page.goto(floorPage);
			floorLoads.push(
				await page
					.waitForFunction(() => (window as unknown as { __floorIdle?: number }).__floorIdle)
					.then((h) => h.jsonValue() as Promise<number>)
			);
			addCpu('the floor (empty map)', cpuSpent(cpu0, chromiumCpuMs()));
			await page.close();
		}
	} finally {
		await browser.close();
		await router.stop();
	}

	console.log(
		`\n## Vector tiles (${kept ? 'the kept city' : `scale ${SCALE}`}: ${counts[0].buildings} buildings, ${counts[0].tickets} tickets, ${counts[0].open} open)\n`
	);
	console.log(
		`Machine: ${machine()}, load average ${os
			.loadavg()
			.map((x) => x.toFixed(1))
			.join(
				' / '
			)} at the end. ${kept ? 'The kept city (REDGRID_BENCH_DATABASE_URL). ' : ''}Baseline: the tile's SQL run directly, as a prepared statement like the app's, on a connection that ran the same warm-up tiles as the app (each sample tile is new to both).`
	);
	table(
		"Cache misses by layer and zoom (HTTP with gzip vs. the same SQL direct, prepared like the app's)",
		[
			'layer',
			'z',
			'tiles',
			'SQL p50',
			'SQL p95',
			'unnamed SQL p50',
			'HTTP p50',
			'HTTP p95',
			'p50 ratio',
			'p95 ratio',
			'hit p95',
			'largest'
		],
		rows
	);
	table(
		'Overall',
		['figure', 'value', 'baseline', 'ratio', 'goal'],
		[
			[
				'miss p50',
				ms(percentile(allM, 50)),
				ms(percentile(allD, 50)),
				ratio(percentile(allM, 50), percentile(allD, 50)),
				'≤ 2× (scale 1)'
			],
			[
				'miss p50 vs the SQL as an unnamed statement (parsed and planned every time)',
				ms(percentile(allM, 50)),
				ms(percentile(allU, 50)),
				ratio(percentile(allM, 50), percentile(allU, 50)),
				''
			],
			[
				'miss p95',
				ms(percentile(allM, 95)),
				ms(percentile(allD, 95)),
				ratio(percentile(allM, 95), percentile(allD, 95)),
				'≤ 1.2× (scale 50)'
			],
			[
				'HTTP floor: bare node:http round trip p50 / p95 (same client, one at a time)',
				`${ms(percentile(sortNum(floor), 50))} / ${ms(percentile(sortNum(floor), 95))}`,
				'',
				'',
				''
			],
			[
				'miss p50 less the floor p50, vs the SQL p50',
				ms(percentile(allM, 50) - percentile(sortNum(floor), 50)),
				ms(percentile(allD, 50)),
				ratio(percentile(allM, 50) - percentile(sortNum(floor), 50), percentile(allD, 50)),
				''
			],
			[
				'cache hit p50',
				ms(percentile(allH, 50)),
				ms(percentile(sortNum(floor), 50)),
				ratio(percentile(allH, 50), percentile(sortNum(floor), 50)),
				'(vs the floor)'
			],
			[
				'cache hit p95',
				ms(percentile(allH, 95)),
				ms(percentile(allD, 95)),
				ratio(percentile(allH, 95), percentile(allD, 95)),
				'< 2 ms'
			],
			[
				'tiles/s, 2 clients, misses',
				missRate.toFixed(0),
				`${sqlRate.toFixed(0)} (SQL only)`,
				ratio(missRate, sqlRate),
				''
			],
			[
				`tiles/s, 2 clients, hits (median of ${ROUNDS} rounds of ${HIT_PASSES} passes)`,
				hitRate.toFixed(0),
				`${bareRate.toFixed(0)} (bare node:http, same bytes)`,
				ratio(hitRate, bareRate),
				'≥ 0.8×'
			],
			[
				'tiles/s, 2 clients, hits through the router (REDGRID_TILE_FAST_PATH=0)',
				routerRate.toFixed(0),
				`${bareRate.toFixed(0)} (bare node:http, same bytes)`,
				ratio(routerRate, bareRate),
				''
			],
			...VIEWS.flatMap(([view]) => {
				const l = sortNum(loads.get(view)!);
				const rl = sortNum(routerLoads.get(view)!);
				return [
					[
						`page load → first idle, ${view} (p50 of ${LOADS}; baseline: tiles through the router)`,
						ms(percentile(l, 50)),
						ms(percentile(rl, 50)),
						ratio(percentile(l, 50), percentile(rl, 50)),
						`< 2 s (${ratio(percentile(l, 50), 2000)} of it; ${ratio(percentile(l, 50), percentile(sortNum(floorLoads), 50))} the floor below)`
					],
					[`page load → first idle, ${view} (max)`, ms(l.at(-1)!), ms(rl.at(-1)!), '', '< 2 s']
				];
			}),
			[
				`first idle of an empty MapLibre map in the same browser (one background layer, no tile; p50 of ${LOADS}): the floor`,
				ms(percentile(sortNum(floorLoads), 50)),
				'',
				'',
				'< 2 s'
			],
			['largest tile', `${(Math.max(...sizes.values()) / 1024).toFixed(1)} KB`, '', '', '< 500 KB']
		]
	);
	if (cpu.size && [...cpu.values()].some((l) => l.some((c) => Object.keys(c).length)))
		table(
			`Chromium's CPU per page load, p50 of ${LOADS} (/proc): on ${os.cpus().length} cores a load takes at least its CPU over the cores`,
			['page', ...CHROMIUM_KINDS, 'other', 'all', `all / ${os.cpus().length} cores`, 'first idle p50'],
			[...cpu].map(([key, list]) => {
				const p50 = (k: string) => percentile(sortNum(list.map((c) => c[k] ?? 0)), 50);
				const all = percentile(sortNum(list.map((c) => Object.values(c).reduce((a, b) => a + b, 0))), 50);
				const idle = loads.get(key) ?? floorLoads;
				return [
					key,
					...[...CHROMIUM_KINDS, 'other'].map((k) => ms(p50(k))),
					ms(all),
					ms(all / os.cpus().length),
					ms(percentile(sortNum(idle), 50))
				];
			})
		);
	table(
		'What the map page waits for (the app, each load in a new tab of one browser: tiles come from the browser cache after the first)',
		['view', 'load', 'requests', 'count', 'bytes', 'last ends', 'first idle'],
		waits
	);
} finally {
	await client.end();
	await app.stop();
	await env.dispose();
}
