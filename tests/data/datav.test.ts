// Tests of the real Ji'an district boundaries (DataV, ../shared/data/jian-districts-datav; no licence
// stated, so they never ship in the repository): the GCJ-02 → WGS84 conversion against the published
// WGS84 copy, the demo city generated on them, and their import on a real PostGIS.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { generateCity } from '../../src/lib/server/demo/generate';
import { readDistricts } from '../../src/lib/server/demo/load';
import { gcj02ToWgs84, type LonLat } from '../../src/lib/server/geo/crs';
import { runImport } from '../../src/lib/server/import/service';
import { one } from '../integration/helpers';
import { sharedData } from './shared';

const DATA = sharedData('jian-districts-datav');
const NOW = Date.UTC(2025, 5, 1, 4, 0);
const metres = (a: LonLat, b: LonLat) => {
	const east = (b[0] - a[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180);
	const north = (b[1] - a[1]) * 110_574;
	return { east, north, total: Math.hypot(east, north) };
};
const fileOf = (name: string, bytes: Uint8Array | string) => ({
	name,
	bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes
});
const count = async (table: string) =>
	(await one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).n;

describe('DataV districts: coordinates and the generator', () => {
	it('agrees with the published WGS84 conversion of the DataV districts', async () => {
		const gcj = JSON.parse(readFileSync(path.join(DATA, '360800_full.gcj02.json'), 'utf8'));
		const wgs = JSON.parse(readFileSync(path.join(DATA, '360800_full.wgs84.geojson'), 'utf8'));
		const a = gcj.features[0].geometry.coordinates[0][0];
		const b = wgs.features[0].geometry.coordinates[0][0];
		for (let i = 0; i < a.length; i += 25) {
			const mine = gcj02ToWgs84(a[i]);
			expect(metres(mine, b[i]).total).toBeLessThan(0.2); // the file is rounded to 6 decimals
		}
	});

	it('builds the city on the real DataV districts (GCJ-02 converted)', async () => {
		const file = path.join(DATA, '360800_full.gcj02.json');
		const districts = await readDistricts(file, 'gcj02');
		expect(districts).toHaveLength(13);
		const jizhou = districts.find((d) => d.adcode === '360802')!;
		expect(turf.area(turf.multiPolygon(jizhou.geom)) / 1e6).toBeGreaterThan(400);
		const city = generateCity({ districts, now: NOW });
		expect(city.compounds.find((c) => c.name === '城建花苑')).toBeTruthy();
		for (const c of city.compounds.filter((x) => x.district_id === 2).slice(0, 200)) {
			const centre = [(c.rect[0] + c.rect[2]) / 2, (c.rect[1] + c.rect[3]) / 2];
			expect(turf.booleanPointInPolygon(centre, turf.multiPolygon(jizhou.geom))).toBe(true);
		}
	});
});

/** Largest Hausdorff distance (metres, EPSG:4547) between each stored area and the file's feature of the same adcode. */
async function hausdorffToFile(
	file: string,
	geoms: Map<string, unknown>
): Promise<{ max: number; min: number }> {
	const fc = JSON.parse(readFileSync(path.join(DATA, file), 'utf8'));
	const pairs = fc.features.map((f: { properties: { adcode: number }; geometry: unknown }) => ({
		code: String(f.properties.adcode),
		ref: JSON.stringify(f.geometry),
		got: JSON.stringify(geoms.get(String(f.properties.adcode)))
	}));
	const { rows } = await db().query(
		`SELECT max(h) AS max, min(h) AS min FROM (
		   SELECT ST_HausdorffDistance(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(p->>'ref'), 4326), 4547),
		     ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(p->>'got'), 4326), 4547)) AS h
		   FROM jsonb_array_elements($1::jsonb) p) x`,
		[JSON.stringify(pairs)]
	);
	return rows[0];
}

describe('GCJ-02 district boundaries (real Ji’an data)', () => {
	const gcj = fileOf('360800_full.gcj02.json', readFileSync(path.join(DATA, '360800_full.gcj02.json')));
	const mapping = { parent_code: '=360800' };

	it('converts GCJ-02 to WGS84 within 1 m (Hausdorff) of the WGS84 copy, updating the 13 districts by code', async () => {
		const districts = await count(`areas WHERE level = 'district'`);
		const { status, report } = await runImport('areas', gcj, { mode: 'commit', crs: 'gcj02', mapping }, null);
		expect(report.rejected).toEqual([]);
		expect(status).toBe(200);
		expect(report.mapping).toMatchObject({ code: 'adcode', name: 'name', level: 'level' });
		expect([report.inserted, report.updated, report.written]).toEqual([0, 13, true]);
		expect(await count(`areas WHERE level = 'district'`)).toBe(districts);
		const { rows } = await db().query(
			`SELECT code, ST_AsGeoJSON(geom)::json AS g FROM areas WHERE level = 'district'`
		);
		const h = await hausdorffToFile('360800_full.wgs84.geojson', new Map(rows.map((r) => [r.code, r.g])));
		expect(h.max).toBeLessThan(1);
		expect(
			(
				await one<{ n: number }>(
					`SELECT count(*)::int AS n FROM import_runs WHERE layer = 'areas' AND crs = 'GCJ-02'`
				)
			).n
		).toBe(1);
	});

	it('read as WGS84 (no conversion), the same file lies over 500 m off, and the importer says it looks like GCJ-02', async () => {
		const before = await one<{ s: string }>(
			`SELECT md5(string_agg(ST_AsEWKT(geom), '' ORDER BY code)) AS s FROM areas`
		);
		const { report } = await runImport('areas', gcj, { mode: 'dry-run', crs: 'wgs84', mapping }, null);
		expect(report.written).toBe(false);
		expect(report.warnings.map((w) => w.message).join(' ')).toMatch(/GCJ-02/);
		expect(report.warnings.map((w) => w.code)).toContain('offset');
		const preview = new Map(
			(report.preview.features as { properties: { row: number }; geometry: unknown }[]).map((f) => [
				String(
					JSON.parse(readFileSync(path.join(DATA, '360800_full.gcj02.json'), 'utf8')).features[
						f.properties.row - 1
					].properties.adcode
				),
				f.geometry
			])
		);
		const h = await hausdorffToFile('360800_full.wgs84.geojson', preview);
		expect(h.min).toBeGreaterThan(500);
		// a dry run writes nothing
		const after = await one<{ s: string }>(
			`SELECT md5(string_agg(ST_AsEWKT(geom), '' ORDER BY code)) AS s FROM areas`
		);
		expect(after.s).toBe(before.s);
	});
});
