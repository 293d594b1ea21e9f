// Files in and out on a real PostGIS and real GDAL: a GBK Shapefile without .cpg (refused until its
// encoding is chosen, or read by its .dbf code-page byte), Z coordinates dropped with a note, field
// rules shared with the database (a dry run predicts the commit), historic SLAs on the working-day
// calendar, formula cells neutralised in CSV and restored on import, a ticket description holding
// every C0 control character exported to XML, CSV, GeoJSON, GeoPackage and Shapefile and read back
// by strict parsers, `ogrinfo` on every export format of every layer, and 503 when GDAL is missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLValidator, XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { scopeOf } from '../../src/lib/server/auth/roles';
import { runImport } from '../../src/lib/server/import/service';
import { exportLayer, type ExportFormat } from '../../src/lib/server/export/service';
import { FEATURE_LAYERS } from '../../src/lib/server/export/layers';
import { fileAnswer } from '../../src/lib/server/export/analysis';
import { ToolMissingError } from '../../src/lib/server/import/gdal';
import { listRequests } from '../../src/lib/server/open311/service';
import { renderList, XML_SHAPES } from '../../src/lib/server/open311/format';
import { dueTimes } from '../../src/lib/server/tickets/sla';
import { workingCalendar } from '../../src/lib/server/tickets/service';
import { LAYER_IDS } from '../../src/lib/map/layer-ids';
import { TEXT_RULES } from '../../src/lib/field-rules';
import { demoUser, one, refused } from './helpers';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'redgrid-standards-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const fileOf = (name: string, bytes: Uint8Array | string) => ({
	name,
	bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : new Uint8Array(bytes)
});
const bytesOf = (b: Uint8Array | string) => (typeof b === 'string' ? new TextEncoder().encode(b) : b);

/** A community of the demo city and a point inside it. */
const community = () =>
	one<{ code: string; lon: number; lat: number }>(
		`SELECT code, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
		 FROM areas WHERE level = 'community' AND retired_at IS NULL ORDER BY code LIMIT 1`
	);

/** A zip of the files in dir whose names start with stem (Python's zipfile, as the app uses). */
function zip(dir: string, stem: string): Buffer {
	const out = path.join(dir, `${stem}.zip`);
	execFileSync('python3', [
		'-c',
		'import sys,zipfile,os\nwith zipfile.ZipFile(sys.argv[1],"w") as z:\n  for f in sorted(os.listdir(sys.argv[2])):\n    if f.startswith(sys.argv[3]+".") and not f.endswith(".zip"): z.write(os.path.join(sys.argv[2],f), f)',
		out,
		dir,
		stem
	]);
	return readFileSync(out);
}

describe('a GBK Shapefile without .cpg', () => {
	const NAME = '井冈山路社区服务站';
	async function gbkShapefile(ldid: number) {
		const c = await community();
		const dir = mkdtempSync(path.join(tmp, 'gbk-'));
		const src = path.join(dir, 'in.geojson');
		writeFileSync(
			src,
			JSON.stringify({
				type: 'FeatureCollection',
				features: [
					{
						type: 'Feature',
						properties: { code: 'GBK-1', type: 'library', name: NAME, area_code: c.code },
						geometry: { type: 'Point', coordinates: [c.lon, c.lat] }
					}
				]
			})
		);
		execFileSync('ogr2ogr', [
			'-f',
			'ESRI Shapefile',
			'-lco',
			'ENCODING=CP936',
			path.join(dir, 'fac.shp'),
			src
		]);
		rmSync(path.join(dir, 'fac.cpg'));
		const dbfPath = path.join(dir, 'fac.dbf');
		const dbf = readFileSync(dbfPath);
		dbf[29] = ldid;
		writeFileSync(dbfPath, dbf);
		// the name really is GBK in the .dbf
		expect(
			dbf.includes(Buffer.from(execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: NAME })))
		).toBe(true);
		return fileOf('fac.zip', zip(dir, 'fac'));
	}

	it('is refused with a request for its encoding when nothing declares one, then read right in GBK', async () => {
		const file = await gbkShapefile(0);
		const err = await refused(runImport('facilities', file, { mode: 'dry-run', crs: 'wgs84' }, null));
		expect([err.status, err.field]).toEqual([400, 'encoding']);
		expect(err.message).toMatch(/choose its encoding/);
		const { report } = await runImport(
			'facilities',
			file,
			{ mode: 'dry-run', crs: 'wgs84', encoding: 'gbk' },
			null
		);
		expect(report.rejected).toEqual([]);
		expect(report.sample[0]).toMatchObject({ code: 'GBK-1', name: NAME });
	});

	it('is read by the code-page byte of its .dbf when that declares one', async () => {
		const file = await gbkShapefile(0x4d);
		const { report } = await runImport('facilities', file, { mode: 'dry-run', crs: 'wgs84' }, null);
		expect(report.sample[0]).toMatchObject({ name: NAME });
		expect(report.notes).toContainEqual(
			expect.objectContaining({ code: 'dbf_code_page', params: { codePage: 'CP936' } })
		);
		expect(report.notes.map((n) => n.message).join(' ')).toMatch(/declares CP936/);
	});
});

