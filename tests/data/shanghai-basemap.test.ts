// The base-map importer on OpenStreetMap-derived layers of central Shanghai (../shared/data/
// shanghai-osm, ODbL: they do not ship). Vector-tile pieces are clipped at tile edges, so one OSM
// id appears several times: the importer merges them. Expected figures are computed here from the
// files themselves, independently of the importer.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBaseLayers } from '../../src/lib/server/basemap/import';
import { roadClass } from '../../src/lib/server/basemap/classify';
import { db } from '../../src/lib/server/db/pool';
import { one } from '../integration/helpers';
import { sharedData } from './shared';

const DIR = sharedData('shanghai-osm');
const FILES = ['shanghai_roads.geojson', 'shanghai_water.geojson', 'shanghai_landuse.geojson'].map((f) =>
	path.join(DIR, f)
);
interface F {
	properties: Record<string, unknown>;
	geometry: { type: string } | null;
}
const read = (f: string): F[] => JSON.parse(readFileSync(path.join(DIR, f), 'utf8')).features;

describe('Shanghai base layers', () => {
	it('imports roads merged by OSM id, the Huangpu as water, and credits OpenStreetMap', async () => {
		const r = await importBaseLayers(db(), FILES);
		expect(r.refused).toEqual([]);
		const roadFeatures = read('shanghai_roads.geojson').filter(
			(f) => f.geometry && /LineString/.test(f.geometry.type) && roadClass(f.properties.kind_detail)
		);
		const ids = new Set(roadFeatures.map((f) => Number(f.properties.id)));
		expect(r.staged.roads).toBe(roadFeatures.length);
		expect(roadFeatures.length).toBeGreaterThan(ids.size); // the file has pieces to merge
		const roads = await one<{ ids: number; rows: number }>(
			`SELECT count(DISTINCT osm_id)::int AS ids, count(*)::int AS rows FROM roads`
		);
		expect(roads.ids).toBe(ids.size);
		// a merged way is one line, unless the way itself forks or the pieces do not touch
		expect(roads.rows).toBeLessThan(ids.size * 1.1);
		const huangpu = await one<{ km2: number }>(
			`SELECT sum(ST_Area(geom::geography)) / 1e6 AS km2 FROM water WHERE name = '黄浦江'`
		);
		expect(huangpu.km2).toBeGreaterThan(0.5);
		// named residential land use (the 新村 compounds) arrives as land use
		const named = await one<{ n: number }>(
			`SELECT count(*)::int AS n FROM landuse WHERE kind = 'residential' AND name IN ('崂山三村', '乳山二村')`
		);
		expect(named.n).toBe(2);
		// no demo road is left: the base map was replaced as a whole
		expect((await one<{ n: number }>(`SELECT count(*)::int AS n FROM roads WHERE osm_id IS NULL`)).n).toBe(0);
	});
});
