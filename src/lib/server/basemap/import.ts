// Imports base-map layers (roads, water, land use) from OpenStreetMap (.osm / .osm.pbf, read by
// GDAL's OSM driver through ogr2ogr) or from GeoJSON layers as common tools export them (the OSM
// driver's tags, or the Tilezen schema of vector-tile dumps). One transaction: the base layers are
// replaced as a whole, and nothing is written on a refusal or a dry run.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import { withTransaction } from '../db/pool';
import { classify, inLonLat, type BaseFeature } from './classify';

const run = promisify(execFile);
const MERGE_SQL = readFileSync(new URL('./merge.sql', import.meta.url), 'utf8');

export interface BaseImportReport {
	file: string;
	/** features read, per source layer (a GeoJSON file's layer is its file name) */
	read: Record<string, number>;
	/** staged features per table (before pieces are merged by OSM id) */
	staged: { roads: number; water: number; landuse: number };
	/** rows written per table (after merging; on a dry run, what would be written); zero on a refusal */
	written: { roads: number; water: number; landuse: number };
	/** features left out, by reason */
	skipped: Record<string, number>;
	/** per-feature reasons that refuse the whole import */
	refused: { feature: string; message: string }[];
	dryRun: boolean;
}

export interface RawFeature {
	layer: string;
	index: number;
	properties: Record<string, unknown>;
	geometry: { type: string; coordinates: unknown } | null;
}

/** The features of a file, layer by layer, in WGS 84 where the file declares another CRS. */
export async function readFeatures(file: string): Promise<RawFeature[]> {
	const osm = /\.osm(\.pbf)?$/i.test(file);
	const layers = osm ? ['lines', 'multipolygons'] : [null];
	const out: RawFeature[] = [];
	for (const layer of layers) {
		const args = ['-f', 'GeoJSONSeq', '/vsistdout/', file, ...(layer ? [layer] : [])];
		let stdout: string;
		try {
			({ stdout } = await run('ogr2ogr', args, { maxBuffer: 1 << 30 }));
		} catch (err) {
			const msg = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
			throw new Error(`${file}: GDAL cannot read it (${msg.split('\n')[0]})`);
		}
		let index = 0;
		for (const line of stdout.split('\n')) {
			if (!line.trim()) continue;
			const f = JSON.parse(line.startsWith('\u001e') ? line.slice(1) : line);
			out.push({
				layer: layer ?? path.basename(file),
				index: index++,
				properties: f.properties ?? {},
				geometry: f.geometry
			});
		}
	}
	return out;
}

/** A base-map feature of an extract, classified, with its geometry (GeoJSON). */
export type StagedFeature = { f: BaseFeature; geometry: NonNullable<RawFeature['geometry']> };

/**
 * Reads the files' features and sorts them for an import, into `report`: each counted under its
 * layer in `read`; one without geometry, or of no base-map kind, counted in `skipped` by reason; one
 * outside longitude / latitude refused by name (a layer in a projected CRS that declares none).
 * `take` sees every other feature first: true when it takes the feature itself (a building for the
 * city import), a reason to skip it, or false to leave it to the base map. Returns the base-map
 * features, in file order.
 */
export async function stageBaseFeatures(
	files: string[],
	report: Pick<BaseImportReport, 'read' | 'skipped' | 'refused'>,
	take: (raw: RawFeature & { geometry: StagedFeature['geometry'] }) => boolean | string = () => false
): Promise<StagedFeature[]> {
	const skip = (why: string) => (report.skipped[why] = (report.skipped[why] ?? 0) + 1);
	const staged: StagedFeature[] = [];
	for (const file of files)
		for (const raw of await readFeatures(file)) {
			report.read[raw.layer] = (report.read[raw.layer] ?? 0) + 1;
			const geometry = raw.geometry;
			if (!geometry) {
				skip('no geometry');
				continue;
			}
			if (!inLonLat(geometry.coordinates)) {
				report.refused.push({
					feature: `${raw.layer} #${raw.index + 1}`,
					message:
						'coordinates outside longitude / latitude: the layer is not in WGS 84 (EPSG:4326) and declares no CRS'
				});
				continue;
			}
			const taken = take({ ...raw, geometry });
			if (typeof taken === 'string') skip(taken);
			if (taken !== false) continue;
			const c = classify(raw.properties, geometry.type);
			if ('skip' in c) skip(c.skip);
			else staged.push({ f: c, geometry });
		}
	return staged;
}

