// Editing the city's data: server validation naming the field with nothing written, optimistic
// concurrency, the official's scope, audit rows in the same transaction, party status, and grid
// cells that still tile their community after a split and a merge.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { createSchema, updateSchema } from '../../src/lib/server/editing/schemas';
import {
	ConflictError,
	createRecord,
	listRecords,
	readRecord,
	updateRecord
} from '../../src/lib/server/editing/service';
import { mergeCells, splitCell } from '../../src/lib/server/editing/gridcells';
import { scopeOf } from '../../src/lib/server/auth/roles';
import { demoUser, one, refused } from './helpers';

const auditCount = async () => (await one<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).n;

/** A building footprint: a small square around (lon, lat), half-size d degrees. */
const square = (lon: number, lat: number, d: number) => ({
	type: 'Polygon' as const,
	coordinates: [
		[
			[lon - d, lat - d],
			[lon + d, lat - d],
			[lon + d, lat + d],
			[lon - d, lat + d],
			[lon - d, lat - d]
		]
	]
});

async function jizhouFacility(inside: boolean) {
	return one<{ id: number; version: number; capacity: number }>(
		`SELECT f.id, f.version, f.capacity FROM facilities f JOIN areas a ON a.id = f.area_id
		 WHERE f.retired_at IS NULL AND f.capacity IS NOT NULL
		   AND ${inside ? '' : 'NOT'} (a.path @> ARRAY[(SELECT id FROM areas WHERE code = '360802')])
		 ORDER BY f.id LIMIT 1`
	);
}

describe('validation', () => {
	it('names the field of a bad value in the request shape', () => {
		const r = createSchema('facilities').safeParse({
			code: 'F-NEW-1',
			name: '新驿站',
			type: 'red_station',
			capacity: -5,
			areaId: 1,
			geom: { type: 'Point', coordinates: [115, 27.1] }
		});
		expect(r.success).toBe(false);
		expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['capacity']);
		const u = updateSchema('buildings').safeParse({ version: 1, floors: 0 });
		expect(u.error!.issues.map((i) => i.path.join('.'))).toEqual(['floors']);
		const x = updateSchema('buildings').safeParse({ version: 1, colour: 'red' });
		expect(x.success).toBe(false);
	});

	it('refuses a building outside its compound (geom, 422) and writes nothing', async () => {
		const admin = await demoUser('admin');
		const c = await one<{ id: number; lon: number; lat: number; xmax: number }>(
			`SELECT id, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat, ST_XMax(geom) AS xmax
			 FROM compounds ORDER BY id LIMIT 1`
		);
		const [buildings, audits] = [await one('SELECT count(*)::int AS n FROM buildings'), await auditCount()];
		const err = await refused(() =>
			createRecord(
				'buildings',
				{
					code: 'B-TEST-OUT',
					compoundId: c.id,
					number: '99',
					floors: 6,
					geom: square(c.xmax + 0.01, c.lat, 0.0001)
				},
				admin
			)
		);
		expect([err.status, err.field]).toEqual([422, 'geom']);
		expect(await one('SELECT count(*)::int AS n FROM buildings')).toEqual(buildings);
		expect(await auditCount()).toBe(audits);
	});

	it('refuses an invalid (self-intersecting) shape, a duplicate code, a wrong person kind and dates out of order', async () => {
		const admin = await demoUser('admin');
		const bowtie = {
			type: 'Polygon' as const,
			coordinates: [
				[
					[115.0, 27.1],
					[115.001, 27.101],
					[115.001, 27.1],
					[115.0, 27.101],
					[115.0, 27.1]
				]
			]
		};
		const c = await one<{ id: number }>('SELECT id FROM compounds ORDER BY id LIMIT 1');
		const e1 = await refused(() =>
			createRecord(
				'buildings',
				{ code: 'B-BOW', compoundId: c.id, number: '1', floors: 3, geom: bowtie },
				admin
			)
		);
		expect([e1.status, e1.field]).toEqual([422, 'geom']);
		expect(e1.message).toMatch(/Self-intersection/i);

		const f = await one<{ id: number; version: number }>(
			'SELECT id, version FROM facilities ORDER BY id LIMIT 1'
		);
		const other = await one<{ code: string }>(
			'SELECT code FROM facilities WHERE id <> $1 ORDER BY id LIMIT 1',
			[f.id]
		);
		const e2 = await refused(() =>
			updateRecord('facilities', f.id, { version: f.version, code: other.code }, admin)
		);
		expect([e2.status, e2.field]).toEqual([409, 'code']);

		const cell = await one<{ id: number; version: number }>(
			'SELECT id, version FROM grid_cells ORDER BY id LIMIT 1'
		);
		const steward = await one<{ id: number }>(`SELECT id FROM people WHERE kind = 'steward' LIMIT 1`);
		const e3 = await refused(() =>
			updateRecord('grid-cells', cell.id, { version: cell.version, workerId: steward.id }, admin)
		);
		expect([e3.status, e3.field]).toEqual([422, 'workerId']);

		const ca = await one<{ id: number; version: number; start_on: string }>(
			`SELECT id, version, start_on::text FROM cross_appointments ORDER BY id LIMIT 1`
		);
		const e4 = await refused(() =>
			updateRecord('cross-appointments', ca.id, { version: ca.version, endOn: '2001-01-01' }, admin)
		);
		expect([e4.status, e4.field]).toEqual([400, 'endOn']);
		// nothing of these four was written
		expect((await one<{ v: number }>('SELECT version AS v FROM facilities WHERE id = $1', [f.id])).v).toBe(
			f.version
		);
		expect((await one<{ v: number }>('SELECT version AS v FROM grid_cells WHERE id = $1', [cell.id])).v).toBe(
			cell.version
		);
		expect(
			(await one<{ e: string | null }>('SELECT end_on AS e FROM cross_appointments WHERE id = $1', [ca.id])).e
		).toBe(null);
	});
});