describe('what a dry run says is what a commit does', () => {
	it('the shared text rules are the database CHECKs where the database has one', async () => {
		const def = async (table: string, column: string) =>
			(
				await one<{ d: string }>(
					`SELECT string_agg(pg_get_constraintdef(c.oid), ' ') AS d FROM pg_constraint c
					 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
					 WHERE c.conrelid = $1::regclass AND a.attname = $2 AND c.contype = 'c'`,
					[table, column]
				)
			).d;
		expect(await def('areas', 'name')).toContain(
			`length(name) >= 1) AND (length(name) <= ${TEXT_RULES.areaName.max}`
		);
		expect(await def('property_companies', 'name')).toContain(`length(name) <= ${TEXT_RULES.name.max}`);
		expect(await def('tickets', 'description')).toContain(
			`length(description) <= ${TEXT_RULES.description.max}`
		);
		expect(await def('people', 'phone')).toContain(TEXT_RULES.phone.pattern.source);
	});

	it('drops Z with a note, in the dry run and in the commit alike', async () => {
		const c = await community();
		const fc = {
			type: 'FeatureCollection',
			features: [0, 1].map((i) => ({
				type: 'Feature',
				properties: { code: `Z-${i}`, type: 'library', name: `高程书屋${i}`, area_code: c.code },
				geometry: { type: 'Point', coordinates: [c.lon + i * 1e-4, c.lat, 57.5] }
			}))
		};
		const file = fileOf('z.geojson', JSON.stringify(fc));
		const dry = await runImport('facilities', file, { mode: 'dry-run', crs: 'wgs84' }, null);
		expect(dry.report.rejected).toEqual([]);
		expect(dry.report.notes).toContainEqual({
			code: 'z_dropped',
			params: { count: 2 },
			message: '2 feature(s) had a height (Z): dropped, the layers are two-dimensional'
		});
		expect(dry.report.inserted).toBe(2);
		const commit = await runImport('facilities', file, { mode: 'commit', crs: 'wgs84' }, null);
		expect([commit.status, commit.report.inserted]).toEqual([200, 2]);
		const stored = await one<{ dims: number }>(
			`SELECT max(ST_NDims(geom)) AS dims FROM facilities WHERE code IN ('Z-0', 'Z-1')`
		);
		expect(stored.dims).toBe(2);
	});

	it('rejects an area name over the database limit in the dry run, and skip-invalid writes the valid rows', async () => {
		const street = await one<{ code: string; geom: string }>(
			`SELECT a.code, ST_AsGeoJSON(c.geom) AS geom FROM areas a JOIN areas c ON c.parent_id = a.id
			 WHERE a.level = 'street' AND c.level = 'community' ORDER BY c.code LIMIT 1`
		);
		const features = [
			{ code: 'NEW-COMM-1', name: '长'.repeat(120) },
			{ code: 'NEW-COMM-2', name: '新社区' }
		].map((p) => ({
			type: 'Feature',
			properties: { ...p, level: 'community', parent_code: street.code },
			geometry: JSON.parse(street.geom)
		}));
		const file = fileOf('areas.geojson', JSON.stringify({ type: 'FeatureCollection', features }));
		const dry = await runImport('areas', file, { mode: 'dry-run', crs: 'wgs84' }, null);
		expect(dry.report.rejected).toEqual([
			{ row: 1, field: 'name', reason: 'longer than 100 characters (120)' }
		]);
		const commit = await runImport('areas', file, { mode: 'commit', crs: 'wgs84', skipInvalid: true }, null);
		expect([commit.status, commit.report.inserted, commit.report.skipped]).toEqual([200, 1, 1]);
		expect((await one<{ name: string }>(`SELECT name FROM areas WHERE code = 'NEW-COMM-2'`)).name).toBe(
			'新社区'
		);
	});

	it('accepts a lowercase credit code as the edit form does, and stores it in capitals', async () => {
		const code = await one<{ c: string }>(
			`SELECT credit_code AS c FROM property_companies ORDER BY id LIMIT 1`
		);
		const csv = `credit_code,name\r\n${code.c.toLowerCase()},小写信用代码物业\r\n`;
		const { report } = await runImport('companies', fileOf('c.csv', csv), { mode: 'commit' }, null);
		expect(report.rejected).toEqual([]);
		expect(report.updated).toBe(1);
		const row = await one<{ name: string }>(`SELECT name FROM property_companies WHERE credit_code = $1`, [
			code.c
		]);
		expect(row.name).toBe('小写信用代码物业');
	});

	it('gives historic tickets without due_at their SLA in working days on the calendar', async () => {
		const c = await community();
		// a Friday before a holiday on the following Monday: 5 working days end on the Tuesday after next
		await db().query(
			`INSERT INTO working_calendar (day, is_working, note) VALUES ('2025-03-10', false, 'test holiday')
			 ON CONFLICT (day) DO UPDATE SET is_working = false`
		);
		const rule = await one<{ category: string; hours: number; days: number }>(
			`SELECT category, resolve_hours AS hours, resolve_working_days AS days FROM sla_rules
			 WHERE resolve_working_days IS NOT NULL ORDER BY category LIMIT 1`
		);
		const created = '2025-03-07T10:00:00+08:00';
		const csv = [
			'code,category,description,created_at,lon,lat',
			`HIST-1,${rule.category},历史工单,${created},${c.lon},${c.lat}`
		].join('\r\n');
		const { report } = await runImport(
			'tickets',
			fileOf('t.csv', csv),
			{ mode: 'commit', crs: 'wgs84' },
			null
		);
		expect(report.rejected).toEqual([]);
		const t = await one<{ due: Date }>(`SELECT due_at AS due FROM tickets WHERE code = 'HIST-1'`);
		const expected = dueTimes(
			new Date(created),
			{
				category: rule.category,
				urgency: 'normal',
				acceptHours: 1,
				resolveHours: null,
				resolveWorkingDays: rule.days
			},
			await workingCalendar()
		).dueAt;
		expect(t.due.toISOString()).toBe(expected.toISOString());
		// not created + N × 24 h
		expect(t.due.getTime()).not.toBe(new Date(created).getTime() + rule.days * 86_400_000);
	});
});

