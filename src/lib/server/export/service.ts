// Exports: a layer (filtered by area or bbox, in the user's scope) or an analysis result, as GeoJSON,
// CSV, GeoPackage or zipped Shapefile. GeoJSON comes straight from PostGIS; the other formats are
// written by GDAL's ogr2ogr from that GeoJSON (a maintained writer for each format).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { decimal } from '../input';
import { db } from '../db/pool';
import type { Scope, SessionUser } from '../auth/roles';
import { InputError } from '../http';
import { runGdal, withTempDir } from '../import/gdal';
import { FEATURE_LAYERS, featureQuery, toFeature, type FeatureRow } from './layers';
import type { LayerId } from '$lib/map/layer-ids';

export const FORMATS = ['geojson', 'csv', 'gpkg', 'shp'] as const;
export type ExportFormat = (typeof FORMATS)[number];

const bbox = z
	.string()
	.transform((s, ctx) => {
		const n = s.split(',').map(Number);
		if (n.length !== 4 || !n.every(Number.isFinite) || n[0] >= n[2] || n[1] >= n[3]) {
			ctx.addIssue({ code: 'custom', message: 'minLon,minLat,maxLon,maxLat with min < max' });
			return z.NEVER;
		}
		return n as [number, number, number, number];
	})
	.optional();

export const LayerExportQuery = z.object({
	format: z.enum(FORMATS).default('geojson'),
	area: decimal(z.number().int().positive().max(2_147_483_647).optional()),
	bbox
});

export interface ExportFile {
	body: Uint8Array | string;
	type: string;
	name: string;
}

const TYPES: Record<ExportFormat, string> = {
	geojson: 'application/geo+json',
	csv: 'text/csv; charset=utf-8',
	gpkg: 'application/geopackage+sqlite3',
	shp: 'application/zip'
};
const SUFFIX: Record<ExportFormat, string> = {
	geojson: 'geojson',
	csv: 'csv',
	gpkg: 'gpkg',
	shp: 'shp.zip'
};

export async function exportLayer(
	layerId: LayerId,
	q: z.infer<typeof LayerExportQuery>,
	user: SessionUser,
	scope: Scope
): Promise<ExportFile> {
	const layer = FEATURE_LAYERS[layerId];
	if (q.area !== undefined) {
		const { rows } = await db().query('SELECT 1 FROM areas WHERE id = $1', [q.area]);
		if (!rows[0]) throw new InputError(404, 'area', `no area ${q.area}`);
	}
	// residents' free text goes only to admins, who own the data (and need it to re-import tickets)
	const sql = featureQuery(
		layer,
		{ areaId: q.area, bbox: q.bbox, withDescription: user.role === 'admin' },
		scope
	);
	const { rows } = await db().query<FeatureRow>(sql.rows, sql.params);
	const fc = { type: 'FeatureCollection', name: layer.id, features: rows.map(toFeature) };
	const base = q.area ? `${layer.id}-area${q.area}` : layer.id;
	return convert(fc, base, q.format, layer.geometry === 'Point');
}

/** A FeatureCollection as a file of the format; `points` chooses lon/lat columns over WKT in CSV. */
export async function convert(
	fc: { features: { geometry: { type: string } | null }[] },
	base: string,
	format: ExportFormat,
	points = fc.features.every((f) => !f.geometry || f.geometry.type === 'Point')
): Promise<ExportFile> {
	const name = `${base}.${SUFFIX[format]}`;
	if (format === 'geojson') return { body: JSON.stringify(fc), type: TYPES.geojson, name };
	return withTempDir('export', async (dir) => {
		const src = path.join(dir, 'in.geojson');
		await writeFile(src, JSON.stringify(fc));
		const out = path.join(dir, name);
		const layerName = base.replace(/[^A-Za-z0-9_-]/g, '_');
		const args: Record<Exclude<ExportFormat, 'geojson'>, string[]> = {
			// UTF-8 with a BOM so that spreadsheet programs read the Chinese names
			csv: ['-f', 'CSV', '-lco', points ? 'GEOMETRY=AS_XY' : 'GEOMETRY=AS_WKT', '-lco', 'WRITE_BOM=YES'],
			gpkg: ['-f', 'GPKG', '-nln', layerName],
			// .shp.zip: GDAL writes the .shp, .shx, .dbf, .prj and a UTF-8 .cpg into one zip
			shp: ['-f', 'ESRI Shapefile', '-nln', layerName, '-lco', 'ENCODING=UTF-8']
		};
		await runGdal('ogr2ogr', [...args[format], out, src]);
		return { body: new Uint8Array(await readFile(out)), type: TYPES[format], name };
	});
}
