// Exports: a layer (filtered by area or bbox, in the user's scope) or an analysis result, as GeoJSON,
// CSV, GeoPackage or zipped Shapefile. GeoJSON comes straight from PostGIS; CSV from the app's one CSV
// writer; GeoPackage and Shapefile are written by GDAL's ogr2ogr from that GeoJSON.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { decimal } from '../input';
import { readDb } from '../db/pool';
import type { Scope, SessionUser } from '../auth/roles';
import { InputError } from '../http';
import { execFile } from 'node:child_process';
import { CSV_TYPE, toCsv, type CsvValue } from '$lib/csv';
import { runGdal, withTempDir } from '../import/gdal';
import {
	FEATURE_LAYERS,
	featureQuery,
	toFeature,
	type FeatureLayer,
	type FeatureRow,
	type FieldType
} from './layers';
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
	/** what the format could not hold (Shapefile: truncated values and names), for the user */
	warnings: string[];
}

const TYPES: Record<ExportFormat, string> = {
	geojson: 'application/geo+json',
	csv: CSV_TYPE,
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
		const { rows } = await readDb().query('SELECT 1 FROM areas WHERE id = $1', [q.area]);
		if (!rows[0]) throw new InputError(404, 'area', `no area ${q.area}`);
	}
	// residents' free text goes only to admins, who own the data (and need it to re-import tickets)
	const sql = featureQuery(
		layer,
		{ areaId: q.area, bbox: q.bbox, withDescription: user.role === 'admin' },
		scope
	);
	const { rows } = await readDb().query<FeatureRow>(sql.rows, sql.params);
	const fc = { type: 'FeatureCollection', name: layer.id, features: rows.map(toFeature) };
	const base = q.area ? `${layer.id}-area${q.area}` : layer.id;
	return convert(fc, base, q.format, layer);
}

type Props = Record<string, unknown>;
type FC = {
	features: { geometry: { type: string; coordinates?: unknown } | null; properties?: Props | null }[];
};

/**
 * What a layer's files hold whatever its features: its geometry and fields (FEATURE_LAYERS), so that
 * an export of an empty selection is still a file of the layer's columns and geometry type (a CSV of
 * one bare column, or a GeoPackage without fields, is not one that GDAL or a user can take).
 */
export type FileSchema = Pick<FeatureLayer, 'geometry' | 'fields'>;

/** The column names: the schema's fields, then any other of the features' keys in the order they first appear. */
function columnsOf(fc: FC, schema?: FileSchema): string[] {
	const cols = new Set<string>(schema ? Object.keys(schema.fields) : []);
	for (const f of fc.features) for (const k of Object.keys(f.properties ?? {})) cols.add(k);
	return [...cols];
}

/**
 * What ogr2ogr reads for a collection, and the arguments that shape its layer: with a schema, the
 * layer's geometry type always (a selection whose features have no geometry still gets it) and, for
 * an empty collection, one feature of sample values that shows GDAL the fields, filtered out again.
 */
function gdalSource(fc: FC, schema?: FileSchema): { source: object; shape: string[] } {
	if (!schema) return { source: fc, shape: [] };
	const shape = ['-nlt', schema.geometry === 'Point' ? 'POINT' : 'MULTIPOLYGON'];
	if (fc.features.length) return { source: fc, shape };
	const properties = Object.fromEntries(Object.entries(schema.fields).map(([k, t]) => [k, SAMPLE[t]]));
	return {
		source: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: null, properties }] },
		shape: [...shape, '-where', '1 = 0']
	};
}

/** A value of a field's type, for the one feature that shows GDAL an empty layer's fields. */
const SAMPLE: Record<FieldType, string | number> = {
	string: '',
	integer: 0,
	number: 0.5,
	date: '',
	datetime: ''
};

/**
 * CSV through the app's one writer ($lib/csv: BOM, Beijing times, formulas neutralised): points as X / Y
 * columns, other shapes as a WKT column (written by PostGIS, 7 decimals as the GeoJSON), then the
 * attributes. The importer reads X / Y and WKT back.
 */
async function featuresCsv(fc: FC, points: boolean, schema?: FileSchema): Promise<string> {
	const cols = columnsOf(fc, schema);
	const rows = fc.features.map((f) => cols.map((c) => (f.properties?.[c] ?? null) as CsvValue));
	if (points) {
		const xy = fc.features.map((f) =>
			f.geometry?.type === 'Point' ? (f.geometry.coordinates as number[]) : [null, null]
		);
		return toCsv(
			['X', 'Y', ...cols],
			rows.map((r, i) => [xy[i][0], xy[i][1], ...r])
		);
	}
	const { rows: wkt } = await readDb().query<{ w: string | null }>(
		`SELECT ST_AsText(ST_GeomFromGeoJSON(g), 7) AS w FROM unnest($1::text[]) WITH ORDINALITY u(g, i) ORDER BY i`,
		[fc.features.map((f) => (f.geometry ? JSON.stringify(f.geometry) : null))]
	);
	return toCsv(
		['WKT', ...cols],
		rows.map((r, i) => [wkt[i].w, ...r])
	);
}

