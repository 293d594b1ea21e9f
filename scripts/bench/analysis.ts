// Analysis speed: ticket density (city and one district), facility coverage, the city dashboard, the
// companies' list and scorecard, the owners' committee and joint meeting figures (三方联动).
//   npx tsx scripts/bench/analysis.ts [--scale 40] [--samples 15] [--only walk,density,coverage,dashboard,companies,committees,screens]
// `screens` (with REDGRID_BENCH_DATABASE_URL only): every screen an official opens, through HTTP as the
// page asks it, on the app built and started on the kept database (screensFigures below).
// The walking-distance section (walkNetworkFigures) runs first, unless --only names groups without `walk`.
// At --scale 40 the demo city has about 1,000,000 tickets. Each figure is the p95 of the app's SQL (run
// as the app runs it: JIT off, work_mem 64 MB, Beijing time), as a ratio against a baseline measured in the same run
// on the same rows: a plain indexed count(*) with the same WHERE clause.
import '../lib/raw-imports';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import os from 'node:os';
import {
	appOnKeptDatabase,
	benchEnv,
	log,
	machine,
	ms,
	percentile,
	ratio,
	signIn,
	sortNum,
	table
} from './lib';
import { config } from '../lib/config';

const args = parseArgs({
	options: {
		scale: { type: 'string', default: '40' },
		samples: { type: 'string', default: '15' },
		only: { type: 'string' }
	}
}).values;
/** the groups of figures to time (default: all) */
const ONLY = args.only?.split(',') ?? null;
const runs = (group: string) => !ONLY || ONLY.includes(group);
const SCALE = Number(args.scale);
const SAMPLES = Number(args.samples);

const sql = (p: string) => readFileSync(`src/lib/server/${p}`, 'utf8').replaceAll('/*scope*/', 'true');
const SIZE_Z10 = Math.round((24 * 2 * Math.PI * 6378137) / (512 * 2 ** 10));
const SIZE_Z13 = Math.round((24 * 2 * Math.PI * 6378137) / (512 * 2 ** 13));