describe('CSV: formulas neutralised on the way out, restored on the way in', () => {
	it('a facility named =HYPERLINK(…) is exported as text and imports back unchanged', async () => {
		const admin = await demoUser('admin');
		const f = await one<{ id: number; code: string; lon: number; lat: number }>(
			`SELECT id, code, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM facilities WHERE retired_at IS NULL ORDER BY id LIMIT 1`
		);
		const evil = '=HYPERLINK("http://evil.example","点我")';
		await db().query(`UPDATE facilities SET name = $1 WHERE id = $2`, [evil, f.id]);
		const bbox: [number, number, number, number] = [f.lon - 1e-6, f.lat - 1e-6, f.lon + 1e-6, f.lat + 1e-6];
		const file = await exportLayer('facilities', { format: 'csv', bbox }, admin, scopeOf(admin));
		const text = file.body as string;
		expect(text.startsWith('\ufeffX,Y,')).toBe(true);
		expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
		await db().query(`UPDATE facilities SET name = 'x' WHERE id = $1`, [f.id]);
		const { report } = await runImport(
			'facilities',
			fileOf('f.csv', text),
			{ mode: 'commit', crs: 'wgs84' },
			null
		);
		expect(report.rejected).toEqual([]);
		expect((await one<{ name: string }>(`SELECT name FROM facilities WHERE id = $1`, [f.id])).name).toBe(
			evil
		);
	});
});