describe('optimistic concurrency', () => {
	it('refuses the second save of the same version with what changed in between', async () => {
		const admin = await demoUser('admin');
		const official = await demoUser('official');
		const f = await jizhouFacility(true);
		const first = await updateRecord(
			'facilities',
			f.id,
			{ version: f.version, capacity: f.capacity + 7 },
			official
		);
		expect(first.version).toBe(f.version + 1);
		let conflict: ConflictError | null = null;
		try {
			await updateRecord('facilities', f.id, { version: f.version, name: '改名' }, admin);
		} catch (err) {
			conflict = err as ConflictError;
		}
		expect(conflict).toBeInstanceOf(ConflictError);
		expect(conflict!.current.version).toBe(f.version + 1);
		expect(conflict!.changes).toHaveLength(1);
		expect(conflict!.changes[0].actor).toBe('official');
		expect(conflict!.changes[0].fields).toEqual({ capacity: { from: f.capacity, to: f.capacity + 7 } });
		const now = await one<{ name: string; capacity: number }>(
			'SELECT name, capacity FROM facilities WHERE id = $1',
			[f.id]
		);
		expect(now.capacity).toBe(f.capacity + 7);
		expect(now.name).not.toBe('改名');
	});
});

describe('scope', () => {
	it('lets the 吉州区 official edit inside the district only (403 naming the field outside)', async () => {
		const jizhou = await demoUser('jizhou');
		const out = await jizhouFacility(false);
		const err = await refused(() =>
			updateRecord('facilities', out.id, { version: out.version, capacity: 1 }, jizhou)
		);
		expect([err.status, err.field]).toEqual([403, 'areaId']);
		expect((await one<{ c: number }>('SELECT capacity AS c FROM facilities WHERE id = $1', [out.id])).c).toBe(
			out.capacity
		);

		const inside = await jizhouFacility(true);
		const ok = await updateRecord(
			'facilities',
			inside.id,
			{ version: inside.version, capacity: 321 },
			jizhou
		);
		expect(ok.capacity).toBe(321);

		// moving a record out of the district is refused too
		const elsewhere = await one<{ id: number }>(
			`SELECT id FROM areas WHERE level = 'community' AND NOT path @> ARRAY[$1::int] LIMIT 1`,
			[jizhou.areaId]
		);
		const moved = await refused(() =>
			updateRecord('facilities', inside.id, { version: ok.version, areaId: elsewhere.id }, jizhou)
		);
		expect(moved.status).toBe(403);

		// the list holds only the district's facilities
		const rows = await listRecords('facilities', { limit: 500 }, scopeOf(jizhou));
		const outside = await one<{ n: number }>(
			`SELECT count(*)::int AS n FROM facilities f JOIN areas a ON a.id = f.area_id
			 WHERE f.id = ANY ($1::int[]) AND NOT a.path @> ARRAY[$2::int]`,
			[rows.map((r) => r.id), jizhou.areaId]
		);
		expect(rows.length).toBeGreaterThan(0);
		expect(outside.n).toBe(0);
	});
});

