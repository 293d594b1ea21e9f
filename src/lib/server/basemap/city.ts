// A real city from open data: OpenStreetMap (.osm / .osm.pbf through GDAL's OSM driver) or GeoJSON
// layers as common tools export them (OSM tags, or the Tilezen schema of vector-tile dumps) brought
// into a deployment whose areas are already imported (the boundary: `npm run import -- areas FILE`).
// In one transaction: the base map (roads, water, land use: import.ts) is replaced; named
// residential land use becomes compounds; building footprints (pieces of one OSM id merged, building
// parts and label points left out) go to the compound that holds them, else to their community's
// compound of scattered buildings; every community without a grid cell gets one. A refusal (a layer
// not in longitude / latitude, no building at all, compounds that overlap, no community to put them
// in) is reported per feature and writes nothing; a dry run reports what would be written.
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { withTransaction } from '../db/pool';
import { classifyBuilding } from './classify';
import { stageBaseFeatures, stageRows, writeBaseLayers } from './import';

const sql = (name: string) => readFileSync(new URL(`./${name}.sql`, import.meta.url), 'utf8');
const MERGE_SQL = sql('city-merge');
const OVERLAPS_SQL = sql('city-overlaps');
const WRITE_SQL = sql('city-write');

export interface CityImportReport {
	files: string;
	/** features read, per source layer */
	read: Record<string, number>;
	/** rows written (on a dry run: what would be); zero on a refusal */
	written: {
		roads: number;
		water: number;
		landuse: number;
		/** compounds from named residential land use */
		compounds: number;
		/** one per community with buildings outside every named compound (散居楼栋) */
		scattered: number;
		buildings: number;
		grid_cells: number;
	};
	/** features left out, by reason (points, building parts, what lies in no community …) */
	skipped: Record<string, number>;
	/** per-feature reasons that refuse the whole import */
	refused: { feature: string; message: string }[];
	dryRun: boolean;
}

/**
 * Imports a city's base map, compounds and buildings from `files` (one or more; together they are
 * the city) into the areas already in the database. Throws an Error naming a file GDAL cannot read.
 * Refusals are returned in `report.refused` (nothing written).
 */
export async function importCity(
	pool: pg.Pool,
	files: string[],
	opts: { dryRun?: boolean } = {}
): Promise<CityImportReport> {
	const report: CityImportReport = {
		files: files.join(', '),
		read: {},
		written: { roads: 0, water: 0, landuse: 0, compounds: 0, scattered: 0, buildings: 0, grid_cells: 0 },
		skipped: {},
		refused: [],
		dryRun: !!opts.dryRun
	};
	const rows: {
		what: 'building' | 'compound';
		osm_id: number | null;
		name: string | null;
		floors: number | null;
		geom: string;
		k: number;
	}[] = [];
	const base = await stageBaseFeatures(files, report, (raw) => {
		const b = classifyBuilding(raw.properties, raw.geometry.type);
		if ('skip' in b) return b.skip === 'not a building' ? false : b.skip;
		const geom = JSON.stringify(raw.geometry);
		rows.push({ what: 'building', osm_id: b.osmId, name: b.name, floors: b.floors, geom, k: rows.length });
		return true;
	});
	// named residential land use is a compound too (it stays land use on the base map)
	for (const { f, geometry } of base)
		if (f.table === 'landuse' && f.kind === 'residential' && f.name)
			rows.push({
				what: 'compound',
				osm_id: f.osmId,
				name: f.name,
				floors: null,
				geom: JSON.stringify(geometry),
				k: rows.length
			});
	if (!rows.some((r) => r.what === 'building') && !report.refused.length)
		report.refused.push({ feature: report.files, message: 'no building footprint in the files' });
	if (report.refused.length) return report;

	// one transaction: committed only when nothing is refused and it is not a dry run
	const keep = () => !opts.dryRun && report.refused.length === 0;
	return withTransaction(
		async (client) => {
			const { rows: state } = await client.query<{
				communities: number;
				compounds: number;
				buildings: number;
			}>(
				`SELECT (SELECT count(*) FROM areas WHERE level = 'community' AND retired_at IS NULL)::int AS communities,
			   (SELECT count(*) FROM compounds)::int AS compounds, (SELECT count(*) FROM buildings)::int AS buildings`
			);
			if (state[0].communities === 0)
				report.refused.push({
					feature: report.files,
					message:
						'the database has no community to put the city in: import its boundary first (npm run import -- areas FILE)'
				});
			if (state[0].compounds + state[0].buildings > 0)
				report.refused.push({
					feature: report.files,
					message: `the database already has ${state[0].compounds} compounds and ${state[0].buildings} buildings: a city is imported into a new deployment`
				});
			if (report.refused.length) return report;
			await stageRows(
				client,
				'city_stage',
				{ what: 'text', osm_id: 'bigint', name: 'text', floors: 'int', k: 'int' },
				rows
			);
			await client.query(MERGE_SQL);
			const overlaps = await client.query<{
				a_id: string | null;
				a_name: string;
				b_id: string | null;
				b_name: string;
				m2: number;
			}>(OVERLAPS_SQL);
			for (const o of overlaps.rows)
				report.refused.push({
					feature: `compound ${o.a_name}${o.a_id ? ` (OSM ${o.a_id})` : ''}`,
					message: `overlaps compound ${o.b_name}${o.b_id ? ` (OSM ${o.b_id})` : ''} by ${o.m2} m²: a building in both could not tell which it belongs to`
				});
			if (report.refused.length) return report;
			const basemap = await writeBaseLayers(client, base);
			const results = await client.query(WRITE_SQL);
			const last = (Array.isArray(results) ? results.at(-1) : results) as pg.QueryResult<
				Omit<CityImportReport['written'], 'roads' | 'water' | 'landuse'> & {
					buildings_outside: number;
					compounds_outside: number;
				}
			>;
			const { buildings_outside, compounds_outside, ...written } = last.rows[0];
			report.written = { ...basemap, ...written };
			if (buildings_outside) report.skipped['building in no community'] = buildings_outside;
			if (compounds_outside) report.skipped['compound in no community'] = compounds_outside;
			return report;
		},
		pool,
		keep
	);
}