describe('a description with every C0 control character, exported and read back strictly', () => {
	// PostgreSQL text cannot hold U+0000; every other C0 character is stored (directly in SQL: the API refuses them)
	const C0 = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join('');
	const DESCRIPTION = `C0 测试 ${C0} 结束`;

	it('XML (Open311), CSV, GeoJSON, GeoPackage and Shapefile', async () => {
		const admin = await demoUser('admin');
		const t = await one<{ id: number; code: string; lon: number; lat: number }>(
			`UPDATE tickets SET description = $1 WHERE id = (SELECT min(id) FROM tickets)
			 RETURNING id, code, ST_X(geom) AS lon, ST_Y(geom) AS lat`,
			[DESCRIPTION]
		);
		// XML: well-formed, the characters XML 1.0 cannot hold left out, tab / LF / CR kept
		const { items } = await listRequests(
			{ ids: [t.id], page: 1, pageSize: 10 },
			{
				user: admin,
				scope: scopeOf(admin),
				origin: 'http://x'
			}
		);
		const xml = renderList('xml', XML_SHAPES.requests, items);
		expect(XMLValidator.validate(xml)).toBe(true);
		const parsed = new XMLParser({ parseTagValue: false, trimValues: false }).parse(xml);
		/* eslint-disable no-control-regex -- these are the characters to remove */
		const legal = DESCRIPTION.replace(/[\u0001-\u0008\u000b\u000c\u000e-\u001f]/g, '');
		/* eslint-enable no-control-regex */
		expect(parsed.service_requests.request.description.replace(/\r\n?/g, '\n')).toBe(
			legal.replace(/\r\n?/g, '\n')
		);

		const bbox: [number, number, number, number] = [t.lon - 1e-6, t.lat - 1e-6, t.lon + 1e-6, t.lat + 1e-6];
		const read: Record<Exclude<ExportFormat, 'geojson'> | 'geojson', (file: string) => string> = {
			geojson: (file) => readFileSync(file, 'utf8'),
			gpkg: (file) => execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file], { encoding: 'utf8' }),
			shp: (file) =>
				execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', `/vsizip/${file}`], { encoding: 'utf8' }),
			// Python's csv module, strict: a malformed file raises
			csv: (file) =>
				execFileSync(
					'python3',
					[
						'-c',
						'import csv,json,sys\nwith open(sys.argv[1], newline="", encoding="utf-8-sig") as f: print(json.dumps(list(csv.DictReader(f, strict=True))))',
						file
					],
					{ encoding: 'utf8' }
				)
		};
		for (const format of ['geojson', 'csv', 'gpkg', 'shp'] as const) {
			const file = await exportLayer('tickets', { format, bbox }, admin, scopeOf(admin));
			const out = path.join(tmp, `c0-${file.name}`);
			writeFileSync(out, bytesOf(file.body));
			const json = JSON.parse(read[format](out));
			const rows: Record<string, unknown>[] =
				format === 'csv' ? json : json.features.map((f: { properties: object }) => f.properties);
			const row = rows.find((r) => r.code === t.code);
			expect(row, format).toBeDefined();
			// a Shapefile cuts field names to 10 characters (the export warns)
			expect(row![format === 'shp' ? 'descriptio' : 'description'], format).toBe(DESCRIPTION);
		}
	});
});

describe('ogrinfo reads every export format of every layer', () => {
	for (const layer of LAYER_IDS)
		it(layer, async () => {
			const admin = await demoUser('admin');
			const street = await one<{ id: number }>(
				`SELECT id FROM areas WHERE level = 'street' ORDER BY code LIMIT 1`
			);
			for (const format of ['geojson', 'csv', 'gpkg', 'shp'] as const) {
				const file = await exportLayer(layer, { format, area: street.id }, admin, scopeOf(admin));
				const out = path.join(tmp, `all-${file.name}`);
				writeFileSync(out, bytesOf(file.body));
				const fc = JSON.parse(
					(await exportLayer(layer, { format: 'geojson', area: street.id }, admin, scopeOf(admin)))
						.body as string
				);
				const info = execFileSync(
					'ogrinfo',
					['-ro', '-so', '-al', format === 'shp' ? `/vsizip/${out}` : out],
					{
						encoding: 'utf8'
					}
				);
				expect(info, `${layer} ${format}`).toMatch(new RegExp(`Feature Count: ${fc.features.length}\\b`));
				// the layer's declared fields are its features' properties, in order (an empty export's columns)
				if (fc.features.length)
					expect(Object.keys(fc.features[0].properties), layer).toEqual(
						Object.keys(FEATURE_LAYERS[layer].fields)
					);
				if (format === 'gpkg' || format === 'shp')
					expect(info, `${layer} ${format}`).toMatch(/Geometry: (Point|Multi Polygon|Polygon|3D Point)/);
			}
		});
});

