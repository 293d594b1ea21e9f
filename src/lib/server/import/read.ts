// Reads an uploaded file into GeoJSON features with GDAL (ogr2ogr → GeoJSON on stdout, read as a
// stream: one feature per line as GDAL writes them, never the whole output at once): GeoJSON, CSV
// (lon/lat or WKT columns; UTF-8, GBK or GB18030, decoded here by Node's ICU), a zipped Shapefile
// (its .prj and .cpg honoured) and GeoPackage. Coordinates stay in the file's CRS; the CRS the file
// declares (if any) is returned so that the importer can compare it with the one the user gave.
import { config } from '../config.js';
import { execFile } from 'node:child_process';
import { isUtf8 as bufferIsUtf8 } from 'node:buffer';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../http';
import { GdalError, gdalLines, runGdal, withTempDir } from './gdal';
import type { Geometry } from './crs';
import type { ImportFormat, ImportMessage } from '../../api-types';

export const ENCODINGS = ['utf-8', 'gbk', 'gb18030'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface SourceFeature {
	properties: Record<string, unknown>;
	geometry: Geometry | null;
}

export interface SourceData {
	format: ImportFormat;
	/** the columns of the first 100 features */
	fields: string[];
	/**
	 * The features in file order, read from GDAL as they come (iterate once): memory holds the rows
	 * being worked on, not the file's. A file GDAL cannot read throws InputError (`file`) here.
	 */
	features: AsyncIterable<SourceFeature>;
	/** EPSG code the file declares (GeoJSON crs, .prj, GeoPackage), null when none */
	declaredSrid: number | null;
	/** notes on the file; the one on heights (Z) is added once every feature was read */
	notes: ImportMessage[];
}

/** Largest upload, in bytes (REDGRID_IMPORT_MAX_MB, default 100). */
export const maxImportBytes = () => config.importMaxMb * 1024 * 1024;

const EXT: Record<string, ImportFormat> = {
	'.geojson': 'geojson',
	'.json': 'geojson',
	'.csv': 'csv',
	'.txt': 'csv',
	'.zip': 'shp',
	'.gpkg': 'gpkg'
};

/** The format from the file name, checked against the first bytes (a zip, SQLite, JSON or text). */
export function detectFormat(name: string, head: Uint8Array): ImportFormat {
	const ext = path.extname(name).toLowerCase();
	const format = EXT[ext];
	if (!format)
		throw new InputError(
			415,
			'file',
			`"${name}": unknown kind of file; send .geojson / .json, .csv, a zipped Shapefile (.zip) or .gpkg`
		);
	const isZip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
	const isSqlite = new TextDecoder().decode(head.slice(0, 15)) === 'SQLite format 3';
	const first = [...head.slice(0, 64)].find((b) => b > 0x20 && b !== 0xef && b !== 0xbb && b !== 0xbf);
	const ok =
		format === 'shp'
			? isZip
			: format === 'gpkg'
				? isSqlite
				: format === 'geojson'
					? first === 0x7b // {
					: !isZip && !isSqlite && !head.slice(0, 512).includes(0);
	if (!ok)
		throw new InputError(415, 'file', `"${name}" does not look like a ${format} file (its content differs)`);
	return format;
}

/** Decodes text in the given encoding; without one, UTF-8 or a refusal that suggests GBK. */
export function decodeText(bytes: Uint8Array, encoding: Encoding | undefined): string {
	try {
		return new TextDecoder(encoding ?? 'utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new InputError(
			400,
			'encoding',
			encoding
				? `the file is not valid ${encoding}`
				: 'the file is not valid UTF-8: choose its encoding (gbk or gb18030 for Chinese spreadsheets)'
		);
	}
}

interface ZipEntry {
	name: string;
	size: number;
}

/** The entries of a zip, listed by Python's zipfile (gdal-bin depends on python3; GDAL hides "../" names). */
function zipEntries(file: string): Promise<ZipEntry[]> {
	const script =
		'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nprint(json.dumps([[i.filename,i.file_size] for i in z.infolist()]))';
	return new Promise((resolve, reject) =>
		execFile('python3', ['-c', script, file], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
			if (err) return reject(new InputError(400, 'file', 'not a readable zip archive'));
			resolve((JSON.parse(stdout) as [string, number][]).map(([name, size]) => ({ name, size })));
		})
	);
}