describe('audit', () => {
	it('writes who, when, before and after in the same transaction as the change', async () => {
		const official = await demoUser('official');
		const f = await jizhouFacility(true);
		const saved = await updateRecord('facilities', f.id, { version: f.version, capacity: 999 }, official);
		const row = await one<{
			actor: number;
			action: string;
			before: { capacity: number };
			after: { capacity: number; version: number };
		}>(
			`SELECT actor_user_id AS actor, action, before, after FROM audit_log
			 WHERE entity = 'facilities' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
			[f.id]
		);
		expect(row).toEqual(
			expect.objectContaining({
				actor: official.id,
				action: 'update',
				before: expect.objectContaining({ capacity: f.capacity })
			})
		);
		expect(row.after.capacity).toBe(999);
		expect(row.after.version).toBe(saved.version);
		await expect(db().query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
	});

	it('retires instead of deleting, and restores', async () => {
		const admin = await demoUser('admin');
		const b = await one<{ id: number; version: number }>(
			'SELECT id, version FROM buildings ORDER BY id DESC LIMIT 1'
		);
		const retired = await updateRecord('buildings', b.id, { version: b.version, retired: true }, admin);
		expect(retired.retiredAt).not.toBeNull();
		expect(
			(await one<{ n: number }>('SELECT count(*)::int AS n FROM buildings WHERE id = $1', [b.id])).n
		).toBe(1);
		const back = await updateRecord('buildings', b.id, { version: retired.version, retired: false }, admin);
		expect(back.retiredAt).toBeNull();
		const actions = await db().query(
			`SELECT action FROM audit_log WHERE entity = 'buildings' AND entity_id = $1 ORDER BY id`,
			[b.id]
		);
		expect(actions.rows.map((r) => r.action)).toEqual(['retire', 'restore']);
	});
});

describe('party status', () => {
	it('a new branch covering a company without one makes its status "own"', async () => {
		const official = await demoUser('official');
		const c = await one<{ id: number }>(
			`SELECT company_id AS id FROM company_party_status WHERE party_status = 'none' ORDER BY company_id LIMIT 1`
		);
		const org = await createRecord(
			'party-orgs',
			{
				name: '中共测试物业公司支部委员会',
				kind: 'branch',
				areaId: official.areaId,
				companyIds: [c.id],
				members: 3,
				foundedOn: '2025-03-01'
			},
			official
		);
		expect(org.companyIds).toEqual([c.id]);
		const s = await one<{ s: string }>(
			'SELECT party_status AS s FROM company_party_status WHERE company_id = $1',
			[c.id]
		);
		expect(s.s).toBe('own');
		const company = await readRecord(db(), 'companies', c.id);
		expect(company!.partyStatus).toBe('own');
		const err = await refused(() =>
			createRecord(
				'party-orgs',
				{ name: '多企业支部', kind: 'branch', areaId: official.areaId, companyIds: [c.id, c.id + 1] },
				official
			)
		);
		expect(err.field).toBe('companyIds');
	});
});

describe('grid cells', () => {
	/** Independent check: live cells cover the community exactly, without overlaps. */
	async function tiling(communityId: number) {
		return one<{ cells: number; symdiff: number; overlap: number }>(
			`WITH c AS (SELECT geom FROM grid_cells WHERE community_id = $1 AND retired_at IS NULL)
			 SELECT (SELECT count(*)::int FROM c) AS cells,
			   ST_Area(ST_SymDifference((SELECT ST_Union(geom) FROM c), (SELECT geom FROM areas WHERE id = $1))::geography) AS symdiff,
			   (SELECT sum(ST_Area(geom::geography)) FROM c) - ST_Area((SELECT ST_Union(geom) FROM c)::geography) AS overlap`,
			[communityId]
		);
	}

	it('a split keeps the community tiled and previews the households that move; a merge undoes it', async () => {
		const admin = await demoUser('admin');
		// a cell that a north-south line through its centre cuts in exactly two
		const cell = await one<{ id: number; version: number; community_id: number; code: string; line: string }>(
			`WITH l AS (SELECT id, version, community_id, code, geom,
			   ST_MakeLine(ST_MakePoint(ST_X(ST_Centroid(geom)), ST_YMin(geom) - 0.001),
			               ST_MakePoint(ST_X(ST_Centroid(geom)), ST_YMax(geom) + 0.001)) AS line
			   FROM grid_cells WHERE retired_at IS NULL)
			 SELECT id, version, community_id, code, ST_AsGeoJSON(ST_SetSRID(line, 4326)) AS line FROM l
			 WHERE ST_NumGeometries(ST_Split(geom, ST_SetSRID(line, 4326))) = 2
			   AND EXISTS (SELECT 1 FROM buildings b WHERE b.geom && l.geom) ORDER BY id LIMIT 1`
		);
		const before = await tiling(cell.community_id);
		expect(before.symdiff).toBeLessThan(1);
		const line = JSON.parse(cell.line);

		const preview = await splitCell(
			{ cellId: cell.id, version: cell.version, line, newCode: `${cell.code}-B`, preview: true },
			admin
		);
		expect(preview.cells).toHaveLength(0);
		expect((await tiling(cell.community_id)).cells).toBe(before.cells);

		const done = await splitCell(
			{ cellId: cell.id, version: cell.version, line, newCode: `${cell.code}-B` },
			admin
		);
		const [kept, created] = done.cells;
		const after = await tiling(cell.community_id);
		expect(after.cells).toBe(before.cells + 1);
		expect(after.symdiff).toBeLessThan(1);
		expect(after.overlap).toBeLessThan(1);
		// the preview's households are those whose buildings now lie in the new cell (counted here by SQL)
		const moved = await one<{ h: number }>(
			`SELECT coalesce(sum(b.households), 0)::int AS h FROM buildings b, grid_cells g
			 WHERE g.id = $1 AND b.retired_at IS NULL AND ST_Intersects(g.geom, ST_PointOnSurface(b.geom))`,
			[created.id]
		);
		expect(done.preview.moves.households).toBe(moved.h);
		expect(preview.preview.moves.households).toBe(moved.h);
		expect(kept.id).toBe(cell.id);
		const audit = await one<{ n: number }>(
			`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'grid-cells' AND action = 'split' AND entity_id = $1`,
			[cell.id]
		);
		expect(audit.n).toBe(1);

		// a stale version is refused, and nothing changes
		await expect(
			mergeCells(
				{
					cells: [
						{ id: kept.id, version: cell.version },
						{ id: created.id, version: created.version }
					]
				},
				admin
			)
		).rejects.toBeInstanceOf(ConflictError);

		await mergeCells(
			{
				cells: [
					{ id: kept.id, version: kept.version },
					{ id: created.id, version: created.version }
				]
			},
			admin
		);
		const merged = await tiling(cell.community_id);
		expect(merged.cells).toBe(before.cells);
		expect(merged.symdiff).toBeLessThan(1);
		expect(merged.overlap).toBeLessThan(1);
	});

	it('refuses a redrawn cell that overlaps its neighbour (geom) and a line that misses the cell', async () => {
		const admin = await demoUser('admin');
		const pair = await one<{ a: number; av: number; bgeom: string }>(
			`SELECT a.id AS a, a.version AS av, ST_AsGeoJSON(ST_Union(a.geom, b.geom)) AS bgeom
			 FROM grid_cells a JOIN grid_cells b ON b.community_id = a.community_id AND b.id > a.id AND ST_Touches(a.geom, b.geom)
			 WHERE a.retired_at IS NULL AND b.retired_at IS NULL ORDER BY a.id LIMIT 1`
		);
		const err = await refused(() =>
			updateRecord('grid-cells', pair.a, { version: pair.av, geom: JSON.parse(pair.bgeom) }, admin)
		);
		expect([err.status, err.field]).toEqual([422, 'geom']);
		const miss = await refused(() =>
			splitCell(
				{
					cellId: pair.a,
					version: pair.av,
					line: {
						type: 'LineString',
						coordinates: [
							[100, 10],
							[100.1, 10.1]
						]
					},
					newCode: 'X-1'
				},
				admin
			)
		);
		expect(miss.field).toBe('line');
	});
});