const env = await benchEnv({ scale: SCALE });
const c = new pg.Client({
	connectionString: env.url,
	options: '-c timezone=Asia/Shanghai -c jit=off -c work_mem=64MB'
});
await c.connect();
try {
	const counts = (
		await c.query(`SELECT (SELECT count(*) FROM tickets)::int AS tickets, (SELECT count(*) FROM buildings)::int AS buildings,
		  (SELECT count(*) FROM facilities)::int AS facilities`)
	).rows[0];
	const city = (await c.query(`SELECT id FROM areas WHERE level = 'city'`)).rows[0].id;
	const jz = (
		await c.query(`SELECT id, ST_XMin(geom) x0, ST_YMin(geom) y0, ST_XMax(geom) x1, ST_YMax(geom) y1
		 FROM (SELECT id, ST_Envelope(geom) geom FROM areas WHERE code = '360802') a`)
	).rows[0];
	log(`${counts.tickets} tickets, ${counts.buildings} buildings, ${counts.facilities} facilities`);
	if (runs('walk')) await walkNetworkFigures(c);

	/** p50 and p95 of an answer as the API makes it, after a first call that counts and stores. */
	async function served(fn: () => Promise<unknown>) {
		await fn();
		const t = await timedSamples(fn);
		return { p50: percentile(t, 50), p95: percentile(t, 95) };
	}

	/** `SAMPLES` wall-clock times of fn in ms, sorted. */
	async function timedSamples(fn: () => Promise<unknown>): Promise<number[]> {
		const t: number[] = [];
		for (let i = 0; i < SAMPLES; i++) {
			const t0 = performance.now();
			await fn();
			t.push(performance.now() - t0);
		}
		return sortNum(t);
	}

	async function p95(text: string, params: unknown[]): Promise<{ p95: number; p50: number; rows: number }> {
		const rows = (await c.query(text, params)).rowCount ?? 0; // warm-up
		const s = await timedSamples(() => c.query(text, params));
		return { p95: percentile(s, 95), p50: percentile(s, 50), rows };
	}

	const density = sql('analysis/density.sql');
	const count = `SELECT count(*) FROM tickets t WHERE ($1::float8 IS NULL OR t.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326))
	  AND t.created_at >= $5::timestamptz AND t.created_at < $6::timestamptz`;
	const now = new Date();
	const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
	const noBox = [null, null, null, null];
	const box = [jz.x0, jz.y0, jz.x1, jz.y1];
	const rows: (string | number)[][] = [];
	for (const [label, size, bbox, from] of !runs('density')
		? []
		: ([
				['density, city, last 30 days (zoom 10)', SIZE_Z10, noBox, days(30)],
				['density, city, last 365 days (zoom 10)', SIZE_Z10, noBox, days(365)],
				['density, 吉州区 bbox, last 30 days (zoom 13)', SIZE_Z13, box, days(30)],
				['density, 吉州区 bbox, last 365 days (zoom 13)', SIZE_Z13, box, days(365)]
			] as const)) {
		const base = await p95(count, [...bbox, from, now]);
		const d = await p95(density, [size, ...bbox, null, null, from, now]);
		const n = (await c.query(count, [...bbox, from, now])).rows[0].count;
		rows.push([
			label,
			`${Number(n).toLocaleString('en')} tickets → ${d.rows} cells`,
			ms(d.p50),
			ms(d.p95),
			ms(base.p95),
			ratio(d.p95, base.p95)
		]);
		log(`${label}: p95 ${ms(d.p95)}`);
	}
	if (runs('coverage')) {
		const base = await p95(
			`SELECT count(*) FROM buildings b JOIN compounds c ON c.id = b.compound_id WHERE b.retired_at IS NULL`,
			[]
		);
		const d = await p95(sql('coverage/facilities.sql'), [city]);
		rows.push([
			'facility coverage, all buildings × all facilities, 10 types (city)',
			`${counts.buildings.toLocaleString('en')} buildings, ${counts.facilities} facilities`,
			ms(d.p50),
			ms(d.p95),
			ms(base.p95),
			ratio(d.p95, base.p95)
		]);
	}
	if (runs('dashboard')) {
		// GET /api/analysis/dashboard as the page asks it (analysis/dashboard.ts): the open, overdue and
		// at-risk tickets counted live, the rest stored (snapshot.ts); and all of it counted afresh
		const { dashboard, DashboardQuery } = await import('../../src/lib/server/analysis/dashboard');
		const dq = DashboardQuery.parse({ area: String(city) });
		const base = await p95(`SELECT count(*) FROM tickets`, []);
		const d = await served(() => dashboard(dq, { kind: 'all' }));
		process.env.REDGRID_FIGURES_MAX_AGE_SECONDS = '0';
		const fresh = await served(() => dashboard(dq, { kind: 'all' }));
		delete process.env.REDGRID_FIGURES_MAX_AGE_SECONDS;
		rows.push([
			'GET /api/analysis/dashboard, city (13 districts, 30 days): live open tickets, stored figures',
			`${counts.tickets.toLocaleString('en')} tickets`,
			ms(d.p50),
			ms(d.p95),
			ms(base.p95),
			ratio(d.p95, base.p95)
		]);
		rows.push([
			'the same dashboard counted afresh (the background refresh)',
			'',
			ms(fresh.p50),
			ms(fresh.p95),
			ms(base.p95),
			ratio(fresh.p95, base.p95)
		]);
		const s = await p95(sql('coverage/party.sql'), [city, null]); // $2: the day (NULL: today)
		const st = await p95(sql('coverage/stewards.sql'), [city, 500]);
		// the steward tab as GET /api/coverage/stewards answers it: the counts stored (snapshot.ts)
		const { stewardCoverage, StewardQuery } = await import('../../src/lib/server/coverage/service');
		const stq = StewardQuery.parse({ area: String(city) });
		const sts = await served(() => stewardCoverage(stq, { kind: 'all' }));
		const pt = await p95(sql('coverage/patrol.sql'), [city, 30, null]);
		rows.push(['party coverage, city', '', ms(s.p50), ms(s.p95), '', '']);
		rows.push(['steward and grid coverage, city, counted afresh', '', ms(st.p50), ms(st.p95), '', '']);
		rows.push(['GET /api/coverage/stewards, city, stored counts', '', ms(sts.p50), ms(sts.p95), '', '']);
		rows.push(['patrol coverage, city (30 days)', '', ms(pt.p50), ms(pt.p95), '', '']);
	}
	if (runs('companies')) {
		// companies (README "Pages", /companies): the city list and the biggest company's scorecard as
		// GET /api/companies and /api/companies/{id} make them (service.ts: the live counts, the stored
		// service figures and fee trend of analysis/snapshot.ts), against a plain indexed count of the
		// same companies' compounds and tickets; and the count behind the stored figures, made afresh
		// (REDGRID_FIGURES_MAX_AGE_SECONDS=0), which a background refresh pays every minute or so
		const { companyList, companyCard, CompaniesQuery } =
			await import('../../src/lib/server/companies/service');
		const all = { kind: 'all' } as const;
		const q = CompaniesQuery.parse({ area: String(city) });
		const big = (
			await c.query(
				`SELECT company_id AS id FROM compounds WHERE company_id IS NOT NULL GROUP BY company_id ORDER BY count(*) DESC LIMIT 1`
			)
		).rows[0].id;
		const base = await p95(
			`SELECT count(*) FROM tickets t JOIN compounds c ON c.id = t.compound_id
			 WHERE c.company_id IS NOT NULL AND t.created_at >= now() - interval '90 days'`,
			[]
		);
		const cardBase = await p95(`SELECT count(*) FROM compounds WHERE company_id = $1`, [big]);
		const list = await served(() => companyList(q, all));
		const card = await served(() => companyCard(big, q, all));
		process.env.REDGRID_FIGURES_MAX_AGE_SECONDS = '0';
		const fresh = await served(() => companyList(q, all));
		const freshCard = await served(() => companyCard(big, q, all));
		delete process.env.REDGRID_FIGURES_MAX_AGE_SECONDS;
		const n = (await companyList(q, all)).companies.length;
		rows.push([
			'GET /api/companies, city (90 days), stored service figures',
			`${n} companies`,
			ms(list.p50),
			ms(list.p95),
			ms(base.p95),
			ratio(list.p95, base.p95)
		]);
		rows.push([
			'GET /api/companies/{id}, the biggest company, stored figures',
			'',
			ms(card.p50),
			ms(card.p95),
			ms(cardBase.p95 + base.p95),
			ratio(card.p95, cardBase.p95 + base.p95)
		]);
		rows.push([
			'the same list counted afresh (the background refresh)',
			'',
			ms(fresh.p50),
			ms(fresh.p95),
			ms(base.p95),
			ratio(fresh.p95, base.p95)
		]);
		rows.push([
			'the same scorecard counted afresh',
			'',
			ms(freshCard.p50),
			ms(freshCard.p95),
			ms(cardBase.p95 + base.p95),
			ratio(freshCard.p95, cardBase.p95 + base.p95)
		]);
	}
	if (runs('committees')) {
		// owners' committees and joint meetings (README "三方联动"): the city's figures
		// (GET /api/governance/figures runs figures, quarters and gaps; summed here on one connection)
		// and the map's committee layer, against a plain indexed count of the same compounds, committees,
		// meetings and decisions
		const { beijingToday, lastQuarter } = await import('../../src/lib/server/governance/rules');
		const today = beijingToday();
		const lq = lastQuarter(today);
		const windowFrom = new Date(Date.parse(`${today}T00:00:00Z`) - 365 * 86_400_000)
			.toISOString()
			.slice(0, 10);
		const firstQuarter = lastQuarter(lastQuarter(lq.from).from).from; // 4 quarters, this one included
		const n = (
			await c.query(`SELECT (SELECT count(*) FROM owner_committees WHERE retired_at IS NULL)::int AS committees,
			  (SELECT count(*) FROM committee_members WHERE retired_at IS NULL)::int AS members,
			  (SELECT count(*) FROM joint_meetings WHERE retired_at IS NULL)::int AS meetings,
			  (SELECT count(*) FROM meeting_decisions WHERE retired_at IS NULL)::int AS decisions,
			  (SELECT count(*) FROM compounds WHERE retired_at IS NULL)::int AS compounds`)
		).rows[0];
		const base = await p95(
			`SELECT (SELECT count(*) FROM compounds c LEFT JOIN owner_committees oc ON oc.compound_id = c.id AND oc.retired_at IS NULL
			   WHERE c.retired_at IS NULL)
			  + (SELECT count(*) FROM committee_members m WHERE m.retired_at IS NULL)
			  + (SELECT count(*) FROM joint_meetings m WHERE m.held_on >= least($1::date, $2::date) AND m.held_on <= $3::date)
			  + (SELECT count(*) FROM meeting_decisions d WHERE d.due_on > $2::date AND d.due_on <= $3::date)`,
			[firstQuarter, windowFrom, today]
		);
		const fig = await p95(sql('governance/figures.sql'), [city, today, lq.from, lq.to, windowFrom]);
		const qs = await p95(sql('governance/quarters.sql'), [city, firstQuarter, today]);
		const gaps = await p95(sql('governance/gaps.sql'), [city, today, lq.from, lq.to, 200]);
		const layer = await p95(sql('governance/map.sql'), [city, today, lq.from, lq.to]);
		const what = `${n.compounds.toLocaleString('en')} compounds, ${n.committees.toLocaleString('en')} committees (${n.members.toLocaleString('en')} members), ${n.meetings.toLocaleString('en')} meetings, ${n.decisions.toLocaleString('en')} decisions`;
		rows.push([
			'committee and meeting figures, city (its districts)',
			what,
			ms(fig.p50),
			ms(fig.p95),
			ms(base.p95),
			ratio(fig.p95, base.p95)
		]);
		rows.push([
			'GET /api/governance/figures, city (figures + quarters + gaps)',
			'',
			ms(fig.p50 + qs.p50 + gaps.p50),
			ms(fig.p95 + qs.p95 + gaps.p95),
			ms(base.p95),
			ratio(fig.p95 + qs.p95 + gaps.p95, base.p95)
		]);
		rows.push([
			"map's owners' committee layer, city (GET /api/governance/map)",
			'',
			ms(layer.p50),
			ms(layer.p95),
			ms(base.p95),
			ratio(layer.p95, base.p95)
		]);
	}
	if (runs('screens')) await screensFigures(c, city);
	table(
		`Analysis (scale ${SCALE}; ${machine()}; ${SAMPLES} samples)`,
		['query', 'rows', 'p50', 'p95', 'baseline p95 (indexed count, same rows)', 'ratio'],
		rows
	);
} finally {
	await c.end();
	await env.dispose();
}
process.exit(0);

