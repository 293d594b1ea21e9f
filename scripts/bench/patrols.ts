// Field work: patrol position batches, check-ins, the zone page's API, coverage, route suggestion,
// and /my-grid's load in a phone browser (unthrottled, throttled, offline from the service worker).
//   npx tsx scripts/bench/patrols.ts [--batches 150]
// Baselines measured in the same run: a plain INSERT of the same 20 points (no checks, no track,
// no idempotency record) for the batch endpoint; GET /api/session (the hook's authentication and a
// trivial answer) for the other HTTP endpoints; nearest neighbour alone for the route's 2-opt.
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Page } from 'playwright-core';
import {
	benchEnv,
	launchBrowser,
	signIn,
	log,
	machine,
	ms,
	percentile,
	ratio,
	sortNum,
	table,
	timed
} from './lib';
import { stopApp } from '../lib/app';
import { nearestNeighbour, twoOpt } from '../../src/lib/field/route';

const args = parseArgs({ options: { batches: { type: 'string', default: '150' } } }).values;
const BATCHES = Number(args.batches);
const PER_BATCH = 20;

const env = await benchEnv({ app: true });
const base = env.app!.base;
const db = new pg.Pool({ connectionString: env.url, max: 4 });

const login = (username: string) => signIn(base, username);

try {
	const worker = await login('gridworker');
	const admin = await login('admin');
	const call = async (cookie: string, path: string, body?: unknown) => {
		const res = await fetch(`${base}${path}`, {
			method: body === undefined ? 'GET' : 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
		return res.json();
	};
	await db.query(`UPDATE patrols SET ended_at = greatest(now(), started_at) WHERE ended_at IS NULL`);
	const spot = (
		await db.query(
			`SELECT b.id, ST_X(ST_PointOnSurface(b.geom)) AS lon, ST_Y(ST_PointOnSurface(b.geom)) AS lat
			 FROM buildings b JOIN grid_cells c ON ST_Contains(c.geom, ST_PointOnSurface(b.geom))
			 JOIN users u ON u.person_id = c.worker_id AND u.username = 'gridworker' ORDER BY b.id LIMIT 1`
		)
	).rows[0];

	// a patrol of BATCHES × 20 fixes, 1 s apart, walking ≈ 1.1 m a second, timestamps ending now
	const patrol = await call(worker, '/api/patrols', {});
	// as if it began before the first fix (fixes from before a patrol's start are dropped)
	await db.query(`UPDATE patrols SET started_at = now() - interval '1 day' WHERE id = $1`, [patrol.id]);
	const total = BATCHES * PER_BATCH;
	const t0 = Date.now() - total * 1000;
	const batch = (b: number) =>
		Array.from({ length: PER_BATCH }, (_, k) => {
			const i = b * PER_BATCH + k;
			const w = i % 400; // back and forth along 200 steps
			return {
				t: t0 + i * 1000,
				lon: spot.lon + (w < 200 ? w : 400 - w) * 0.00001,
				lat: spot.lat,
				accuracy: 8
			};
		});
	log(`${BATCHES} batches of ${PER_BATCH} fixes over HTTP`);
	const batchTimes: number[] = [];
	for (let b = 0; b < BATCHES; b++) {
		const t = performance.now();
		const r = await call(worker, `/api/patrols/${patrol.id}/points`, {
			batchId: `bench-${b}`,
			points: batch(b)
		});
		batchTimes.push(performance.now() - t);
		if (r.accepted !== PER_BATCH) throw new Error(`batch ${b}: accepted ${r.accepted}`);
	}
	const firstFifth = sortNum(batchTimes.slice(0, Math.ceil(BATCHES / 5)));
	const lastFifth = sortNum(batchTimes.slice(-Math.ceil(BATCHES / 5)));
	const replay = await timed(50, (i) =>
		call(worker, `/api/patrols/${patrol.id}/points`, { batchId: `bench-${i}`, points: batch(i) })
	);

	// baseline: the same rows by a plain INSERT on its own connection
	const scratch = (
		await db.query(`INSERT INTO patrols (worker_id, district_id, started_at, ended_at)
		SELECT worker_id, district_id, now(), now() FROM patrols WHERE id = ${Number(patrol.id)} RETURNING id`)
	).rows[0].id;
	const plain = await timed(BATCHES, async (b) => {
		const pts = batch(b);
		await db.query(
			`INSERT INTO patrol_points (patrol_id, at, geom, accuracy_m)
			 SELECT $1, to_timestamp(t / 1000.0), ST_SetSRID(ST_MakePoint(x, y), 4326), 8
			 FROM unnest($2::float8[], $3::float8[], $4::float8[]) AS u(t, x, y)`,
			[scratch, pts.map((p) => p.t), pts.map((p) => p.lon), pts.map((p) => p.lat)]
		);
	});

	log('check-ins, zone, route, coverage, patrol list');
	await timed(30, () => call(worker, '/api/session')); // warm-up: connections, JIT
	const session = await timed(100, () => call(worker, '/api/session'));
	const checkins = await timed(50, () =>
		call(worker, `/api/patrols/${patrol.id}/checkins`, { buildingId: spot.id, lon: spot.lon, lat: spot.lat })
	);
	const zone = await timed(50, () => call(worker, `/api/me/zone?lon=${spot.lon}&lat=${spot.lat}`));
	const route = await timed(50, () => call(worker, `/api/me/route?lon=${spot.lon}&lat=${spot.lat}`));
	const coverage = await timed(20, () => call(admin, '/api/patrols/coverage?days=30'));
	const listDay = await timed(20, () => call(admin, '/api/patrols'));
	const adminSession = await timed(50, () => call(admin, '/api/session'));

	const p = (xs: number[]) => [ms(percentile(xs, 50)), ms(percentile(xs, 95))];
	const s50 = percentile(session, 50);
	const a50 = percentile(adminSession, 50);
	const plain50 = percentile(plain, 50);
	table(
		`Patrol position batches (${PER_BATCH} fixes each; ${BATCHES} batches, ${total} fixes in one patrol) — ${machine()}`,
		['operation', 'p50', 'p95', 'p50 vs baseline'],
		[
			['baseline: plain INSERT of 20 points (no checks, no track)', ...p(plain), '1.00×'],
			[
				'POST points, first fifth of the patrol',
				...p(firstFifth),
				ratio(percentile(firstFifth, 50), plain50)
			],
			[
				`POST points, last fifth (track of ~${total} points rebuilt)`,
				...p(lastFifth),
				ratio(percentile(lastFifth, 50), plain50)
			],
			[
				'POST points, replayed batch id (answered from its record)',
				...p(replay),
				ratio(percentile(replay, 50), plain50)
			]
		]
	);
	table(
		'Field endpoints over HTTP (the demo gridworker: 3 cells, 40 buildings; admin: the whole city)',
		['request', 'p50', 'p95', 'p50 vs baseline'],
		[
			['baseline: GET /api/session (gridworker)', ...p(session), '1.00×'],
			['GET /api/me/zone with a position', ...p(zone), ratio(percentile(zone, 50), s50)],
			['GET /api/me/route (12+ stops, NN + 2-opt)', ...p(route), ratio(percentile(route, 50), s50)],
			['POST /api/patrols/{id}/checkins', ...p(checkins), ratio(percentile(checkins, 50), s50)],
			['baseline: GET /api/session (admin)', ...p(adminSession), '1.00×'],
			['GET /api/patrols/coverage?days=30 (766 cells)', ...p(coverage), ratio(percentile(coverage, 50), a50)],
			["GET /api/patrols (today's patrols, city-wide)", ...p(listDay), ratio(percentile(listDay, 50), a50)]
		]
	);

	// the route suggestion alone, in process
	let seed = 1;
	const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) * 1000;
	const rows: (string | number)[][] = [];
	for (const n of [12, 50, 200]) {
		const cases = Array.from({ length: 20 }, () => Array.from({ length: n }, () => ({ x: rnd(), y: rnd() })));
		const start = { x: 500, y: 500 };
		const nnT = await timed(cases.length, async (i) => void nearestNeighbour(start, cases[i]));
		const bothT = await timed(
			cases.length,
			async (i) => void twoOpt(start, cases[i], nearestNeighbour(start, cases[i]))
		);
		rows.push([
			n,
			ms(percentile(nnT, 50)),
			ms(percentile(bothT, 50)),
			ratio(percentile(bothT, 50), percentile(nnT, 50))
		]);
	}
	table(
		'Route suggestion in process (20 random cases each)',
		['stops', 'NN p50 (baseline)', 'NN + 2-opt p50', 'ratio'],
		rows
	);

	// /my-grid in a phone browser: first load to usable (the zone's tickets listed) on an unthrottled
	// connection (baseline), on a throttled one (Chromium's network emulation: 1.6 Mbps down,
	// 750 kbps up, 150 ms RTT), and reopened with the server stopped (from the service worker's caches)
	const browser = await launchBrowser();
	try {
		const cookie = worker.split('=');
		const phone = async () => {
			const ctx = await browser.newContext({
				viewport: { width: 390, height: 844 },
				isMobile: true,
				hasTouch: true,
				permissions: ['geolocation'],
				geolocation: { longitude: spot.lon, latitude: spot.lat, accuracy: 8 }
			});
			await ctx.addCookies([{ name: cookie[0], value: cookie.slice(1).join('='), url: base }]);
			return ctx;
		};
		// usable: the first ticket card shown (reopened offline, that may be the service worker's early
		// paint, an inert picture of the page: src/lib/field/early-paint.ts); interactive: the app has
		// replaced any such picture and a tap on the first card opens it with its action buttons
		const usable = async (page: Page, times: { usable: number[]; interactive: number[] }) => {
			const t = performance.now();
			await page.goto(`${base}/my-grid`, { waitUntil: 'commit' });
			await page.locator('.cards .card').first().waitFor({ timeout: 60_000 });
			times.usable.push(performance.now() - t);
			await page.waitForFunction(() => !document.getElementById('field-early'), null, { timeout: 60_000 });
			await page.locator('.cards .card').first().tap();
			await page.locator('.cards .detail .actions .act').first().waitFor({ timeout: 60_000 });
			times.interactive.push(performance.now() - t);
		};
		const RUNS = 3;
		const fast = { usable: [] as number[], interactive: [] as number[] };
		const slow = { usable: [] as number[], interactive: [] as number[] };
		const offline = { usable: [] as number[], interactive: [] as number[] };
		const scratchTimes = { usable: [] as number[], interactive: [] as number[] };
		for (let i = 0; i < RUNS; i++) {
			const ctx = await phone();
			await usable(await ctx.newPage(), fast);
			await ctx.close();
			const ctx2 = await phone();
			const page = await ctx2.newPage();
			const cdp = await ctx2.newCDPSession(page);
			await cdp.send('Network.enable');
			await cdp.send('Network.emulateNetworkConditions', {
				offline: false,
				latency: 150,
				downloadThroughput: (1.6e6 / 8) | 0,
				uploadThroughput: (750e3 / 8) | 0
			});
			await usable(page, slow);
			await ctx2.close();
		}
		// a phone that has opened the page once online: its caches filled, then the server stops
		const ctx = await phone();
		const first = await ctx.newPage();
		await usable(first, scratchTimes);
		await first.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
		await first.reload();
		// its shell and the early paint of the zone last saved (its stamp: that zone's sync time, the
		// queue being empty) are in the cache
		await first.waitForFunction(
			async () => {
				const names = await caches.keys();
				const shell = names.find((n) => n.startsWith('redgrid-shell-'));
				if (!shell) return false;
				const cache = await caches.open(shell);
				const early = await cache.match('/my-grid/__early.html');
				if (!(await cache.match('/my-grid')) || !early) return false;
				const stamp = /data-stamp="([^"]*)"/.exec(await early.text())?.[1];
				const zones = await new Promise<{ syncedAt: string }[]>((resolve, reject) => {
					const open = indexedDB.open('redgrid-field');
					open.onerror = () => reject(open.error);
					open.onsuccess = () => {
						const all = open.result.transaction('zones').objectStore('zones').getAll();
						all.onsuccess = () => {
							resolve(all.result);
							open.result.close();
						};
					};
				});
				return zones.length === 1 && stamp === zones[0].syncedAt;
			},
			null,
			{ timeout: 30_000, polling: 500 }
		);
		await first.close();
		await stopApp(env.app!.process);
		for (let i = 0; i < RUNS; i++) {
			const page = await ctx.newPage();
			await usable(page, offline);
			await page.close();
		}
		await ctx.close();
		const med = (xs: number[]) => percentile(sortNum(xs), 50);
		const row = (name: string, t: typeof fast) => [
			name,
			ms(med(t.usable)),
			ratio(med(t.usable), med(fast.usable)),
			ms(med(t.interactive)),
			ratio(med(t.interactive), med(fast.interactive))
		];
		table(
			`/my-grid first load to usable (the zone's ticket cards shown) and to interactive (the app started: a tap opens a card with its actions), 390×844 touch, ${RUNS} runs each, median`,
			['connection', 'usable', 'vs unthrottled', 'interactive', 'vs unthrottled'],
			[
				row('baseline: unthrottled, fresh phone', fast),
				row('throttled 1.6 Mbps / 150 ms RTT, fresh phone', slow),
				row('reopened with the server stopped (service worker; usable = its early paint)', offline)
			]
		);
	} finally {
		await browser.close();
	}
} finally {
	await db.end();
	await env.dispose();
}
