// Import on a real PostGIS (the real DataV district boundaries are in tests/data/datav.test.ts): a GBK CSV, a zipped Shapefile made
// with ogr2ogr in a projected CRS, the dry run's rejects (writing nothing), repairs, skipping, and
// re-imports that update by code.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { runImport } from '../../src/lib/server/import/service';
import { creditCodeCheckChar } from '../../src/lib/server/demo/credit-code';
import { one, refused, square } from './helpers';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'redgrid-import-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const fileOf = (name: string, bytes: Uint8Array | string) => ({
	name,
	bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes
});
const count = async (table: string) =>
	(await one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).n;
const creditCode = (body: string) => body + creditCodeCheckChar(body);

describe('CSV in GBK', () => {
	const good = [creditCode('91360802MA3501001'), creditCode('91360802MA3501002')];
	const csv = [
		'统一社会信用代码,企业名称,地址,党员数',
		`${good[0]},吉安红心物业服务有限公司,吉州区井冈山大道1号,5`,
		`${good[1]},庐陵家园物业管理有限公司,"吉州区人民路2号, 3楼",0`,
		'913608020000000000,坏代码物业公司,,1'
	].join('\r\n');
	// GBK bytes: Node's TextDecoder reads GBK but cannot write it; iconv (glibc) can
	const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: csv });

	it('refuses GBK bytes read as UTF-8 and names the encoding', async () => {
		const err = await refused(
			runImport('companies', fileOf('companies.csv', gbk), { mode: 'dry-run' }, null)
		);
		expect([err.status, err.field]).toEqual([400, 'encoding']);
	});

	it('dry run: the bad credit code is the one reject; with skipInvalid the two good companies are written in Chinese', async () => {
		const n = await count('property_companies');
		const dry = await runImport('companies', fileOf('companies.csv', gbk), { encoding: 'gbk' }, null);
		expect(dry.report.mapping).toMatchObject({
			credit_code: '统一社会信用代码',
			name: '企业名称',
			party_members: '党员数'
		});
		expect(dry.report.rejected).toEqual([
			{ row: 3, field: 'credit_code', reason: expect.stringMatching(/bad credit code/) }
		]);
		expect(await count('property_companies')).toBe(n);
		const refused = await runImport(
			'companies',
			fileOf('companies.csv', gbk),
			{ encoding: 'gbk', mode: 'commit' },
			null
		);
		expect([refused.status, refused.report.written]).toEqual([422, false]);
		expect(await count('property_companies')).toBe(n);

		const { report } = await runImport(
			'companies',
			fileOf('companies.csv', gbk),
			{ encoding: 'gbk', mode: 'commit', skipInvalid: true },
			null
		);
		expect([report.inserted, report.updated, report.skipped]).toEqual([2, 0, 1]);
		const { rows } = await db().query(
			'SELECT credit_code, name, address, party_members FROM property_companies WHERE credit_code = ANY($1) ORDER BY credit_code',
			[good]
		);
		expect(rows).toEqual([
			{
				credit_code: good[0],
				name: '吉安红心物业服务有限公司',
				address: '吉州区井冈山大道1号',
				party_members: 5
			},
			{
				credit_code: good[1],
				name: '庐陵家园物业管理有限公司',
				address: '吉州区人民路2号, 3楼',
				party_members: 0
			}
		]);
		// the same file again updates by credit code instead of duplicating
		const again = await runImport(
			'companies',
			fileOf('companies.csv', gbk),
			{ encoding: 'gbk', mode: 'commit', skipInvalid: true },
			null
		);
		expect([again.report.inserted, again.report.updated]).toEqual([0, 2]);
		expect(await count('property_companies')).toBe(n + 2);
	});

	it('reads points from lon/lat columns (经度 / 纬度) and a WKT column', async () => {
		const area = await one<{ code: string; lon: number; lat: number }>(
			`SELECT code, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
			 FROM areas WHERE level = 'community' ORDER BY code LIMIT 1`
		);
		const pts = [
			'编码,类型,名称,经度,纬度,社区编码',
			`FX-1,red_station,红色驿站（新）,${area.lon},${area.lat},${area.code}`,
			`FX-2,library,农家书屋,${area.lon + 0.001},${area.lat},${area.code}`
		].join('\n');
		const { report } = await runImport(
			'facilities',
			fileOf('f.csv', execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: pts })),
			{ encoding: 'gb18030', mode: 'commit', crs: 'wgs84', mapping: { area_code: '社区编码' } },
			null
		);
		expect(report.rejected).toEqual([]);
		expect(report.inserted).toBe(2);
		const f = await one<{ name: string; d: number; area: string }>(
			`SELECT f.name, ST_Distance(f.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS d, a.code AS area
			 FROM facilities f JOIN areas a ON a.id = f.area_id WHERE f.code = 'FX-1'`,
			[area.lon, area.lat]
		);
		expect(f).toEqual({ name: '红色驿站（新）', d: expect.any(Number), area: area.code });
		expect(f.d).toBeLessThan(0.01);

		const wkt = [
			'code,type,name,wkt',
			`FX-3,library,书屋,"POINT (${area.lon} ${area.lat})"`,
			'FX-4,library,书屋,"POINT (1 2"'
		].join('\n');
		const w = await runImport('facilities', fileOf('w.csv', wkt), { crs: 'wgs84', skipInvalid: true }, null);
		expect(w.report.rejected).toEqual([
			{ row: 2, field: 'geometry', reason: 'no geometry (missing or unreadable coordinates)' }
		]);
		expect([w.report.inserted, w.report.written]).toEqual([1, false]);
		expect(await count(`facilities WHERE code = 'FX-3'`)).toBe(0);
	});

	it('removes control characters (ESC, BEL) from cells with a warning per row, and writes the clean text', async () => {
		const area = await one<{ code: string; lon: number; lat: number }>(
			`SELECT code, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
			 FROM areas WHERE level = 'community' ORDER BY code LIMIT 1`
		);
		const csv = [
			'code,type,name,lon,lat,area',
			`FX-C1,library,书屋\u001b甲,${area.lon},${area.lat},${area.code}`,
			`FX-C2,library,书屋乙,${area.lon},${area.lat},${area.code}`,
			`FX-C3,library,书\u0007屋丙,${area.lon},${area.lat},${area.code}`
		].join('\n');
		const { report } = await runImport(
			'facilities',
			fileOf('c.csv', csv),
			{ mode: 'commit', crs: 'wgs84', mapping: { area_code: 'area' } },
			null
		);
		expect(report.rejected).toEqual([]);
		expect(report.warnings.filter((w) => w.code === 'control_removed').map((w) => w.message)).toEqual([
			'row 1: control characters removed from name',
			'row 3: control characters removed from name'
		]);
		expect(report.inserted).toBe(3);
		const { rows } = await db().query(
			`SELECT code, name FROM facilities WHERE code LIKE 'FX-C%' ORDER BY code`
		);
		expect(rows).toEqual([
			{ code: 'FX-C1', name: '书屋甲' },
			{ code: 'FX-C2', name: '书屋乙' },
			{ code: 'FX-C3', name: '书屋丙' }
		]);
	});
});