/**
 * Walking distance over the road network (issue 18, migration 330): a full rebuild of every building's
 * network distance to every facility type, and one facility's change, each as a ratio against the
 * straight-line reach (building_reach, migration 055) doing the same in the same run; a city-wide
 * siting run on network distances against the same run by straight line; and the share of buildings
 * measured on the network. Changes run in a transaction rolled back.
 */
async function walkNetworkFigures(c: pg.Client) {
	const rule = (await c.query(`SELECT walk_rule() AS r`)).rows[0].r as string;
	if (rule !== 'network') {
		log(`walking distance: ${rule}, nothing to measure`);
		return;
	}
	const timed = async (text: string) => {
		await c.query('BEGIN');
		try {
			const t0 = performance.now();
			await c.query(text);
			return performance.now() - t0;
		} finally {
			await c.query('ROLLBACK');
		}
	};
	const full = await timed(`SELECT rebuild_walk_network(); SELECT refresh_building_walk(NULL, NULL)`);
	const fullBase = await timed(`SELECT refresh_building_reach(NULL)`);
	// one facility moved 30 m: both rules' triggers fire; the straight-line one alone for the baseline
	const f = (
		await c.query(
			`SELECT id FROM facilities WHERE type = 'red_station' AND retired_at IS NULL ORDER BY id LIMIT 1`
		)
	).rows[0].id;
	const move = `UPDATE facilities SET geom = ST_Translate(geom, 0.0003, 0) WHERE id = ${Number(f)}`;
	const one = await timed(`ALTER TABLE facilities DISABLE TRIGGER facilities_reach_update; ${move}`);
	const oneBase = await timed(`ALTER TABLE facilities DISABLE TRIGGER facilities_walk_update; ${move}`);
	// a city-wide siting run on network distances: 250 m grid, k = 10; the same run by straight line
	// × detour (no walks) is the baseline. prepare: data from PostGIS (demand, grid, snapping, the walk
	// network); solve: the walks from every candidate (or the radius), the solver and the summary.
	const { prepareRun, solveRun, warmSiting } = await import('../../src/lib/server/siting/service');
	const body = {
		type: 'red_station',
		lifeCircle: '10min',
		k: 10,
		candidates: { kind: 'grid', spacing: 250 }
	};
	const siting = async (straightLine: boolean) => {
		const t0 = performance.now();
		const p = await prepareRun(body, { kind: 'all' }, { straightLine });
		const t1 = performance.now();
		const o = await solveRun(p);
		const t2 = performance.now();
		return { prepare: t1 - t0, solve: t2 - t1, total: t2 - t0, o };
	};
	// what the server reads ahead when it starts (the walk graph, the city's default grid), then the
	// first run of this process (new connections, cold caches) apart; the figure is the next one
	const w0 = performance.now();
	await warmSiting();
	const warm = performance.now() - w0;
	const sitingFirst = await siting(false);
	const sitingBase = await siting(true);
	const sitingNet = await siting(false);
	const net = sitingNet.o;
	log(
		`siting: ${net.totals.buildings} buildings × ${net.candidates.count} candidates (${net.candidates.snapped} snapped), ` +
			`${net.rule.measure}, after ${net.totals.afterShare.toFixed(4)} (straight line ${sitingBase.o.totals.afterShare.toFixed(4)})`
	);
	const share = (
		await c.query(
			`SELECT count(DISTINCT building_id) FILTER (WHERE rule = 'network')::float8 / nullif(count(DISTINCT building_id), 0) AS s,
			   count(DISTINCT building_id)::int AS n, (SELECT count(*) FROM walk_edges)::int AS edges FROM building_walk`
		)
	).rows[0];
	table(
		`Walking distance on the road network (scale ${SCALE}; ${machine()}; ${share.n} buildings, ${share.edges} edges)`,
		['figure', 'network', 'straight line (baseline)', 'ratio', 'goal'],
		[
			['full rebuild, every building × every type', ms(full), ms(fullBase), ratio(full, fullBase), '< 2 min'],
			['one facility moved', ms(one), ms(oneBase), ratio(one, oneBase), '< 2 s'],
			[
				`city-wide siting, red_station 10-min, k = 10, ${net.totals.buildings} buildings × ${net.candidates.count} grid candidates (250 m, ${net.candidates.snapped} snapped): POST work (prepare + solve)`,
				ms(sitingNet.total),
				ms(sitingBase.total),
				ratio(sitingNet.total, sitingBase.total),
				'< 5 s'
			],
			['  read ahead when the server starts (walk graph, city grid at 250 m)', ms(warm), '', '', ''],
			[
				'  the first such run of the process, after the read-ahead (network)',
				ms(sitingFirst.total),
				'',
				'',
				'< 5 s'
			],
			[
				'  of which prepare (PostGIS: demand, grid, snapping, network)',
				ms(sitingNet.prepare),
				ms(sitingBase.prepare),
				ratio(sitingNet.prepare, sitingBase.prepare),
				''
			],
			[
				'  of which walks + solve + summary',
				ms(sitingNet.solve),
				ms(sitingBase.solve),
				ratio(sitingNet.solve, sitingBase.solve),
				''
			],
			['buildings measured on the network', `${(share.s * 100).toFixed(1)} %`, '', '', '≥ 90 %']
		]
	);
}