/** Writes one member of a zip to a file (Python's zipfile, as zipEntries). */
function zipExtract(zip: string, member: string, out: string): Promise<void> {
	const script =
		'import sys,zipfile,shutil\nwith zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3],"wb") as dst: shutil.copyfileobj(src,dst)';
	return new Promise((resolve, reject) =>
		execFile('python3', ['-c', script, zip, member, out], (err) =>
			err ? reject(new InputError(400, 'file', `cannot unpack ${member} from the zip`)) : resolve()
		)
	);
}

/**
 * The encoding a .dbf declares in its header's language driver byte (offset 29), as GDAL names it, or
 * null when the byte is 0 (none). Source: the dBASE / Shapefile LDID table that GDAL also uses.
 */
export function dbfCodePage(header: Uint8Array): string | null {
	const ldid = header[29] ?? 0;
	if (ldid === 0) return null;
	const KNOWN: Record<number, string> = {
		0x4d: 'CP936',
		0x4e: 'CP949',
		0x4f: 'CP950',
		0x7a: 'CP936',
		0x57: 'ISO-8859-1',
		0x03: 'CP1252',
		0x01: 'CP437'
	};
	return KNOWN[ldid] ?? `LDID/${ldid}`;
}

/** The text bytes of a .dbf (its records, after the header): what must be valid in the encoding. */
export function dbfRecords(dbf: Uint8Array): Uint8Array {
	const headerLength = (dbf[8] ?? 0) | ((dbf[9] ?? 0) << 8);
	return dbf.subarray(Math.min(headerLength, dbf.length));
}

/** Whether bytes are valid UTF-8 (checked in place, never decoded into a string). */
export function isUtf8(bytes: Uint8Array): boolean {
	return bufferIsUtf8(bytes);
}

/**
 * Drops heights (Z) and measures from a geometry's positions in place: the layers are 2D. Returns
 * whether any position had more than two numbers.
 */
export function dropZ(g: Geometry | null): boolean {
	if (!g || !('coordinates' in g)) return false;
	let had = false;
	const walk = (c: unknown): void => {
		if (!Array.isArray(c)) return;
		if (typeof c[0] === 'number') {
			if (c.length > 2) {
				had = true;
				c.length = 2;
			}
			return;
		}
		for (const x of c) walk(x);
	};
	walk(g.coordinates);
	return had;
}

/** Refuses names that would leave the folder they were unpacked into, and oversized contents. */
export function checkZipEntries(entries: ZipEntry[], maxBytes: number): void {
	for (const e of entries) {
		const parts = e.name.split(/[\\/]/);
		if (e.name.startsWith('/') || /^[A-Za-z]:/.test(e.name) || parts.includes('..'))
			throw new InputError(400, 'file', `the zip holds a path that escapes its folder: "${e.name}"`);
	}
	const total = entries.reduce((s, e) => s + e.size, 0);
	if (total > maxBytes * 4)
		throw new InputError(413, 'file', `the zip unpacks to ${Math.round(total / 1048576)} MB, over the limit`);
}

const CSV_OPTIONS = [
	'X_POSSIBLE_NAMES=lon,lng,longitude,x,经度,POINT_X',
	'Y_POSSIBLE_NAMES=lat,latitude,y,纬度,POINT_Y',
	'GEOM_POSSIBLE_NAMES=wkt,geom,geometry,the_geom,shape,几何',
	'KEEP_GEOM_COLUMNS=NO',
	'AUTODETECT_TYPE=NO',
	'EMPTY_STRING_AS_NULL=YES'
];