/** A .dbf text field holds at most 254 bytes; field names at most 10 characters (ASCII). */
const DBF_TEXT_BYTES = 254;

/**
 * What a Shapefile cannot hold of a collection: the fields whose longest text is cut (the .dbf
 * keeps 254 bytes, about 84 Chinese characters) and the names GDAL shortens to 10 characters. Pure.
 */
export function shapefileLosses(fc: FC, schema?: FileSchema): string[] {
	const out: string[] = [];
	const bytes = new TextEncoder();
	for (const c of columnsOf(fc, schema)) {
		let longest = 0;
		let cut = 0;
		for (const f of fc.features) {
			const v = f.properties?.[c];
			if (typeof v !== 'string') continue;
			const n = bytes.encode(v).length;
			if (n > DBF_TEXT_BYTES) cut++;
			longest = Math.max(longest, n);
		}
		if (cut)
			out.push(
				`field "${c}": ${cut} value(s) longer than the Shapefile's ${DBF_TEXT_BYTES} bytes (longest ${longest}) are truncated`
			);
		if (c.length > 10) out.push(`field "${c}": its name is shortened to 10 characters ("${c.slice(0, 10)}")`);
	}
	if (out.length) out.push('GeoPackage (format=gpkg) keeps every value and name whole');
	return out;
}

/**
 * A FeatureCollection as a file of the format. With a layer's `schema` (FileSchema) the file has the
 * layer's columns and geometry type even when the collection is empty or has no geometry; without
 * one, the features' keys and shapes decide (X / Y columns for points in CSV, else WKT). GeoPackage and Shapefile are written by GDAL's ogr2ogr from the GeoJSON; times stay the ISO 8601
 * text of the GeoJSON (Beijing time with its offset: a .dbf has no time type, and GeoPackage gets
 * the same text so both import again unchanged). `warnings` says what the format could not hold.
 * Rejects with ToolMissingError when GDAL is not installed.
 */
export async function convert(
	fc: FC,
	base: string,
	format: ExportFormat,
	schema?: FileSchema
): Promise<ExportFile> {
	const name = `${base}.${SUFFIX[format]}`;
	const points = schema
		? schema.geometry === 'Point'
		: fc.features.every((f) => !f.geometry || f.geometry.type === 'Point');
	if (format === 'geojson') return { body: JSON.stringify(fc), type: TYPES.geojson, name, warnings: [] };
	if (format === 'csv')
		return { body: await featuresCsv(fc, points, schema), type: TYPES.csv, name, warnings: [] };
	const warnings = format === 'shp' ? shapefileLosses(fc, schema) : [];
	const { source, shape } = gdalSource(fc, schema);
	return withTempDir('export', async (dir) => {
		const src = path.join(dir, 'in.geojson');
		await writeFile(src, JSON.stringify(source));
		const out = path.join(dir, name);
		const layerName = base.replace(/[^A-Za-z0-9_-]/g, '_');
		// DATE_AS_STRING: dates and times are written as the GeoJSON's text, never reformatted or cut to a day
		const read = ['-oo', 'DATE_AS_STRING=YES'];
		const args: Record<'gpkg' | 'shp', string[]> = {
			gpkg: ['-f', 'GPKG', '-nln', layerName],
			// .shp.zip: GDAL writes the .shp, .shx, .dbf, .prj and a UTF-8 .cpg into one zip
			shp: ['-f', 'ESRI Shapefile', '-nln', layerName, '-lco', 'ENCODING=UTF-8']
		};
		await runGdal('ogr2ogr', [...read, ...args[format], ...shape, out, src]);
		if (warnings.length) await addToZip(out, 'WARNINGS.txt', warnings.join('\r\n') + '\r\n');
		return { body: new Uint8Array(await readFile(out)), type: TYPES[format], name, warnings };
	});
}

/** Adds one text file to a zip (Python's zipfile: gdal-bin depends on python3). */
function addToZip(zip: string, entry: string, text: string): Promise<void> {
	const script =
		'import sys,zipfile\nwith zipfile.ZipFile(sys.argv[1],"a") as z: z.writestr(sys.argv[2], sys.argv[3])';
	return new Promise((resolve, reject) =>
		execFile('python3', ['-c', script, zip, entry, text], (err) => (err ? reject(err) : resolve()))
	);
}