/**
 * Imports the base layers of one or more files (together: they replace the base map as one). Options: dryRun (report only). Throws an Error naming the
 * file when GDAL cannot read it; refuses (report.refused, nothing written) a file with a feature
 * outside longitude / latitude (a layer in a projected CRS without a declaration) or with no
 * base-map feature at all.
 */
export async function importBaseLayers(
	pool: pg.Pool,
	files: string | string[],
	opts: { dryRun?: boolean } = {}
): Promise<BaseImportReport> {
	const list = Array.isArray(files) ? files : [files];
	const file = list.join(', ');
	const report: BaseImportReport = {
		file,
		read: {},
		staged: { roads: 0, water: 0, landuse: 0 },
		written: { roads: 0, water: 0, landuse: 0 },
		skipped: {},
		refused: [],
		dryRun: !!opts.dryRun
	};
	const staged = await stageBaseFeatures(list, report);
	for (const { f } of staged) report.staged[f.table]++;
	if (staged.length === 0 && report.refused.length === 0)
		report.refused.push({ feature: file, message: 'no roads, water or land use in the file' });
	if (report.refused.length) return report;

	report.written = await withTransaction(
		(client) => writeBaseLayers(client, staged),
		pool,
		() => !opts.dryRun
	);
	return report;
}

/**
 * Replaces roads, water and land use with the staged features, inside the caller's transaction:
 * pieces of one OSM id merged (merge.sql). Returns the rows written per table.
 */
export async function writeBaseLayers(
	client: pg.PoolClient,
	staged: StagedFeature[]
): Promise<BaseImportReport['written']> {
	await stageRows(
		client,
		'basemap_stage',
		{ tbl: 'text', name: 'text', kind: 'text', bridge: 'boolean', osm_id: 'bigint' },
		staged.map(({ f, geometry }) => ({
			tbl: f.table,
			name: f.name,
			kind: f.kind,
			bridge: f.table === 'roads' ? f.bridge : false,
			osm_id: f.osmId,
			geom: JSON.stringify(geometry)
		}))
	);
	await client.query('DELETE FROM roads');
	await client.query('DELETE FROM water');
	await client.query('DELETE FROM landuse');
	const { rows } = await client.query<BaseImportReport['written']>(MERGE_SQL);
	return rows[0];
}

/**
 * A temporary table `table` (dropped at the caller's commit) holding `rows`: `columns` names their
 * fields and SQL types (constants of ours, never input), and each row's `geom`, GeoJSON text in
 * longitude / latitude, becomes a geometry in EPSG:4326. 500 rows a statement, as one JSON array
 * read with jsonb_to_recordset, so a large import is a few statements, not one per row.
 */
export async function stageRows(
	client: pg.PoolClient,
	table: string,
	columns: Record<string, string>,
	rows: ({ geom: string } & Record<string, unknown>)[]
): Promise<void> {
	const names = Object.keys(columns);
	const defs = Object.entries(columns).map(([c, t]) => `${c} ${t}`);
	await client.query(`CREATE TEMP TABLE ${table} (${[...defs, 'geom geometry'].join(', ')}) ON COMMIT DROP`);
	const insert = `INSERT INTO ${table} (${[...names, 'geom'].join(', ')})
	  SELECT ${names.map((c) => `x.${c}`).join(', ')}, ST_SetSRID(ST_GeomFromGeoJSON(x.geom), 4326)
	  FROM jsonb_to_recordset($1::jsonb) AS x(${[...defs, 'geom text'].join(', ')})`;
	for (let k = 0; k < rows.length; k += 500)
		await client.query(insert, [JSON.stringify(rows.slice(k, k + 500))]);
}