describe('a zipped Shapefile made by ogr2ogr (CGCS2000 / Gauss-Kruger EPSG:4547 with .prj and .cpg)', () => {
	it('re-imports buildings from its .prj, updating them by code, within a centimetre', async () => {
		const compound = await one<{ code: string }>(
			`SELECT c.code FROM compounds c WHERE EXISTS (SELECT 1 FROM buildings b WHERE b.compound_id = c.id) ORDER BY c.code LIMIT 1`
		);
		const { rows: before } = await db().query(
			`SELECT b.code, b.number, b.floors, b.households FROM buildings b JOIN compounds c ON c.id = b.compound_id
			 WHERE c.code = $1 ORDER BY b.code`,
			[compound.code]
		);
		expect(before.length).toBeGreaterThan(1);
		const fc = await one<{ fc: unknown }>(
			`SELECT json_build_object('type', 'FeatureCollection', 'features', json_agg(json_build_object('type', 'Feature',
			   'geometry', ST_AsGeoJSON(b.geom, 9)::json,
			   'properties', json_build_object('code', b.code, 'compound_code', $1::text, 'number', b.number,
			     'floors', b.floors + 1, 'households', b.households)) ORDER BY b.code)) AS fc
			 FROM buildings b JOIN compounds c ON c.id = b.compound_id WHERE c.code = $1`,
			[compound.code]
		);
		const src = path.join(tmp, 'b.geojson');
		writeFileSync(src, JSON.stringify(fc.fc));
		const zip = path.join(tmp, 'buildings.shp.zip');
		execFileSync('ogr2ogr', [
			'-f',
			'ESRI Shapefile',
			'-t_srs',
			'EPSG:4547',
			'-lco',
			'ENCODING=UTF-8',
			zip,
			src,
			'-nln',
			'buildings'
		]);
		const listing = execFileSync('python3', [
			'-c',
			'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).namelist())',
			zip
		]).toString();
		expect(listing).toMatch(/buildings\.prj/);
		expect(listing).toMatch(/buildings\.cpg/);

		const { report } = await runImport(
			'buildings',
			fileOf('buildings.zip', readFileSync(zip)),
			{ mode: 'commit' },
			null
		);
		expect(report.rejected).toEqual([]);
		expect([report.crs, report.crsSource]).toEqual(['EPSG:4547', 'file']);
		expect([report.inserted, report.updated]).toEqual([0, before.length]);
		const { rows: after } = await db().query(
			`SELECT b.code, b.number, b.floors, b.households FROM buildings b JOIN compounds c ON c.id = b.compound_id
			 WHERE c.code = $1 ORDER BY b.code`,
			[compound.code]
		);
		expect(after).toEqual(before.map((b) => ({ ...b, floors: b.floors + 1 })));
		// geometry: through EPSG:4547 and back, within a centimetre of the original
		const orig = JSON.parse(readFileSync(src, 'utf8'));
		const d = await one<{ max: number }>(
			`SELECT max(ST_HausdorffDistance(ST_Transform(b.geom, 4547), ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326), 4547))) AS max
			 FROM jsonb_array_elements($1::jsonb) f JOIN buildings b ON b.code = f->'properties'->>'code'`,
			[JSON.stringify(orig.features)]
		);
		expect(d.max).toBeLessThan(0.01);
	});

	it('refuses the Shapefile read as longitude/latitude, naming crs', async () => {
		const zip = path.join(tmp, 'buildings.shp.zip');
		const err = await refused(
			runImport('buildings', fileOf('b.zip', readFileSync(zip)), { crs: 'wgs84' }, null)
		);
		expect([err.status, err.field]).toEqual([400, 'crs']);
		expect(err.message).toMatch(/EPSG:4547/);
	});
});

