// Exports on a real PostGIS: every format round-trips through the importer (export → import → the same
// rows, updated by code, nothing inserted), the area filter and the user's scope hold, and GDAL reads
// the GeoPackage / Shapefile / CSV of an analysis result with the feature count the analysis gave.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { scopeOf } from '../../src/lib/server/auth/roles';
import { exportLayer, type ExportFormat } from '../../src/lib/server/export/service';
import { exportAnalysis } from '../../src/lib/server/export/analysis';
import { density } from '../../src/lib/server/analysis/density';
import { runImport } from '../../src/lib/server/import/service';
import type { LayerId } from '../../src/lib/map/layer-ids';
import { demoUser, one } from './helpers';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'redgrid-export-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const bytes = (b: Uint8Array | string) => (typeof b === 'string' ? new TextEncoder().encode(b) : b);

/** Attributes (as the export names them) and geometry of a layer's rows, for before / after. */
const SNAPSHOT: Partial<Record<LayerId, string>> = {
	compounds: `SELECT c.code, c.name, c.address, a.code AS community, pc.credit_code, c.households, c.population,
	  c.year_built, c.geom FROM compounds c JOIN areas a ON a.id = c.community_id
	  LEFT JOIN property_companies pc ON pc.id = c.company_id WHERE a.path @> ARRAY[$1::int]`,
	facilities: `SELECT f.code, f.type, f.name, f.capacity, f.floor_area, f.opened_on::text, a.code AS area, c.code AS compound,
	  f.geom FROM facilities f LEFT JOIN areas a ON a.id = f.area_id LEFT JOIN compounds c ON c.id = f.compound_id
	  WHERE coalesce(f.area_id, c.community_id) IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int])`,
	areas: `SELECT a.code, a.name, a.level, p.code AS parent, a.population, a.households, a.geom
	  FROM areas a LEFT JOIN areas p ON p.id = a.parent_id WHERE a.path @> ARRAY[$1::int]`,
	'grid-cells': `SELECT g.code, g.name, a.code AS community, g.geom FROM grid_cells g JOIN areas a ON a.id = g.community_id
	  WHERE a.path @> ARRAY[$1::int]`,
	'party-orgs': `SELECT o.code, o.name, o.kind, par.code AS parent, o.members, o.founded_on::text,
	  (SELECT string_agg(pc.credit_code, ';' ORDER BY pc.credit_code) FROM party_org_companies x
	   JOIN property_companies pc ON pc.id = x.company_id WHERE x.org_id = o.id AND x.end_on IS NULL) AS companies, o.geom
	  FROM party_orgs o LEFT JOIN party_orgs par ON par.id = o.parent_id LEFT JOIN compounds c ON c.id = o.compound_id
	  WHERE coalesce(o.area_id, c.community_id) IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int])`
};

async function snapshot(layer: LayerId, areaId: number) {
	const { rows } = await db().query(
		`SELECT s.*, ST_AsGeoJSON(s.geom, 9) AS g FROM (${SNAPSHOT[layer]}) s ORDER BY 1`,
		[areaId]
	);
	return rows.map(({ geom: _, g, ...attrs }) => ({ attrs, g: g as string | null }));
}

/** The largest distance (metres) between the geometries of two snapshots, row by row. */
async function drift(a: { g: string | null }[], b: { g: string | null }[]): Promise<number> {
	const pairs = a.map((x, i) => [x.g, b[i].g]).filter(([x, y]) => x && y);
	if (!pairs.length) return 0;
	const r = await one<{ d: number }>(
		`SELECT max(ST_HausdorffDistance(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(p->>0), 4326), 4547),
		   ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(p->>1), 4326), 4547))) AS d FROM jsonb_array_elements($1::jsonb) p`,
		[JSON.stringify(pairs)]
	);
	return r.d;
}

const street = () =>
	one<{ id: number; code: string }>(
		`SELECT id, code FROM areas WHERE level = 'street' ORDER BY code LIMIT 1`
	);

