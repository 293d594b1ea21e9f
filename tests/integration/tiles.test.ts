// Vector tiles against the database: decoded features, their ids and properties must be what a SQL
// query for the same envelope says; scope, zoom rules, data versions and the cache must hold.
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { db, tileDb } from '../../src/lib/server/db/pool';
import type { Scope } from '../../src/lib/server/auth/roles';
import { LAYER_IDS, type LayerId } from '../../src/lib/map/layer-ids';
import { parseTileAddress } from '../../src/lib/server/tiles/coords';
import { ByteLru } from '../../src/lib/server/tiles/cache';
import { getTile, renderTile, tileCacheStats, tileJson, tileTag } from '../../src/lib/server/tiles/service';
import { layerVersion, stopLayerVersions } from '../../src/lib/server/tiles/versions';
import { gunzipSync } from 'node:zlib';

afterAll(() => stopLayerVersions());

const ADMIN: Scope = { kind: 'all' };

function decode(buf: Buffer, layer: string) {
	const tile = new VectorTile(new Pbf(buf));
	const l = tile.layers[layer];
	const features = [];
	for (let i = 0; i < (l?.length ?? 0); i++) features.push(l.feature(i));
	return { names: Object.keys(tile.layers), features };
}

/** The tile (at zoom z) that contains a point. */
async function tileAt(lon: number, lat: number, z: number) {
	const n = 2 ** z;
	const r = (lat * Math.PI) / 180;
	const x = Math.floor(((lon + 180) / 360) * n);
	const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
	return { z, x, y };
}

/** The cell size of a low-zoom point tile, in tile units (the layer's SQL). */
const CELL: Record<string, number> = { facilities: 128, 'party-orgs': 128, tickets: 32, companies: 32 };

/**
 * The cells of a low-zoom point tile: each feature's point (tile units) and count; fails when a
 * feature has no count or shares its cell with another. Tickets and companies: the point is the
 * cell's grid node (32 units); facilities and party organizations: the centre of what the cell
 * holds (cells of 128 units), named by the id of the first one in it.
 */
function cellsOf(buf: Buffer, layer: string) {
	const { features } = decode(buf, layer);
	const size = CELL[layer];
	const cells = features.map((f) => {
		const [[p], ...more] = f.loadGeometry();
		expect(more).toEqual([]);
		if (size === 32)
			expect(
				[Math.abs(p.x % 32), Math.abs(p.y % 32)],
				`${layer}: a cell's point is on the 32-unit grid`
			).toEqual([0, 0]);
		const count = f.properties.count as number;
		expect(count, `${layer}: a cell has a count`).toBeGreaterThan(0);
		// companies: a cell per party status
		// (a centre has no grid node to tell its cell by: the id of the first one in it does)
		const at = size === 32 ? `${p.x},${p.y},${f.properties.party_status ?? ''}` : `id ${f.id}`;
		return { at, count, id: f.id, properties: f.properties };
	});
	expect(new Set(cells.map((c) => c.at)).size, `${layer}: one feature per cell`).toBe(cells.length);
	return { cells, total: cells.reduce((a, c) => a + c.count, 0) };
}

/** Ids of a table's rows that truly intersect the tile, and those whose box touches the buffered tile. */
async function expectedIds(table: string, where: string, t: { z: number; x: number; y: number }) {
	const { rows } = await db().query(
		`SELECT array(SELECT id FROM ${table} WHERE ${where}
		   AND ST_Intersects(geom, ST_Transform(ST_TileEnvelope($1, $2, $3), 4326)) ORDER BY id)::int[] AS inside,
		 array(SELECT id FROM ${table} WHERE ${where}
		   AND geom && ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096), 4326) ORDER BY id)::int[] AS near`,
		[t.z, t.x, t.y]
	);
	return rows[0] as { inside: number[]; near: number[] };
}

