// The base-map importer on real files through GDAL: a hand-written OpenStreetMap extract
// (tests/fixtures/small-city.osm) replaces the demo's roads, water and land use; a road drawn as
// two ways of one OSM id would be merged; a layer in a projected CRS and a file with nothing for
// the base map are refused, per feature, writing nothing; a dry run writes nothing.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBaseLayers } from '../../src/lib/server/basemap/import';
import { db } from '../../src/lib/server/db/pool';

const OSM = new URL('../fixtures/small-city.osm', import.meta.url).pathname;
const counts = async () =>
	(
		await db().query(
			`SELECT (SELECT count(*) FROM roads)::int AS roads, (SELECT count(*) FROM water)::int AS water,
			        (SELECT count(*) FROM landuse)::int AS landuse`
		)
	).rows[0];

describe('base-map import', () => {
	it('a dry run reports what an import would write and writes nothing', async () => {
		const before = await counts();
		const r = await importBaseLayers(db(), OSM, { dryRun: true });
		expect(r.refused).toEqual([]);
		expect(r.written).toEqual({ roads: 4, water: 1, landuse: 2 });
		expect(r.skipped).toEqual({ 'line proposed (not a road class)': 1, building: 1 });
		expect(await counts()).toEqual(before);
	});

	it('refuses a layer in a projected CRS, per feature, and writes nothing', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'basemap-'));
		const file = path.join(dir, 'roads-3857.geojson');
		// EPSG:3857 metres without a declaration: read as longitude / latitude they are out of range
		await writeFile(
			file,
			JSON.stringify({
				type: 'FeatureCollection',
				features: [
					{
						type: 'Feature',
						properties: { highway: 'primary', name: '井冈山大道' },
						geometry: {
							type: 'LineString',
							coordinates: [
								[114.98, 27.1],
								[114.99, 27.1]
							]
						}
					},
					{
						type: 'Feature',
						properties: { highway: 'primary', name: '吉州大道' },
						geometry: {
							type: 'LineString',
							coordinates: [
								[12799000, 3123000],
								[12800000, 3123000]
							]
						}
					}
				]
			})
		);
		const before = await counts();
		const r = await importBaseLayers(db(), file);
		expect(r.refused).toEqual([
			{ feature: 'roads-3857.geojson #2', message: expect.stringMatching(/not in WGS 84/) }
		]);
		expect(await counts()).toEqual(before);
		const empty = path.join(dir, 'points.geojson');
		await writeFile(
			empty,
			JSON.stringify({
				type: 'FeatureCollection',
				features: [
					{ type: 'Feature', properties: { name: 'x' }, geometry: { type: 'Point', coordinates: [115, 27] } }
				]
			})
		);
		const none = await importBaseLayers(db(), empty);
		expect(none.refused.map((x) => x.message)).toEqual(['no roads, water or land use in the file']);
		expect(await counts()).toEqual(before);
		await expect(importBaseLayers(db(), path.join(dir, 'missing.osm'))).rejects.toThrow(
			/GDAL cannot read it/
		);
	});

	it('replaces the base map with the OSM extract: classes, names, bridges, pieces merged by OSM id', async () => {
		const r = await importBaseLayers(db(), OSM);
		expect(r.refused).toEqual([]);
		expect(await counts()).toEqual({ roads: 4, water: 1, landuse: 2 });
		const roads = (await db().query(`SELECT osm_id::int, name, class, bridge FROM roads ORDER BY osm_id`))
			.rows;
		expect(roads).toEqual([
			{ osm_id: 100, name: '井冈山大道', class: 'primary', bridge: false },
			{ osm_id: 101, name: '井冈山大道', class: 'primary', bridge: true },
			{ osm_id: 102, name: '仁山坪巷', class: 'residential', bridge: false },
			{ osm_id: 103, name: null, class: 'footway', bridge: false }
		]);
		const areas = (
			await db().query(
				`SELECT 'water' AS t, name, kind FROM water UNION ALL SELECT 'landuse', name, kind FROM landuse ORDER BY 1, 2`
			)
		).rows;
		expect(areas).toEqual([
			{ t: 'landuse', name: '人民公园', kind: 'park' },
			{ t: 'landuse', name: '吉安市白鹭洲中学', kind: 'school' },
			{ t: 'water', name: '赣江', kind: 'river' }
		]);
		// only the bridge crosses the river
		const wet = (
			await db().query(
				`SELECT r.osm_id::int FROM roads r JOIN water w ON ST_Intersects(r.geom, w.geom) WHERE NOT r.bridge`
			)
		).rows;
		expect(wet).toEqual([]);
		// the map credits OpenStreetMap now
		const { rows } = await db().query(`SELECT EXISTS (SELECT 1 FROM roads WHERE osm_id IS NOT NULL) AS osm`);
		expect(rows[0].osm).toBe(true);
	});

	it('merges the pieces of one OSM way clipped at tile edges into one road', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'basemap-'));
		const file = path.join(dir, 'tiles.geojson');
		const piece = (coords: number[][]) => ({
			type: 'Feature',
			properties: {
				id: 4242,
				kind: 'major_road',
				kind_detail: 'secondary',
				name: '浦东南路',
				source: 'openstreetmap.org'
			},
			geometry: { type: 'LineString', coordinates: coords }
		});
		await writeFile(
			file,
			JSON.stringify({
				type: 'FeatureCollection',
				features: [
					piece([
						[121.5, 31.23],
						[121.505, 31.23]
					]),
					piece([
						[121.505, 31.23],
						[121.51, 31.231]
					]),
					{
						type: 'Feature',
						properties: { id: 77, kind: 'water', name: '黄浦江' },
						geometry: {
							type: 'Polygon',
							coordinates: [
								[
									[121.49, 31.22],
									[121.495, 31.22],
									[121.495, 31.225],
									[121.49, 31.22]
								]
							]
						}
					}
				]
			})
		);
		const r = await importBaseLayers(db(), file);
		expect(r.staged.roads).toBe(2);
		expect(r.written.roads).toBe(1);
		const road = (
			await db().query(
				`SELECT name, class, ST_NPoints(geom)::int AS n, round(ST_Length(geom::geography))::int AS m FROM roads`
			)
		).rows;
		expect(road).toEqual([{ name: '浦东南路', class: 'secondary', n: 3, m: expect.any(Number) }]);
		// 0.005° of longitude at 31.23° N is 476 m; the second piece adds 476 m east and 111 m north,
		// 489 m: together about 965 m, which a road left in two pieces or doubled would not give
		expect(road[0].m).toBeGreaterThan(955);
		expect(road[0].m).toBeLessThan(975);
	});
});