describe('round trips: export then import gives the same rows', () => {
	const cases: [LayerId, ExportFormat][] = [
		['compounds', 'gpkg'],
		['facilities', 'csv'],
		['areas', 'shp'],
		['grid-cells', 'geojson'],
		['party-orgs', 'geojson']
	];
	for (const [layer, format] of cases)
		it(`${layer} as ${format}`, async () => {
			const admin = await demoUser('admin');
			const area = await street();
			const before = await snapshot(layer, area.id);
			expect(before.length).toBeGreaterThan(0);
			const file = await exportLayer(layer, { format, area: area.id }, admin, scopeOf(admin));
			expect(file.name).toBe(`${layer}-area${area.id}.${format === 'shp' ? 'shp.zip' : format}`);
			const name = format === 'shp' ? 'x.zip' : `x.${format}`;
			const { report } = await runImport(
				layer,
				{ name, bytes: bytes(file.body) },
				{ mode: 'commit', crs: 'wgs84' },
				admin.id
			);
			expect(report.rejected).toEqual([]);
			expect(report.warnings).toEqual([]);
			expect([report.rows, report.inserted, report.updated]).toEqual([before.length, 0, before.length]);
			const after = await snapshot(layer, area.id);
			expect(after.map((r) => r.attrs)).toEqual(before.map((r) => r.attrs));
			expect(after.map((r) => r.g === null)).toEqual(before.map((r) => r.g === null));
			// GeoJSON and CSV carry 7 decimals (1 cm); GeoPackage and Shapefile full doubles
			expect(await drift(before, after)).toBeLessThan(0.02);
		});
});

describe('filters and scope', () => {
	it('the area filter keeps exactly the features of the subtree', async () => {
		const admin = await demoUser('admin');
		const area = await street();
		const file = await exportLayer('buildings', { format: 'geojson', area: area.id }, admin, scopeOf(admin));
		const fc = JSON.parse(file.body as string);
		const n = await one<{ n: number }>(
			`SELECT count(*)::int AS n FROM buildings b JOIN compounds c ON c.id = b.compound_id
			 JOIN areas a ON a.id = c.community_id WHERE a.path @> ARRAY[$1::int] AND b.retired_at IS NULL`,
			[area.id]
		);
		expect(fc.features.length).toBe(n.n);
		expect(fc.features[0].properties).toHaveProperty('compound_code');
	});

	it('tickets: an official gets their subtree without personal data; a planner none', async () => {
		const jizhou = await demoUser('jizhou');
		const file = await exportLayer('tickets', { format: 'geojson' }, jizhou, scopeOf(jizhou));
		const fc = JSON.parse(file.body as string);
		const n = await one<{ n: number }>(
			`SELECT count(*)::int AS n FROM tickets t WHERE t.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int])`,
			[jizhou.areaId]
		);
		expect(fc.features.length).toBe(n.n);
		expect(n.n).toBeGreaterThan(0);
		const keys = Object.keys(fc.features[0].properties);
		expect(keys).not.toContain('reporter_name');
		expect(keys).not.toContain('reporter_phone');
		expect(
			fc.features.every((f: { properties: { description: unknown } }) => f.properties.description === null)
		).toBe(true);
		const planner = await demoUser('planner');
		await expect(exportLayer('tickets', { format: 'csv' }, planner, scopeOf(planner))).rejects.toMatchObject({
			status: 403
		});
	});
});

describe('analysis results', () => {
	it('density bins as GeoPackage, Shapefile and CSV, read back by GDAL with the same count', async () => {
		const admin = await demoUser('admin');
		const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
		const [from, to] = [day(-700), day(1)];
		const q = `from=${from}&to=${to}&size=2000`;
		const expected = (await density({ size: 2000, from, to } as never, scopeOf(admin))).cells;
		expect(expected.length).toBeGreaterThan(0);
		for (const format of ['gpkg', 'shp', 'csv'] as const) {
			const file = await exportAnalysis(
				'density',
				new URL(`http://x/?format=${format}&${q}`),
				scopeOf(admin)
			);
			const out = path.join(tmp, file.name);
			writeFileSync(out, bytes(file.body));
			const src = format === 'shp' ? `/vsizip/${out}` : out;
			const info = execFileSync('ogrinfo', ['-ro', '-so', '-al', src]).toString();
			expect(info).toMatch(new RegExp(`Feature Count: ${expected.length}\\b`));
			if (format !== 'csv') expect(info).toMatch(/Polygon/);
		}
	});
});