async function chengjian() {
	const { rows } = await db().query(
		`SELECT id, ST_X(ST_Centroid(geom)) AS lon, ST_Y(ST_Centroid(geom)) AS lat FROM compounds WHERE name = '城建花苑'`
	);
	expect(rows).toHaveLength(1);
	return rows[0] as { id: number; lon: number; lat: number };
}

describe('tile addresses', () => {
	it('accepts every layer and the corners of a zoom, refuses the rest with a message', () => {
		for (const layer of LAYER_IDS) expect(parseTileAddress({ layer, z: '3', x: '7', y: '0' }).ok).toBe(true);
		const bad: [Record<string, string>, RegExp][] = [
			[{ layer: 'roads' }, /^layer: unknown layer "roads"/],
			[{ z: '23' }, /^z: must be an integer from 0 to 22/],
			[{ z: '-1' }, /^z:/],
			[{ z: '1.5' }, /^z:/],
			[{ z: '01' }, /^z:/],
			[{ z: '' }, /^z:/],
			[{ x: '8' }, /^x: must be an integer from 0 to 7 at zoom 3, got "8"/],
			[{ y: '8' }, /^y: must be an integer from 0 to 7/],
			[{ y: '-0' }, /^y:/],
			[{ x: '1e2' }, /^x:/],
			[{ z: '0', x: '1' }, /^x: must be an integer from 0 to 0/]
		];
		for (const [patch, message] of bad) {
			const r = parseTileAddress({ layer: 'areas', z: '3', x: '7', y: '7', ...patch });
			expect(r.ok, JSON.stringify(patch)).toBe(false);
			if (!r.ok) expect(r.message).toMatch(message);
		}
	});
});