describe('dry run and rejects', () => {
	async function buildingsFile() {
		const c = await one<{ code: string; lon: number; lat: number }>(
			`SELECT code, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM compounds ORDER BY code LIMIT 1`
		);
		const sq = (x: number, y: number) => square(x, y, 0.0001);
		const bowtie = {
			type: 'Polygon',
			coordinates: [
				[
					[c.lon, c.lat],
					[c.lon + 0.0002, c.lat + 0.0002],
					[c.lon + 0.0002, c.lat],
					[c.lon, c.lat + 0.0002],
					[c.lon, c.lat]
				]
			]
		};
		const f = (code: string, props: object, geometry: unknown) => ({
			type: 'Feature',
			geometry,
			properties: { code, compound_code: c.code, number: code, floors: 6, households: 24, ...props }
		});
		return fileOf(
			'b.geojson',
			JSON.stringify({
				type: 'FeatureCollection',
				features: [
					f('T-OK', {}, sq(c.lon, c.lat)),
					f('T-PARENT', { compound_code: 'NO-SUCH' }, sq(c.lon, c.lat)),
					f('T-FLOORS', { floors: 0 }, sq(c.lon, c.lat)),
					f('T-BOWTIE', {}, bowtie),
					f('T-FAR', {}, sq(100, 40)),
					f('T-OK', {}, sq(c.lon, c.lat)),
					f(
						'T-LINE',
						{},
						{
							type: 'LineString',
							coordinates: [
								[c.lon, c.lat],
								[c.lon + 0.001, c.lat]
							]
						}
					)
				]
			})
		);
	}

	it('lists every rejected row with its field and reason, and writes nothing', async () => {
		const n = await count('buildings');
		const { status, report } = await runImport('buildings', await buildingsFile(), { crs: 'wgs84' }, null);
		expect(status).toBe(200);
		expect(report.rejected.map((r) => [r.row, r.field])).toEqual([
			[2, 'compound_code'],
			[3, 'floors'],
			[4, 'geometry'],
			[5, 'geometry'],
			[6, 'code'],
			[7, 'geometry']
		]);
		const reasons = Object.fromEntries(report.rejected.map((r) => [r.row, r.reason]));
		expect(reasons[2]).toBe('unknown compound "NO-SUCH"');
		expect(reasons[3]).toBe('0 is below 1');
		expect(reasons[4]).toMatch(/^invalid geometry \(Self-intersection/);
		expect(reasons[5]).toMatch(/^outside the city/);
		expect(reasons[6]).toBe('duplicate key "T-OK": also in row 1');
		expect(reasons[7]).toBe('a LineString where a polygon belongs');
		expect(await count('buildings')).toBe(n);
		const commit = await runImport(
			'buildings',
			await buildingsFile(),
			{ crs: 'wgs84', mode: 'commit' },
			null
		);
		expect([commit.status, commit.report.written]).toEqual([422, false]);
		expect(await count('buildings')).toBe(n);
	});

	it('repairs the bowtie when asked (showing the repair) and skips the rest when asked', async () => {
		const n = await count('buildings');
		const { report } = await runImport(
			'buildings',
			await buildingsFile(),
			{ crs: 'wgs84', mode: 'commit', repair: true, skipInvalid: true },
			null
		);
		expect(report.repaired.map((r) => r.row)).toEqual([4]);
		expect(report.repaired[0].reason).toMatch(/Self-intersection/);
		expect(report.repaired[0].afterM2).toBeGreaterThan(0);
		expect(report.repaired[0].geometry).toMatchObject({ type: 'MultiPolygon' });
		expect([report.inserted, report.skipped]).toEqual([2, 5]);
		expect(await count('buildings')).toBe(n + 2);
		const b = await one<{ valid: boolean; parts: number }>(
			`SELECT ST_IsValid(geom) AS valid, ST_NumGeometries(geom) AS parts FROM buildings WHERE code = 'T-BOWTIE'`
		);
		expect(b).toEqual({ valid: true, parts: 2 });
	});

	it('refuses a mapping to a column the file does not have, and a missing required field', async () => {
		const file = await buildingsFile();
		let err = await refused(runImport('buildings', file, { mapping: { floors: 'stories' } }, null));
		expect([err.status, err.field]).toEqual([400, 'mapping']);
		expect(err.message).toMatch(/no column "stories"/);
		err = await refused(runImport('buildings', file, { mapping: { floors: '' } }, null));
		expect(err.message).toMatch(/required fields not mapped: floors/);
	});
});

describe('bad files', () => {
	it('names the problem: unknown kind, content that does not match, empty, a zip escaping its folder', async () => {
		let err = await refused(runImport('areas', fileOf('a.xlsx', 'x'), {}, null));
		expect([err.status, err.field]).toEqual([415, 'file']);
		err = await refused(runImport('areas', fileOf('a.geojson', 'PK\u0003\u0004'), {}, null));
		expect([err.status, err.field]).toEqual([415, 'file']);
		err = await refused(runImport('areas', fileOf('a.geojson', ''), {}, null));
		expect([err.status, err.field]).toEqual([400, 'file']);
		err = await refused(
			runImport('areas', fileOf('a.geojson', '{"type": "FeatureCollection", "features": [}'), {}, null)
		);
		expect([err.status, err.field]).toEqual([400, 'file']);
		const zip = path.join(tmp, 'evil.zip');
		execFileSync('python3', [
			'-c',
			`import zipfile; z = zipfile.ZipFile('${zip}', 'w'); z.writestr('../../evil.shp', 'x'); z.close()`
		]);
		err = await refused(runImport('areas', fileOf('evil.zip', readFileSync(zip)), {}, null));
		expect([err.status, err.field]).toEqual([400, 'file']);
		expect(err.message).toMatch(/escapes its folder: "\.\.\/\.\.\/evil\.shp"/);
		err = await refused(runImport('nowhere', fileOf('a.geojson', '{}'), {}, null));
		expect([err.status, err.field]).toEqual([400, 'layer']);
		err = await refused(runImport('areas', fileOf('a.geojson', '{}'), { crs: 'mars' }, null));
		expect([err.status, err.field]).toEqual([400, 'crs']);
	});
});

describe('re-importing party organizations', () => {
	it('closes the links a file no longer lists, keeping their history, and opens the new ones', async () => {
		const { rows } = await db().query<{ credit_code: string; id: number }>(
			`SELECT c.credit_code, c.id FROM property_companies c ORDER BY c.id LIMIT 2`
		);
		const [a, b] = rows;
		const geojson = (codes: string) =>
			JSON.stringify({
				type: 'FeatureCollection',
				features: [
					{
						type: 'Feature',
						geometry: null,
						properties: {
							code: 'PO-TEST-1',
							name: '测试联合党支部',
							kind: 'joint_branch',
							company_credit_codes: codes
						}
					}
				]
			});
		const first = await runImport(
			'party-orgs',
			fileOf('orgs.geojson', geojson(`${a.credit_code};${b.credit_code}`)),
			{ mode: 'commit' },
			null
		);
		expect(first.status).toBe(200);
		const org = await one<{ id: number }>(`SELECT id FROM party_orgs WHERE code = 'PO-TEST-1'`);
		// pretend the links began last year, so that dropping one closes it rather than erasing it
		await db().query(`UPDATE party_org_companies SET start_on = current_date - 365 WHERE org_id = $1`, [
			org.id
		]);
		await runImport('party-orgs', fileOf('orgs.geojson', geojson(b.credit_code)), { mode: 'commit' }, null);
		const links = await db().query(
			`SELECT company_id, end_on IS NULL AS open, end_on = (now() AT TIME ZONE 'Asia/Shanghai')::date - 1 AS ended_yesterday
			 FROM party_org_companies WHERE org_id = $1 ORDER BY company_id`,
			[org.id]
		);
		expect(links.rows).toEqual([
			{ company_id: a.id, open: false, ended_yesterday: true },
			{ company_id: b.id, open: true, ended_yesterday: null }
		]);
	});
});
