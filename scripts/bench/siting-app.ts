// Facility siting in the app (POST /api/siting → polling → done), on the demo city, over HTTP.
//   npx tsx scripts/bench/siting-app.ts [--repeat 3] [--scale 1]
// Baseline, same run: GET /api/health round trips on an idle server. Figures: the time from POST to
// a finished run (data gathering in PostGIS + the solve + storing the result; the first run of each
// instance apart from the later ones, to show a cold start), and how long the
// server keeps other requests waiting while a run solves (health round trips during the runs: p95
// and max, as a ratio to the idle p95; the exact MIP and the Lagrangian bound run on the main thread).
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchEnv, log, machine, ms, percentile, ratio, signIn, sortNum, table } from './lib';

const args = parseArgs({
	options: { repeat: { type: 'string', default: '3' }, scale: { type: 'string', default: '1' } }
}).values;
const REPEAT = Number(args.repeat);
const SCALE = Number(args.scale);
const env = await benchEnv({ app: true, scale: SCALE });
const base = env.app!.base;
const db = new pg.Pool({ connectionString: env.url, max: 2 });
try {
	const cookie = await signIn(base, 'planner');
	const jizhou = (await db.query(`SELECT id FROM areas WHERE code = '360802'`)).rows[0].id;

	const health = async () => {
		const t = performance.now();
		await (await fetch(`${base}/api/health`)).arrayBuffer();
		return performance.now() - t;
	};
	for (let i = 0; i < 20; i++) await health(); // warm
	const idle: number[] = [];
	for (let i = 0; i < 200; i++) idle.push(await health());
	const idleSorted = sortNum(idle);
	const idleP95 = percentile(idleSorted, 95);

	const cases = [
		{
			name: 'Jizhou, red_station 10-min, k = 3, grid 300 m',
			body: {
				type: 'red_station',
				lifeCircle: '10min',
				k: 3,
				areaId: jizhou,
				candidates: { kind: 'grid', spacing: 300 }
			}
		},
		{
			name: 'Jizhou, red_station 10-min, k = 10, grid 150 m',
			body: {
				type: 'red_station',
				lifeCircle: '10min',
				k: 10,
				areaId: jizhou,
				candidates: { kind: 'grid', spacing: 150 }
			}
		},
		{
			name: 'city, red_station 10-min, k = 10, grid 250 m',
			body: { type: 'red_station', lifeCircle: '10min', k: 10, candidates: { kind: 'grid', spacing: 250 } }
		},
		{
			name: 'city, elderly_center 5-min, k = 20, grid 250 m',
			body: { type: 'elderly_center', k: 20, candidates: { kind: 'grid', spacing: 250 } }
		},
		{
			name: 'city, red_station 10-min, target 90 %, grid 250 m',
			body: {
				type: 'red_station',
				lifeCircle: '10min',
				target: 0.9,
				candidates: { kind: 'grid', spacing: 250 }
			}
		}
	];
	const rows: (string | number)[][] = [];
	for (const c of cases) {
		const totals: number[] = [];
		const during: number[] = [];
		let last: {
			result: {
				rule: { measure: string };
				candidates: { count: number; snapped?: number };
				totals: { buildings: number; before: number; after: number };
				solver: { method: string; timeMs: number; gap: number | null; groups: number };
				sites: unknown[];
			};
		} | null = null;
		for (let r = 0; r < REPEAT; r++) {
			const t0 = performance.now();
			const res = await fetch(`${base}/api/siting`, {
				method: 'POST',
				headers: { cookie, 'content-type': 'application/json' },
				body: JSON.stringify(c.body)
			});
			if (res.status !== 202) throw new Error(`${c.name}: ${res.status} ${await res.text()}`);
			const { id } = await res.json();
			for (;;) {
				during.push(await health());
				const run = await (await fetch(`${base}/api/siting/${id}`, { headers: { cookie } })).json();
				if (run.status === 'failed') throw new Error(`${c.name}: ${JSON.stringify(run.error)}`);
				if (run.status === 'done') {
					last = run;
					break;
				}
			}
			totals.push(performance.now() - t0);
		}
		const o = last!.result;
		const d = sortNum(during);
		log(`${c.name}: ${o.solver.method}, ${o.sites.length} sites`);
		rows.push([
			c.name,
			`${o.totals.buildings} × ${o.candidates.count} (${o.solver.groups} groups; ${o.rule.measure}${o.candidates.snapped !== undefined ? `, ${o.candidates.snapped} snapped` : ''})`,
			`${o.solver.method}${o.solver.gap !== null ? `, gap ${(o.solver.gap * 100).toFixed(2)} %` : ''}`,
			o.sites.length,
			ms(totals[0]),
			totals.length > 1 ? ms(percentile(sortNum(totals.slice(1)), 50)) : '—',
			ms(o.solver.timeMs),
			`${ms(percentile(d, 95))} (${ratio(percentile(d, 95), idleP95)})`,
			`${ms(d[d.length - 1])} (${ratio(d[d.length - 1], idleP95)})`
		]);
	}
	table(
		`Siting runs over HTTP (scale ${SCALE}; ${machine()}; ${REPEAT} runs each; idle GET /api/health p95 ${ms(idleP95)} = baseline)`,
		[
			'instance',
			'buildings × candidates',
			'method',
			'sites',
			'POST → done, first run',
			'later runs, p50',
			'solve',
			'health during, p95',
			'health during, max'
		],
		rows
	);
} finally {
	await db.end();
	await env.dispose();
}