describe('tile content', () => {
	it('compounds, buildings, grid cells, facilities: the features the database has in the tile, with their values', async () => {
		const c = await chengjian();
		const cases: { layer: LayerId; table: string; z: number; props: string[] }[] = [
			{ layer: 'compounds', table: 'compounds', z: 15, props: ['name', 'households', 'community_id'] },
			{
				layer: 'buildings',
				table: 'buildings',
				z: 16,
				props: ['number', 'floors', 'households', 'compound_id']
			},
			{ layer: 'grid-cells', table: 'grid_cells', z: 15, props: ['code', 'name', 'community_id'] },
			{ layer: 'facilities', table: 'facilities', z: 13, props: ['name', 'type', 'capacity'] }
		];
		for (const k of cases) {
			const t = await tileAt(c.lon, c.lat, k.z);
			const { names, features } = decode(await renderTile({ layer: k.layer, ...t }, ADMIN), k.layer);
			expect(names).toEqual([k.layer]);
			const ids = features.map((f) => Number(f.id)).sort((a, b) => a - b);
			const exp = await expectedIds(k.table, 'retired_at IS NULL', t);
			expect(exp.inside.length, `${k.layer}: the test needs data in the tile`).toBeGreaterThan(0);
			expect(new Set(ids).size).toBe(ids.length); // each feature once
			for (const id of exp.inside) expect(ids, `${k.layer} ${id} intersects the tile`).toContain(id);
			for (const id of ids) expect(exp.near, `${k.layer} ${id} is near the tile`).toContain(id);
			const { rows } = await db().query(
				`SELECT id, ${k.props.join(', ')} FROM ${k.table} WHERE id = ANY($1)`,
				[ids]
			);
			const byId = new Map(rows.map((r) => [r.id, r]));
			for (const f of features) {
				const row = byId.get(Number(f.id));
				for (const p of k.props)
					expect(f.properties[p], `${k.layer} ${f.id}.${p}`).toEqual(row[p] ?? undefined);
			}
		}
		// low zooms carry only what the style needs: no labels below z15
		for (const layer of ['compounds', 'grid-cells'] as LayerId[]) {
			const low = decode(await renderTile({ layer, ...(await tileAt(c.lon, c.lat, 13)) }, ADMIN), layer);
			expect(low.features.length).toBeGreaterThan(0);
			expect(low.features.filter((f) => f.properties.name !== undefined)).toEqual([]);
		}
		// and no compound fields below z14 but the committee's term end (the owners' committee style)
		for (const z of [12, 13, 14]) {
			const { features } = decode(
				await renderTile({ layer: 'compounds', ...(await tileAt(c.lon, c.lat, z)) }, ADMIN),
				'compounds'
			);
			const keys = new Set(features.flatMap((f) => Object.keys(f.properties)));
			expect(features.length).toBeGreaterThan(0);
			expect(keys.has('committee_term_end'), `z${z}`).toBe(true);
			expect([...keys].filter((k) => k === 'households' || k === 'community_id').sort(), `z${z}`).toEqual(
				z < 14 ? [] : ['community_id', 'households']
			);
		}
		// the compound itself is in its own tile, named
		const t = await tileAt(c.lon, c.lat, 15);
		const { features } = decode(await renderTile({ layer: 'compounds', ...t }, ADMIN), 'compounds');
		expect(features.find((f) => f.id === c.id)?.properties.name).toBe('城建花苑');
	});

	it('below z13 facilities and party organizations, below z12 tickets, are one point per occupied cell with its count', async () => {
		const c = await chengjian();
		for (const z of [10, 11, 12]) {
			const t = await tileAt(c.lon, c.lat, z);
			const fac = cellsOf(await renderTile({ layer: 'facilities', ...t }, ADMIN), 'facilities');
			const exp = await expectedIds('facilities', 'retired_at IS NULL', t);
			expect(exp.near.length, 'the test needs facilities in the tile').toBeGreaterThan(0);
			// every facility of the buffered tile counted once; each cell named by one of them, no fields
			expect(fac.total).toBe(exp.near.length);
			expect(fac.cells.length, 'cells: fewer features than facilities at city zoom').toBeLessThan(
				z === 10 ? exp.near.length : exp.near.length + 1
			);
			for (const cell of fac.cells) {
				expect(exp.near).toContain(Number(cell.id));
				expect(Object.keys(cell.properties)).toEqual(['count']);
			}
			// one cell per occupied square of 128 units (16 px) around a grid node, drawn at the centre
			// of the facilities in it (their mean in tile units, rounded) with their count
			const { rows: squares } = await db().query(
				`SELECT round(avg(ST_X(g)))::int || ',' || round(avg(ST_Y(g)))::int || ' ' || count(*) AS cell
				 FROM (SELECT ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope($1, $2, $3), 4096, 64, true) AS g
				       FROM facilities WHERE id = ANY($4)) s
				 WHERE g IS NOT NULL GROUP BY ST_SnapToGrid(g, 128, 128)`,
				[t.z, t.x, t.y, exp.near]
			);
			const drawn = decode(await renderTile({ layer: 'facilities', ...t }, ADMIN), 'facilities').features.map(
				(f) => {
					const [[p]] = f.loadGeometry();
					return `${p.x},${p.y} ${f.properties.count}`;
				}
			);
			expect(drawn.sort(), `z${z}: cells of 128 units at their centres`).toEqual(
				squares.map((r) => r.cell).sort()
			);
			const orgs = cellsOf(await renderTile({ layer: 'party-orgs', ...t }, ADMIN), 'party-orgs');
			expect(orgs.total).toBeGreaterThan(0);
			const { rows } = await db().query(
				'SELECT id FROM party_orgs WHERE id = ANY($1) AND retired_at IS NULL',
				[orgs.cells.map((o) => Number(o.id))]
			);
			expect(rows).toHaveLength(orgs.cells.length);
		}
		const t = await tileAt(c.lon, c.lat, 11);
		const tickets = cellsOf(await renderTile({ layer: 'tickets', ...t }, ADMIN), 'tickets');
		const open = await expectedIds('tickets t', "t.status NOT IN ('resolved', 'closed', 'rejected')", t);
		expect(tickets.total).toBe(open.near.length);
		expect(tickets.cells.length).toBeLessThan(open.near.length);
		for (const cell of tickets.cells)
			expect([cell.id, Object.keys(cell.properties)]).toEqual([undefined, ['count']]);
		// companies below z12: a cell per party status, counting the compounds whose point is in the tile
		for (const z of [10, 11]) {
			const t = await tileAt(c.lon, c.lat, z);
			const co = cellsOf(await renderTile({ layer: 'companies', ...t }, ADMIN), 'companies');
			const { rows } = await db().query(
				`SELECT count(*) FILTER (WHERE ST_Intersects(ST_PointOnSurface(c.geom), ST_Transform(ST_TileEnvelope($1, $2, $3), 4326)))::int AS inside,
				   count(*)::int AS near, array_agg(DISTINCT s.party_status) AS statuses, array_agg(DISTINCT c.company_id) AS companies
				 FROM compounds c JOIN property_companies pc ON pc.id = c.company_id AND pc.retired_at IS NULL
				   JOIN company_party_status s ON s.company_id = c.company_id
				 WHERE c.retired_at IS NULL AND c.geom && ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096), 4326)`,
				[t.z, t.x, t.y]
			);
			expect(rows[0].inside, 'the test needs compounds in the tile').toBeGreaterThan(0);
			expect(co.total).toBeGreaterThanOrEqual(rows[0].inside);
			expect(co.total).toBeLessThanOrEqual(rows[0].near);
			expect(co.cells.length).toBeLessThanOrEqual(co.total);
			expect(new Set(co.cells.map((x) => x.properties.party_status))).toEqual(new Set(rows[0].statuses));
			for (const cell of co.cells) {
				expect(cell.id).toBeUndefined();
				expect(rows[0].companies).toContain(cell.properties.company_id);
				expect(Object.keys(cell.properties).sort()).toEqual(['company_id', 'count', 'party_status']);
			}
		}
		// from z13 (tickets z12) one feature per facility, organization, ticket again: no counts
		for (const [layer, z] of [
			['facilities', 13],
			['party-orgs', 13],
			['tickets', 12]
		] as const) {
			const { features } = decode(
				await renderTile({ layer, ...(await tileAt(c.lon, c.lat, z)) }, ADMIN),
				layer
			);
			expect(features.length, `${layer} z${z}`).toBeGreaterThan(0);
			expect(features.filter((f) => f.properties.count !== undefined || f.id === undefined)).toEqual([]);
		}
	});

	it("compounds carry their owners' committee's term end; a committee's change is a new version of the layer", async () => {
		const c = await chengjian();
		const t = await tileAt(c.lon, c.lat, 14);
		const read = async () =>
			new Map(
				decode(await renderTile({ layer: 'compounds', ...t }, ADMIN), 'compounds').features.map((f) => [
					Number(f.id),
					f.properties.committee_term_end
				])
			);
		const tile = await read();
		const { rows } = await db().query(
			`SELECT c.id, oc.term_end::text AS term_end FROM compounds c
			 LEFT JOIN owner_committees oc ON oc.compound_id = c.id AND oc.retired_at IS NULL WHERE c.id = ANY($1)`,
			[[...tile.keys()]]
		);
		expect(rows.some((r) => r.term_end)).toBe(true); // the tile has compounds with a committee …
		expect(rows.some((r) => !r.term_end)).toBe(true); // … and without one
		for (const r of rows) expect(tile.get(r.id), `compound ${r.id}`).toEqual(r.term_end ?? undefined);
		// retiring 城建花苑's committee: a new version, and the compound carries no term end any more
		const v1 = await layerVersion('compounds');
		await db().query(
			'UPDATE owner_committees SET retired_at = now() WHERE compound_id = $1 AND retired_at IS NULL',
			[c.id]
		);
		let v2 = v1;
		for (let i = 0; i < 50 && v2 === v1; i++) {
			await new Promise((r) => setTimeout(r, 20));
			v2 = await layerVersion('compounds');
		}
		expect(v2).toBeGreaterThan(v1);
		expect((await read()).get(c.id)).toBeUndefined();
		await db().query(
			`UPDATE owner_committees SET retired_at = NULL WHERE id = (SELECT max(id) FROM owner_committees WHERE compound_id = $1)`,
			[c.id]
		);
	});

	it('companies: each compound carries its company and that company’s party status', async () => {
		const c = await chengjian();
		const t = await tileAt(c.lon, c.lat, 13);
		const { features } = decode(await renderTile({ layer: 'companies', ...t }, ADMIN), 'companies');
		expect(features.length).toBeGreaterThan(0);
		const { rows } = await db().query(
			`SELECT c.id, c.company_id, pc.name, s.party_status FROM compounds c JOIN property_companies pc ON pc.id = c.company_id
			 JOIN company_party_status s ON s.company_id = c.company_id WHERE c.id = ANY($1)`,
			[features.map((f) => f.id)]
		);
		const byId = new Map(rows.map((r) => [r.id, r]));
		for (const f of features) {
			const r = byId.get(Number(f.id));
			expect(f.properties).toEqual({
				company_id: r.company_id,
				company: r.name,
				party_status: r.party_status
			});
		}
		expect(new Set(features.map((f) => f.properties.party_status)).size).toBeGreaterThan(1);
	});

	it('areas: an area crossing many tiles is named at one point, in the one tile that holds it', async () => {
		const { rows } = await db().query<{ name: string; lon: number; lat: number; box: number[] }>(
			`SELECT name, ST_X(p) AS lon, ST_Y(p) AS lat,
			   ARRAY[ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)]::float8[] AS box
			 FROM areas, ST_PointOnSurface(geom) p WHERE level = 'district' AND name = '吉州区'`
		);
		const d = rows[0];
		const z = 12;
		const home = await tileAt(d.lon, d.lat, z);
		const nw = await tileAt(d.box[0], d.box[3], z);
		const se = await tileAt(d.box[2], d.box[1], z);
		const pieces: string[] = [];
		const labels: string[] = [];
		for (let x = nw.x; x <= se.x; x++)
			for (let y = nw.y; y <= se.y; y++) {
				const { features } = decode(await renderTile({ layer: 'areas', z, x, y }, ADMIN), 'areas');
				for (const f of features.filter((f) => f.properties.name === d.name)) {
					if (f.type === 3) pieces.push(`${x}/${y}`);
					else {
						// a point, with no id (nothing to select); in the tile's buffer of a neighbour too
						expect([f.type, f.id]).toEqual([1, undefined]);
						const [[p]] = f.loadGeometry();
						if (p.x >= 0 && p.x < 4096 && p.y >= 0 && p.y < 4096) labels.push(`${x}/${y}`);
					}
				}
			}
		expect(pieces.length).toBeGreaterThan(1);
		expect(labels).toEqual([`${home.x}/${home.y}`]);
	});

	it('areas: districts at low zoom, streets and communities only when zoomed in, with their levels', async () => {
		const c = await chengjian();
		const levelsAt = async (z: number) => {
			const t = await tileAt(c.lon, c.lat, z);
			const { features } = decode(await renderTile({ layer: 'areas', ...t }, ADMIN), 'areas');
			return new Set(features.map((f) => f.properties.level));
		};
		expect([...(await levelsAt(6))].sort()).toEqual(['city', 'district']);
		expect((await levelsAt(10)).has('street')).toBe(true);
		expect((await levelsAt(10)).has('community')).toBe(false);
		// the map draws community boundaries from z12 (src/lib/map/style.ts): none sent at z11
		expect([...(await levelsAt(11))].sort()).toEqual(['city', 'district', 'street']);
		expect((await levelsAt(12)).has('community')).toBe(true);
		// the whole city in one z0 tile, simplified, well under the 500 KB budget
		const z0 = await renderTile({ layer: 'areas', z: 0, x: 0, y: 0 }, ADMIN);
		expect(
			decode(z0, 'areas')
				.features.map((f) => f.properties.level)
				.sort()
		).toEqual(expect.arrayContaining(['city', 'district']));
		expect(z0.length).toBeLessThan(500_000);
	});

	it('party organizations are placed at their point, compound or area', async () => {
		const { rows } = await db().query(
			`SELECT o.id, ST_X(p) AS lon, ST_Y(p) AS lat FROM party_orgs o LEFT JOIN compounds c ON c.id = o.compound_id
			   LEFT JOIN areas a ON a.id = o.area_id,
			   LATERAL (SELECT coalesce(o.geom, ST_PointOnSurface(c.geom), ST_PointOnSurface(a.geom)) AS p) x
			 WHERE o.retired_at IS NULL AND p IS NOT NULL ORDER BY o.id LIMIT 5`
		);
		expect(rows.length).toBeGreaterThan(0);
		for (const r of rows) {
			const t = await tileAt(r.lon, r.lat, 14);
			const { features } = decode(await renderTile({ layer: 'party-orgs', ...t }, ADMIN), 'party-orgs');
			expect(features.map((f) => f.id)).toContain(r.id);
		}
	});

	it("tiles are read on their own connections, on the generic plan from the first execution; the API's keep the server's choice", async () => {
		const c = await chengjian();
		const t = await tileAt(c.lon, c.lat, 14);
		expect((await renderTile({ layer: 'buildings', ...t }, ADMIN)).length).toBeGreaterThan(0);
		const { rows } = await db().query<{ n: number }>(
			`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE '%-tiles' AND datname = current_database()`
		);
		expect(rows[0].n, 'a connection of the tile pool').toBeGreaterThan(0);
		const mode = async (p: pg.Pool) =>
			(await p.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode')).rows[0].plan_cache_mode;
		expect(await mode(tileDb(false))).toBe('force_generic_plan');
		expect(await mode(db())).toBe('auto');
	});

	it("keeps a tile connection idle past pg's 10 s (a new one reads its first tiles several times slower); the API's closes", async () => {
		const pidOf = async (p: pg.Pool) =>
			(await p.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
		const tiles = await pidOf(tileDb(false));
		const api = await pidOf(db());
		await new Promise((r) => setTimeout(r, 11_500));
		// asked on a connection of its own: the API's pool would hand back its idle one if still there
		const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
		await c.connect();
		try {
			const { rows } = await c.query<{ pid: number }>(
				'SELECT pid FROM pg_stat_activity WHERE pid = ANY($1::int[])',
				[[tiles, api]]
			);
			expect(rows.map((r) => r.pid)).toEqual([tiles]);
		} finally {
			await c.end();
		}
		expect(await pidOf(tileDb(false))).toBe(tiles);
	}, 20_000);

	it('a layer below its minzoom answers an empty tile without querying', async () => {
		expect((await renderTile({ layer: 'buildings', z: 5, x: 26, y: 13 }, ADMIN)).length).toBe(0);
	});
});

describe('tickets tiles and scope', () => {
	async function personOf(username: string) {
		return (await db().query('SELECT person_id, area_id FROM users WHERE username = $1', [username])).rows[0];
	}

	it('carry open tickets only, and no personal data', async () => {
		const c = await chengjian();
		const t = await tileAt(c.lon, c.lat, 12);
		const { features } = decode(await renderTile({ layer: 'tickets', ...t }, ADMIN), 'tickets');
		const exp = await expectedIds('tickets t', "t.status NOT IN ('resolved', 'closed', 'rejected')", t);
		expect(exp.inside.length).toBeGreaterThan(0);
		// points: exactly those in the tile and its 64-unit buffer
		expect(features.map((f) => Number(f.id)).sort((a, b) => a - b)).toEqual(exp.near);
		for (const f of features)
			expect(Object.keys(f.properties).sort()).toEqual(['category', 'overdue', 'status', 'urgency']);
	});

	it("a grid worker's tile holds exactly the open tickets of their grid cells", async () => {
		const gw = await personOf('gridworker');
		const { rows } = await db().query(
			`SELECT ST_X(ST_Centroid(ST_Collect(geom))) AS lon, ST_Y(ST_Centroid(ST_Collect(geom))) AS lat
			 FROM grid_cells WHERE worker_id = $1`,
			[gw.person_id]
		);
		const scope: Scope = { kind: 'grid_cells', personId: gw.person_id };
		const theirs = `t.status NOT IN ('resolved', 'closed', 'rejected') AND t.grid_cell_id IN (SELECT id FROM grid_cells WHERE worker_id = ${Number(gw.person_id)})`;
		// z12: the tickets themselves
		const t = await tileAt(rows[0].lon, rows[0].lat, 12);
		const mine = decode(await renderTile({ layer: 'tickets', ...t }, scope), 'tickets').features.map((f) =>
			Number(f.id)
		);
		const all = decode(await renderTile({ layer: 'tickets', ...t }, ADMIN), 'tickets').features.map((f) =>
			Number(f.id)
		);
		const exp = await expectedIds('tickets t', theirs, t);
		expect(exp.inside.length).toBeGreaterThan(0);
		expect(mine.sort((a, b) => a - b)).toEqual(exp.near);
		expect(all.length).toBeGreaterThan(mine.length);
		// z11: their density, counted in the scope before the cells are made
		const t11 = await tileAt(rows[0].lon, rows[0].lat, 11);
		const mine11 = cellsOf(await renderTile({ layer: 'tickets', ...t11 }, scope), 'tickets').total;
		expect(mine11).toBe((await expectedIds('tickets t', theirs, t11)).near.length);
		expect(cellsOf(await renderTile({ layer: 'tickets', ...t11 }, ADMIN), 'tickets').total).toBeGreaterThan(
			mine11
		);
	});

	it("a district official sees their district's tickets only; a planner gets 403", async () => {
		const jz = await personOf('jizhou');
		const scope: Scope = { kind: 'area', areaId: jz.area_id };
		const c = await chengjian();
		const t = await tileAt(c.lon, c.lat, 12); // points from z12 (cells below, tested above)
		const ids = decode(await renderTile({ layer: 'tickets', ...t }, scope), 'tickets').features.map((f) =>
			Number(f.id)
		);
		expect(ids.length).toBeGreaterThan(0);
		const { rows } = await db().query(
			`SELECT count(*)::int AS outside FROM tickets t WHERE t.id = ANY($1)
			 AND t.community_id NOT IN (SELECT id FROM areas WHERE path @> ARRAY[$2::int])`,
			[ids, jz.area_id]
		);
		expect(rows[0].outside).toBe(0);
		const exp = await expectedIds(
			'tickets t',
			`t.status NOT IN ('resolved', 'closed', 'rejected') AND t.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[${Number(jz.area_id)}])`,
			t
		);
		expect(ids.sort((a, b) => a - b)).toEqual(exp.near);
		// z10 (where the tickets layer starts): the district's density only
		const t10 = await tileAt(c.lon, c.lat, 10);
		const district = `t.status NOT IN ('resolved', 'closed', 'rejected') AND t.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[${Number(jz.area_id)}])`;
		const theirs = cellsOf(await renderTile({ layer: 'tickets', ...t10 }, scope), 'tickets').total;
		expect(theirs).toBe((await expectedIds('tickets t', district, t10)).near.length);
		expect(cellsOf(await renderTile({ layer: 'tickets', ...t10 }, ADMIN), 'tickets').total).toBeGreaterThan(
			theirs
		);
		await expect(
			getTile(
				{ layer: 'tickets', ...t },
				{ kind: 'aggregates' },
				{ requestedVersion: null, acceptGzip: true, ifNoneMatch: null }
			)
		).rejects.toMatchObject({ status: 403 });
		await expect(tileJson('tickets', { kind: 'aggregates' }, 'http://x')).rejects.toMatchObject({
			status: 403
		});
	});
});

describe('data versions and the cache', () => {
	it('a changed ticket bumps the version; the next tile is new, a repeated one comes from the cache', async () => {
		const c = await chengjian();
		const t = { layer: 'tickets' as const, ...(await tileAt(c.lon, c.lat, 14)) };
		const v1 = await layerVersion('tickets');
		const opts = { requestedVersion: tileTag('tickets', v1), acceptGzip: true, ifNoneMatch: null };
		const a = await getTile(t, ADMIN, opts);
		expect(a.headers['cache-control']).toContain('immutable');
		expect(a.headers['content-encoding']).toBe('gzip');
		const before = decode(gunzipSync(a.body), 'tickets').features.length;
		const hits = tileCacheStats().hits;
		const again = await getTile(t, ADMIN, opts);
		expect(tileCacheStats().hits).toBe(hits + 1);
		expect(again.body.equals(a.body)).toBe(true);
		expect((await getTile(t, ADMIN, { ...opts, ifNoneMatch: a.headers.etag })).status).toBe(304);

		// close one open ticket of the tile
		const { rows } = await db().query(
			`UPDATE tickets SET status = 'closed', resolved_at = now(), closed_at = now()
			 WHERE id = (SELECT id FROM tickets WHERE status NOT IN ('resolved', 'closed', 'rejected')
			   AND geom && ST_Transform(ST_TileEnvelope($1, $2, $3), 4326) ORDER BY id LIMIT 1) RETURNING id`,
			[t.z, t.x, t.y]
		);
		expect(rows).toHaveLength(1);
		// the NOTIFY reaches the listener shortly after commit
		let v2 = v1;
		for (let i = 0; i < 50 && v2 === v1; i++) {
			await new Promise((r) => setTimeout(r, 20));
			v2 = await layerVersion('tickets');
		}
		expect(v2).toBeGreaterThan(v1);
		const stale = await getTile(t, ADMIN, opts); // the old URL: current data, not immutable
		expect(stale.headers['cache-control']).toBe('private, no-cache');
		expect(stale.headers.etag).not.toBe(a.headers.etag);
		const fresh = decode(gunzipSync(stale.body), 'tickets');
		expect(fresh.features.length).toBe(before - 1);
		expect(fresh.features.map((f) => f.id)).not.toContain(rows[0].id);
		// other layers keep their version
		const compounds = await layerVersion('compounds');
		expect((await tileJson('compounds', ADMIN, 'http://h')).tiles[0]).toMatch(
			new RegExp(`\\?v=${compounds}\\.[0-9a-f]{8}$`)
		);
	});

	it('TileJSON 3.0 names the versioned tile URL, zooms, bounds and fields', async () => {
		const tj = await tileJson('buildings', ADMIN, 'http://example.test');
		const v = await layerVersion('buildings');
		expect(tj.tilejson).toBe('3.0.0');
		expect(tj.tiles).toEqual([
			`http://example.test/api/tiles/buildings/{z}/{x}/{y}.mvt?v=${tileTag('buildings', v)}`
		]);
		expect([tj.minzoom, tj.maxzoom]).toEqual([14, 16]);
		const { rows } = await db().query(
			`SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
			 FROM (SELECT ST_Extent(geom) AS e FROM areas WHERE level = 'city') x`
		);
		tj.bounds.forEach((b, i) => expect(b).toBeCloseTo(Object.values(rows[0])[i] as number, 5));
		expect(tj.vector_layers).toEqual([
			expect.objectContaining({
				id: 'buildings',
				fields: { number: 'String', floors: 'Number', households: 'Number', compound_id: 'Number' }
			})
		]);
	});

	it('the byte-bounded cache evicts the least recently used tiles', () => {
		const lru = new ByteLru<{ byteLength: number }>(100);
		lru.set('a', { byteLength: 40 });
		lru.set('b', { byteLength: 40 });
		lru.get('a');
		lru.set('c', { byteLength: 40 });
		expect([lru.get('a'), lru.get('b'), lru.get('c')].map((v) => !!v)).toEqual([true, false, true]);
		expect(lru.byteSize).toBeLessThanOrEqual(100);
		lru.set('huge', { byteLength: 101 });
		expect(lru.get('huge')).toBeUndefined();
	});
});
