// A real city into a new deployment (src/lib/server/basemap/city.ts), on a database of its own: a
// one-community boundary, then a hand-written OpenStreetMap extract (tests/fixtures/city-buildings.osm)
// through GDAL's OSM driver: named residential land use becomes compounds holding their buildings,
// a building outside them goes to its community's scattered buildings, the community gets a grid
// cell, and a ticket filed inside a compound is routed to it. Refusals (no building, a layer not in
// longitude / latitude, overlapping compounds, a deployment that has a city already) write nothing.
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCity } from '../../src/lib/server/basemap/city';
import { createPool, db } from '../../src/lib/server/db/pool';
import { migrate } from '../../src/lib/server/db/migrate';
import routeSql from '../../src/lib/server/tickets/route.sql?raw';
import { clusterQuery } from '../setup/cluster';
import { square } from './helpers';

const OSM = new URL('../fixtures/city-buildings.osm', import.meta.url).pathname;
const name = `city_${randomBytes(4).toString('hex')}`;
let pool: pg.Pool;
let dir: string;

const counts = async () =>
	(
		await pool.query(
			`SELECT (SELECT count(*) FROM compounds)::int AS compounds, (SELECT count(*) FROM buildings)::int AS buildings,
			   (SELECT count(*) FROM grid_cells)::int AS grid_cells, (SELECT count(*) FROM roads)::int AS roads`
		)
	).rows[0];
const geojson = async (file: string, features: object[]) => {
	const out = path.join(dir, file);
	await writeFile(out, JSON.stringify({ type: 'FeatureCollection', features }));
	return out;
};

beforeAll(async () => {
	await clusterQuery(`CREATE DATABASE ${name}`);
	pool = createPool(`${process.env.REDGRID_TEST_PG}/${name}`, 2);
	await migrate(pool);
	// the boundary: one community (and the city, district and street it lies in) around the extract
	const box = `ST_Multi(ST_MakeEnvelope(114.99, 27.09, 115.02, 27.12, 4326))`;
	await pool.query(
		`INSERT INTO areas (code, name, level, parent_id, geom) VALUES ('310000', '上海市', 'city', NULL, ${box})`
	);
	await pool.query(
		`INSERT INTO areas (code, name, level, parent_id, geom) SELECT '310115', '浦东新区', 'district', id, ${box} FROM areas WHERE code = '310000'`
	);
	await pool.query(
		`INSERT INTO areas (code, name, level, parent_id, geom) SELECT '310115002', '潍坊新村街道', 'street', id, ${box} FROM areas WHERE code = '310115'`
	);
	await pool.query(
		`INSERT INTO areas (code, name, level, parent_id, geom) SELECT '310115002001', '乳山社区', 'community', id, ${box} FROM areas WHERE code = '310115002'`
	);
	dir = await mkdtemp(path.join(tmpdir(), 'city-import-'));
}, 120_000);