describe('an export of an empty selection', () => {
	// a box in the sea off Africa: no feature of any layer
	const bbox: [number, number, number, number] = [1, 1, 1.001, 1.001];
	for (const layer of LAYER_IDS)
		it(`is still a file of the ${layer} layer's columns and geometry`, async () => {
			const admin = await demoUser('admin');
			const { fields, geometry } = FEATURE_LAYERS[layer];
			for (const format of ['csv', 'gpkg', 'shp'] as const) {
				const file = await exportLayer(layer, { format, bbox }, admin, scopeOf(admin));
				const out = path.join(tmp, `empty-${file.name}`);
				writeFileSync(out, bytesOf(file.body));
				const info = execFileSync(
					'ogrinfo',
					['-ro', '-so', '-al', format === 'shp' ? `/vsizip/${out}` : out],
					{
						encoding: 'utf8'
					}
				);
				expect(info, `${layer} ${format}`).toMatch(/Feature Count: 0\b/);
				// every field of the layer (a Shapefile cuts names to 10 characters)
				for (const f of Object.keys(fields))
					expect(info, `${layer} ${format}: ${f}`).toMatch(
						new RegExp(`^${format === 'shp' ? f.slice(0, 10) : f}: `, 'm')
					);
				// and what a Shapefile cannot hold is said for an empty one too: its long field names
				if (format === 'shp')
					for (const f of Object.keys(fields).filter((f) => f.length > 10))
						expect(file.warnings.join('\n'), `${layer}: ${f}`).toMatch(`field "${f}": its name is shortened`);
				// a Shapefile has no multipolygon type: its polygons hold several parts
				const shape = geometry === 'Point' ? 'Point' : format === 'shp' ? 'Polygon' : 'Multi Polygon';
				if (format !== 'csv') expect(info, `${layer} ${format}`).toMatch(new RegExp(`Geometry: ${shape}\n`));
			}
		});
});

describe('Shapefile: what it cannot hold is said', () => {
	it('warns of a truncated description and keeps times as ISO text', async () => {
		const admin = await demoUser('admin');
		const long = '长'.repeat(230);
		const t = await one<{ code: string; lon: number; lat: number; created: string }>(
			`UPDATE tickets SET description = $1 WHERE id = (SELECT max(id) FROM tickets)
			 RETURNING code, ST_X(geom) AS lon, ST_Y(geom) AS lat, to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS') AS created`,
			[long]
		);
		const bbox: [number, number, number, number] = [t.lon - 1e-6, t.lat - 1e-6, t.lon + 1e-6, t.lat + 1e-6];
		const file = await exportLayer('tickets', { format: 'shp', bbox }, admin, scopeOf(admin));
		expect(file.warnings.join('\n')).toMatch(
			/field "description": 1 value\(s\) longer than the Shapefile's 254 bytes/
		);
		expect(file.warnings.join('\n')).toMatch(/GeoPackage/);
		const out = path.join(tmp, 'warn.shp.zip');
		writeFileSync(out, bytesOf(file.body));
		const listing = execFileSync(
			'python3',
			['-c', 'import sys,zipfile;print(zipfile.ZipFile(sys.argv[1]).read("WARNINGS.txt").decode())', out],
			{
				encoding: 'utf8'
			}
		);
		expect(listing).toMatch(/description/);
		const back = JSON.parse(
			execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', `/vsizip/${out}`], { encoding: 'utf8' })
		);
		const row = back.features.find(
			(f: { properties: { code: string } }) => f.properties.code === t.code
		).properties;
		// a time, not a date: the ISO text with its Beijing offset
		expect(row.created_at).toMatch(new RegExp(`^${t.created}(\\.\\d+)?\\+08:00$`));
		// the HTTP answer carries the warnings too
		const res = await fileAnswer(async () => file);
		expect(JSON.parse(res.headers.get('x-redgrid-warnings')!)).toEqual(file.warnings);
		// GeoPackage keeps it whole
		const gpkg = await exportLayer('tickets', { format: 'gpkg', bbox }, admin, scopeOf(admin));
		expect(gpkg.warnings).toEqual([]);
	});
});

describe('a missing tool', () => {
	it('answers 503 naming it, never 500', async () => {
		const admin = await demoUser('admin');
		process.env.GDAL_BIN_DIR = path.join(tmp, 'no-gdal-here');
		try {
			await expect(exportLayer('areas', { format: 'gpkg' }, admin, scopeOf(admin))).rejects.toBeInstanceOf(
				ToolMissingError
			);
			const res = await fileAnswer(() => exportLayer('areas', { format: 'shp' }, admin, scopeOf(admin)));
			expect(res.status).toBe(503);
			const body = await res.json();
			expect(body.field).toBe('ogr2ogr');
			expect(body.message).toMatch(/gdal-bin/);
		} finally {
			delete process.env.GDAL_BIN_DIR;
		}
	});
});