/**
 * Every screen an official (the demo's `official`, city scope) opens, through HTTP as the page asks
 * it (src/routes/dashboard/dashboard-state.svelte.ts, WaitingStages, GovernanceTab; the analysis
 * page's cube, $lib/analysis/layers.ts; a year of density): the app built and started on the kept
 * database (simulator off, nothing written but stored figures and the session). Per call p50 / p95
 * after one warm-up call (which counts and stores what is stored); per screen the p95 of what the user
 * waits for: the calls in the order the page makes them (the dashboard's KPIs, then the tab's calls at
 * once). Baseline in the same run: a plain count of all tickets on one connection. Goal: < 300 ms.
 */
async function screensFigures(c: pg.Client, city: number) {
	const kept = config.benchDatabaseUrl;
	if (!kept) {
		log('screens: needs REDGRID_BENCH_DATABASE_URL (the kept city), skipped');
		return;
	}
	const app = await appOnKeptDatabase(kept);
	try {
		const base = app.base;
		const cookie = await signIn(base, 'official');
		const get = async (url: string) => {
			const res = await fetch(base + url, { headers: { cookie } });
			if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
			await res.arrayBuffer();
		};
		const day = (n: number) =>
			new Date(Date.now() + 8 * 3600_000 - n * 86_400_000).toISOString().slice(0, 10);
		const a = `area=${city}`;
		const dash = `/api/analysis/dashboard?${a}&days=30`;
		/** a screen: calls made one after another, each step's calls at once */
		const screens: [string, string[][]][] = [
			[
				'dashboard, overview (KPIs, then the 60-day chart and where tickets wait)',
				[
					[dash],
					[`/api/analysis/timeseries?${a}&days=60&bucket=day`, `/api/analysis/stages?by=company&limit=8&${a}`]
				]
			],
			[
				'dashboard, party tab',
				[[dash], [`/api/coverage/party?${a}`, `/api/coverage/party/monthly?${a}&months=12`]]
			],
			['dashboard, facilities tab', [[dash], [`/api/coverage/facilities?${a}`]]],
			['dashboard, stewards tab', [[dash], [`/api/coverage/stewards?${a}`]]],
			['dashboard, patrol tab', [[dash], [`/api/coverage/patrol?${a}`]]],
			['dashboard, governance tab', [[dash], [`/api/governance/figures?${a}`]]],
			['density, city, a year (zoom 10)', [[`/api/analysis/density?zoom=10&from=${day(364)}&to=${day(-1)}`]]],
			[
				'analysis page: the last 30 days (cube, zoom 10)',
				[[`/api/analysis/cube?zoom=10&from=${day(29)}&to=${day(-1)}`]]
			]
		];
		const base0: number[] = [];
		for (let i = 0; i < SAMPLES; i++) {
			const t0 = performance.now();
			await c.query('SELECT count(*) FROM tickets');
			base0.push(performance.now() - t0);
		}
		const baseP95 = percentile(sortNum(base0), 95);
		const rows: (string | number)[][] = [];
		const perCall = new Map<string, number[]>();
		for (const [label, steps] of screens) {
			for (const step of steps) await Promise.all(step.map(get)); // warm-up: counts and stores
			const t: number[] = [];
			for (let i = 0; i < SAMPLES; i++) {
				const t0 = performance.now();
				for (const step of steps)
					await Promise.all(
						step.map(async (u) => {
							const u0 = performance.now();
							await get(u);
							if (!perCall.has(u)) perCall.set(u, []);
							perCall.get(u)!.push(performance.now() - u0);
						})
					);
				t.push(performance.now() - t0);
			}
			const s = sortNum(t);
			const p95 = percentile(s, 95);
			rows.push([
				label,
				ms(percentile(s, 50)),
				ms(p95),
				ms(baseP95),
				ratio(p95, baseP95),
				p95 < 300 ? '✓' : '✗'
			]);
			log(`${label}: p95 ${ms(p95)}`);
		}
		table(
			`Official screens through HTTP (the kept city; ${machine()}; ${SAMPLES} samples; load average ${os
				.loadavg()
				.map((x) => x.toFixed(1))
				.join(' ')})`,
			['screen', 'p50', 'p95', 'baseline p95 (count of all tickets)', 'ratio', '< 300 ms'],
			rows
		);
		table(
			'Their calls, each (the same samples)',
			['GET', 'p50', 'p95'],
			[...perCall].map(([u, t]) => {
				const s = sortNum(t);
				return [
					u.replace(/\d{4}-\d{2}-\d{2}/g, 'D').replace(/area=\d+/, 'area=city'),
					ms(percentile(s, 50)),
					ms(percentile(s, 95))
				];
			})
		);
	} finally {
		await app.stop();
	}
}
