// Editing: the cost of an audited, versioned, scope- and containment-checked edit over HTTP.
//   npx tsx scripts/bench/editing.ts [--n 60]
// Baseline measured in the same run: GET of the same record through the edit API (authentication,
// scope check, one read), so each ratio is what validation, the write and the audit row add.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchEnv, signIn, log, machine, percentile, table, timed } from './lib';

const N = Number(parseArgs({ options: { n: { type: 'string', default: '60' } } }).values.n);
const env = await benchEnv({ app: true });
const base = env.app!.base;
const db = new pg.Pool({ connectionString: env.url, max: 2 });

try {
	const cookie = await signIn(base, 'official');
	const call = async (method: string, path: string, body?: unknown, expect = 200) => {
		const res = await fetch(`${base}${path}`, {
			method,
			headers: { cookie, 'content-type': 'application/json', origin: base },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		if (res.status !== expect) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
		return res.json();
	};
	const f = (await db.query('SELECT id FROM facilities ORDER BY id LIMIT 1')).rows[0].id;
	const b = (await db.query('SELECT id FROM buildings ORDER BY id LIMIT 1')).rows[0].id;
	const cell = (
		await db.query(
			`SELECT id, ST_AsGeoJSON(ST_SetSRID(ST_MakeLine(ST_MakePoint(ST_X(ST_Centroid(geom)), ST_YMin(geom) - 0.001),
			   ST_MakePoint(ST_X(ST_Centroid(geom)), ST_YMax(geom) + 0.001)), 4326))::json AS line
			 FROM grid_cells ORDER BY id LIMIT 1`
		)
	).rows[0];

	log(`${N} requests each`);
	const read = await timed(N, () => call('GET', `/api/edit/facilities/${f}`));
	const attr = await timed(N, async (i) => {
		const r = await call('GET', `/api/edit/facilities/${f}`);
		return call('PATCH', `/api/edit/facilities/${f}`, { version: r.version, capacity: 100 + i });
	});
	const geom = await timed(N, async (i) => {
		const r = await call('GET', `/api/edit/buildings/${b}`);
		// alternate between the footprint and itself nudged by 1e-7° (stays inside the compound)
		const shift = i % 2 ? 1e-7 : -1e-7;
		const g = {
			...r.geom,
			coordinates: r.geom.coordinates.map((p: number[][][]) =>
				p.map((ring) => ring.map(([x, y]) => [x + shift, y]))
			)
		};
		return call('PATCH', `/api/edit/buildings/${b}`, { version: r.version, geom: g });
	});
	const conflict = await timed(N, () =>
		call('PATCH', `/api/edit/facilities/${f}`, { version: 1, capacity: 5 }, 409)
	);
	const history = await timed(N, () => call('GET', `/api/edit/facilities/${f}/history`));
	const split = await timed(N, async () => {
		const r = await call('GET', `/api/edit/grid-cells/${cell.id}`);
		return call('POST', '/api/edit/grid-cells/split', {
			cellId: cell.id,
			version: r.version,
			line: cell.line,
			newCode: 'BENCH-1',
			preview: true
		});
	});
	const p50 = percentile(read, 50);
	const row = (name: string, xs: number[]) => [
		name,
		percentile(xs, 50).toFixed(1),
		percentile(xs, 95).toFixed(1),
		`${(percentile(xs, 50) / p50).toFixed(2)} ×`
	];
	table(
		`Editing over HTTP (${machine()}, ${N} sequential requests)`,
		['request', 'p50 ms', 'p95 ms', 'p50 vs baseline'],
		[
			row('baseline: GET a facility record', read),
			row('GET + PATCH capacity (validated, versioned, audited)', attr),
			row('GET + PATCH building footprint (valid, inside compound)', geom),
			row('PATCH from a stale version (409 with the changes)', conflict),
			row(`GET history of a record (${2 * N} rows)`, history),
			row('GET + split preview of a grid cell', split)
		]
	);
} finally {
	await db.end();
	await env.dispose();
}