afterAll(async () => {
	await pool?.end();
	await clusterQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

describe('city import', () => {
	it('refuses a file with no building, a layer not in longitude / latitude and overlapping compounds, writing nothing', async () => {
		const before = await counts();
		const roadsOnly = await geojson('roads.geojson', [
			{
				type: 'Feature',
				properties: { highway: 'primary', name: '浦东南路' },
				geometry: {
					type: 'LineString',
					coordinates: [
						[115, 27.1],
						[115.01, 27.1]
					]
				}
			}
		]);
		expect((await importCity(pool, [roadsOnly])).refused).toEqual([
			{ feature: roadsOnly, message: 'no building footprint in the files' }
		]);
		const projected = await geojson('buildings-3857.geojson', [
			{ type: 'Feature', properties: { building: 'yes', id: 1 }, geometry: square(12801000, 3123000, 20) }
		]);
		expect((await importCity(pool, [OSM, projected])).refused).toEqual([
			{ feature: 'buildings-3857.geojson #1', message: expect.stringMatching(/not in WGS 84/) }
		]);
		const overlapping = await geojson('overlap.geojson', [
			{
				type: 'Feature',
				properties: { landuse: 'residential', name: '东园一村', osm_id: 7 },
				geometry: square(115.0, 27.11, 0.002)
			},
			{
				type: 'Feature',
				properties: { landuse: 'residential', name: '东园二村', osm_id: 8 },
				geometry: square(115.001, 27.11, 0.002)
			},
			{
				type: 'Feature',
				properties: { building: 'yes', osm_id: 9 },
				geometry: square(115.0012, 27.1102, 0.0002)
			}
		]);
		const r = await importCity(pool, [overlapping], { dryRun: true });
		expect(r.refused).toEqual([
			{
				feature: 'compound 东园一村 (OSM 7)',
				message: expect.stringMatching(/^overlaps compound 东园二村 \(OSM 8\) by \d+ m²/)
			}
		]);
		expect(r.written.buildings).toBe(0);
		expect(await counts()).toEqual(before);
	});

	it('a dry run reports what the import would write and writes nothing', async () => {
		const r = await importCity(pool, [OSM], { dryRun: true });
		expect(r.refused).toEqual([]);
		expect(r.written).toEqual({
			roads: 1,
			water: 0,
			landuse: 2,
			compounds: 2,
			scattered: 1,
			buildings: 5,
			grid_cells: 1
		});
		expect(await counts()).toEqual({ compounds: 0, buildings: 0, grid_cells: 0, roads: 0 });
	});

	it('imports compounds holding their buildings, scattered buildings, a grid cell; a ticket routes to its compound', async () => {
		const r = await importCity(pool, [OSM]);
		expect(r.refused).toEqual([]);
		const held = (
			await pool.query<{ compound: string; buildings: string[]; floors: number[] }>(
				`SELECT c.name AS compound, array_agg(b.code ORDER BY b.code) AS buildings, array_agg(b.floors ORDER BY b.code) AS floors
				 FROM compounds c JOIN buildings b ON b.compound_id = c.id GROUP BY c.name ORDER BY c.name`
			)
		).rows;
		expect(held).toEqual([
			// levels 6; height 31 m ÷ 3 m; neither: 1
			{ compound: '乳山二村', buildings: ['osm500', 'osm501', 'osm502'], floors: [6, 10, 1] },
			{ compound: '乳山社区散居楼栋', buildings: ['osm505'], floors: [3] },
			{ compound: '崂山三村', buildings: ['osm504'], floors: [18] }
		]);
		// every building inside its compound, every compound in the community and its district
		const outside = await pool.query(
			`SELECT b.code FROM buildings b JOIN compounds c ON c.id = b.compound_id
			 JOIN areas a ON a.id = c.community_id JOIN areas d ON d.id = c.district_id
			 WHERE NOT ST_Covers(c.geom, b.geom) OR NOT ST_Covers(a.geom, c.geom) OR d.code <> '310115'`
		);
		expect(outside.rows).toEqual([]);
		const cell = (await pool.query(`SELECT code, name FROM grid_cells`)).rows;
		expect(cell).toEqual([{ code: '31011500200101', name: '乳山社区第1网格' }]);
		// a ticket filed inside 乳山二村, beside its 1号楼
		const routed = (await pool.query(routeSql, [115.0025, 27.1015])).rows[0];
		const ids = (await pool.query(`SELECT id FROM compounds WHERE name = '乳山二村'`)).rows[0];
		expect(routed.compound_id).toBe(ids.id);
		expect(routed.grid_cell_id).not.toBeNull();
		expect(await counts()).toEqual({ compounds: 3, buildings: 5, grid_cells: 1, roads: 1 });
		// a second import into the same deployment is refused: a city is imported once
		const again = await importCity(pool, [OSM]);
		expect(again.refused.map((x) => x.message)).toEqual([
			'the database already has 3 compounds and 5 buildings: a city is imported into a new deployment'
		]);
	});

	it('refuses to import into a deployment with no community', async () => {
		const r = await importCity(db(), [OSM], { dryRun: true });
		// the test database holds the demo city: refused for that, with its counts
		expect(r.refused.map((x) => x.message)).toEqual([
			expect.stringMatching(/^the database already has \d+ compounds and \d+ buildings/)
		]);
	});
});