/** One feature line of GDAL's GeoJSON output (`{ "type": "Feature", … },`), or null for another line. */
export function featureLine(line: string): SourceFeature | null {
	if (!line.startsWith('{ "type": "Feature"')) return null;
	const f = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line) as Partial<SourceFeature>;
	return { properties: f.properties ?? {}, geometry: f.geometry ?? null };
}

/**
 * Opens an uploaded file with GDAL and runs `fn` on its features as a stream (SourceData); the
 * temporary copy of the file lives until `fn` ends, and GDAL is stopped if `fn` stops early.
 */
export async function withSource<T>(
	file: { name: string; bytes: Uint8Array },
	opts: { encoding?: Encoding },
	fn: (data: SourceData) => Promise<T>
): Promise<T> {
	const max = maxImportBytes();
	if (file.bytes.length > max)
		throw new InputError(
			413,
			'file',
			`${Math.round(file.bytes.length / 1048576)} MB is over the ${max / 1048576} MB limit`
		);
	if (file.bytes.length === 0) throw new InputError(400, 'file', 'the file is empty');
	const format = detectFormat(file.name, file.bytes.slice(0, 512));
	const notes: ImportMessage[] = [];
	return withTempDir('import', async (dir) => {
		let src: string;
		const args: string[] = [];
		if (format === 'csv') {
			src = path.join(dir, 'in.csv');
			// UTF-8 as it is (checked in place); another encoding decoded here and written as UTF-8
			const utf8 = (!opts.encoding || opts.encoding === 'utf-8') && isUtf8(file.bytes);
			await writeFile(src, utf8 ? file.bytes : decodeText(file.bytes, opts.encoding));
			args.push(...CSV_OPTIONS.flatMap((o) => ['-oo', o]));
		} else if (format === 'shp') {
			const zip = path.join(dir, 'in.zip');
			await writeFile(zip, file.bytes);
			const entries = await zipEntries(zip);
			checkZipEntries(entries, max);
			const shps = entries.filter((e) => e.name.toLowerCase().endsWith('.shp'));
			if (shps.length !== 1)
				throw new InputError(
					400,
					'file',
					shps.length
						? `the zip holds ${shps.length} Shapefiles (${shps.map((s) => s.name).join(', ')}); send one`
						: 'the zip holds no .shp file'
				);
			const stem = shps[0].name.slice(0, -4);
			const has = (ext: string) =>
				entries.some((e) => e.name.toLowerCase() === `${stem}${ext}`.toLowerCase());
			if (!has('.dbf'))
				throw new InputError(400, 'file', `${stem}.dbf (the attributes) is missing from the zip`);
			if (!has('.prj'))
				notes.push({
					code: 'no_prj',
					params: {},
					message: 'the Shapefile has no .prj: its coordinates are read as the CRS you chose'
				});
			src = `/vsizip/${zip}/${shps[0].name}`;
			// the encoding: the one chosen, else the .cpg (GDAL reads it), else the .dbf's code-page byte
			// (GDAL reads it), else UTF-8 when the text is valid UTF-8, else a refusal asking for it
			if (opts.encoding)
				args.push('-oo', `ENCODING=${opts.encoding === 'gbk' ? 'CP936' : opts.encoding.toUpperCase()}`);
			else if (!has('.cpg')) {
				const dbfName = entries.find((e) => e.name.toLowerCase() === `${stem}.dbf`.toLowerCase())!.name;
				const dbfPath = path.join(dir, 'in.dbf');
				await zipExtract(zip, dbfName, dbfPath);
				const dbf = new Uint8Array(await readFile(dbfPath));
				const declared = dbfCodePage(dbf);
				if (declared)
					notes.push({
						code: 'dbf_code_page',
						params: { codePage: declared },
						message: `the Shapefile has no .cpg; its .dbf declares ${declared}, which is used`
					});
				else if (!isUtf8(dbfRecords(dbf)))
					throw new InputError(
						400,
						'encoding',
						'the Shapefile has no .cpg and its .dbf declares no code page, and its text is not valid UTF-8: choose its encoding (gbk or gb18030 for Chinese data)'
					);
				else {
					args.push('-oo', 'ENCODING=UTF-8');
					notes.push({
						code: 'utf8_read',
						params: {},
						message:
							'the Shapefile has no .cpg and its .dbf declares no code page: its text is valid UTF-8 and was read as such'
					});
				}
			}
		} else {
			// GeoJSON is UTF-8 (RFC 7946); bytes that are not are refused, never decoded into U+FFFD
			if (format === 'geojson' && !isUtf8(file.bytes))
				throw new InputError(
					400,
					'encoding',
					'the GeoJSON is not valid UTF-8 (RFC 7946 requires it): save it as UTF-8'
				);
			src = path.join(dir, format === 'gpkg' ? 'in.gpkg' : 'in.geojson');
			await writeFile(src, file.bytes);
		}
		if (format === 'shp' || format === 'gpkg') {
			// GeoJSON cannot carry measures, so GDAL drops them: say so
			const info = await runGdal('ogrinfo', ['-ro', '-so', '-al', src]).catch(() => '');
			if (/^Geometry: .*Measured/m.test(info))
				notes.push({ code: 'm_dropped', params: {}, message: 'the geometries carry measures (M): dropped' });
		}
		// the content was sniffed above; a CSV is opened by the CSV driver alone (the "CSV:" prefix), so
		// a text file cannot pass for another format (a VRT pointing at other files)
		const input = format === 'csv' ? `CSV:${src}` : src;
		const lines = gdalLines('ogr2ogr', [
			...args,
			'-f',
			'GeoJSON',
			'-lco',
			'WRITE_BBOX=NO',
			'/vsistdout/',
			input
		]);
		let crsName = '';
		let withZ = 0;
		/** The next feature GDAL writes, or null at the end. */
		const next = async (): Promise<SourceFeature | null> => {
			for (;;) {
				let r: IteratorResult<string>;
				try {
					r = await lines.next();
				} catch (err) {
					if (err instanceof GdalError)
						throw new InputError(400, 'file', `GDAL cannot read it: ${err.message}`);
					throw err;
				}
				if (r.done) return null;
				const f = featureLine(r.value);
				if (f) {
					if (dropZ(f.geometry)) withZ++;
					return f;
				}
				if (r.value.startsWith('"crs":'))
					crsName = JSON.parse(`{${r.value.replace(/,$/, '')}}`).crs?.properties?.name ?? '';
			}
		};
		try {
			// the first 100 features name the columns; they are handed out first
			const head: SourceFeature[] = [];
			for (let f = await next(); f; f = head.length < 100 ? await next() : null) head.push(f);
			if (!head.length) throw new InputError(400, 'file', 'the file holds no features (rows)');
			const fields: string[] = [];
			for (const f of head)
				for (const k of Object.keys(f.properties)) if (!fields.includes(k)) fields.push(k);
			const epsg = /EPSG:+(\d+)$/i.exec(crsName);
			const declaredSrid = epsg ? Number(epsg[1]) : /CRS84$/i.test(crsName) ? 4326 : null;
			async function* features(): AsyncGenerator<SourceFeature> {
				yield* head.splice(0);
				for (let f = await next(); f; f = await next()) yield f;
				if (withZ)
					notes.push({
						code: 'z_dropped',
						params: { count: withZ },
						message: `${withZ} feature(s) had a height (Z): dropped, the layers are two-dimensional`
					});
			}
			return await fn({ format, fields, features: features(), declaredSrid, notes });
		} finally {
			await lines.return(undefined);
		}
	});
}
