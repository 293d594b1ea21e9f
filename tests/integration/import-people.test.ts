// Importing people (grid workers, stewards, committee members, company heads, instructors) on the seeded
// demo: the code backfilled by migration 085, a UTF-8 CSV, a GBK CSV with Chinese headings and kind
// words, the dry run's rejects (row and field, nothing written) and a re-import that updates by code.
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { runImport } from '../../src/lib/server/import/service';
import { one } from './helpers';

const fileOf = (name: string, bytes: Uint8Array | string) => ({
	name,
	bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes
});
const countPeople = async () => (await one<{ n: number }>('SELECT count(*)::int AS n FROM people')).n;
const peopleByCode = async (codes: string[]) =>
	(
		await db().query(
			`SELECT p.code, p.name, p.phone, p.kind, a.code AS area_code, c.credit_code, p.version
			 FROM people p LEFT JOIN areas a ON a.id = p.area_id LEFT JOIN property_companies c ON c.id = p.company_id
			 WHERE p.code = ANY ($1) ORDER BY p.code`,
			[codes]
		)
	).rows;

let community: string;
let district: string;
let company: string;

beforeAll(async () => {
	community = (
		await one<{ code: string }>(`SELECT code FROM areas WHERE level = 'community' ORDER BY id LIMIT 1`)
	).code;
	district = (
		await one<{ code: string }>(`SELECT code FROM areas WHERE level = 'district' ORDER BY id LIMIT 1`)
	).code;
	company = (
		await one<{ credit_code: string }>(`SELECT credit_code FROM property_companies ORDER BY id LIMIT 1`)
	).credit_code;
});

describe('people codes (migration 085)', () => {
	it('gave every seeded person P + its zero-padded id, and fills one in for an insert without a code', async () => {
		const { n, odd } = await one<{ n: number; odd: number }>(
			`SELECT count(*)::int AS n,
			        count(*) FILTER (WHERE code IS DISTINCT FROM 'P' || lpad(id::text, 6, '0'))::int AS odd FROM people`
		);
		expect(n).toBeGreaterThan(100);
		expect(odd).toBe(0);
		const client = await db().connect();
		try {
			await client.query('BEGIN');
			const { rows } = await client.query(
				`INSERT INTO people (name, kind) VALUES ('无编码', 'steward') RETURNING id, code`
			);
			expect(rows[0].code).toBe('P' + String(rows[0].id).padStart(6, '0'));
		} finally {
			await client.query('ROLLBACK');
			client.release();
		}
	});
});

describe('a UTF-8 CSV of three people', () => {
	const csv = () =>
		[
			'code,name,phone,kind,area_code,company_credit_code',
			`IMP-1,张伟,13800000001,grid_worker,${community},`,
			`IMP-2,李娜,0796-8200001,company_head,,${company}`,
			`IMP-3,王芳,,instructor,${district},`
		].join('\n');

	it('imports them with their area and company', async () => {
		const before = await countPeople();
		const { status, report } = await runImport(
			'people',
			fileOf('people.csv', csv()),
			{ mode: 'commit' },
			null
		);
		expect(report.rejected).toEqual([]);
		expect(status).toBe(200);
		expect([report.inserted, report.updated, report.written]).toEqual([3, 0, true]);
		expect(await countPeople()).toBe(before + 3);
		expect(await peopleByCode(['IMP-1', 'IMP-2', 'IMP-3'])).toEqual([
			{
				code: 'IMP-1',
				name: '张伟',
				phone: '13800000001',
				kind: 'grid_worker',
				area_code: community,
				credit_code: null,
				version: 1
			},
			{
				code: 'IMP-2',
				name: '李娜',
				phone: '0796-8200001',
				kind: 'company_head',
				area_code: null,
				credit_code: company,
				version: 1
			},
			{
				code: 'IMP-3',
				name: '王芳',
				phone: null,
				kind: 'instructor',
				area_code: district,
				credit_code: null,
				version: 1
			}
		]);
		const run = await one<{ n: number }>(
			`SELECT count(*)::int AS n FROM import_runs WHERE layer = 'people' AND inserted = 3 AND file_name = 'people.csv'`
		);
		expect(run.n).toBe(1);
	});

	it('re-imported with changes, updates the same rows by code (no duplicates, a new version)', async () => {
		const before = await countPeople();
		const changed = csv().replace('张伟', '张伟强').replace('13800000001', '13900000009');
		const { report } = await runImport('people', fileOf('people.csv', changed), { mode: 'commit' }, null);
		expect(report.rejected).toEqual([]);
		expect([report.inserted, report.updated, report.written]).toEqual([0, 3, true]);
		expect(await countPeople()).toBe(before);
		const rows = await peopleByCode(['IMP-1', 'IMP-2', 'IMP-3']);
		expect(rows.map((r) => [r.code, r.name, r.phone, r.version])).toEqual([
			['IMP-1', '张伟强', '13900000009', 2],
			['IMP-2', '李娜', '0796-8200001', 2],
			['IMP-3', '王芳', null, 2]
		]);
	});

	it('updates a seeded person by its backfilled code', async () => {
		const seeded = await one<{ id: number; code: string; kind: string; area_id: number | null }>(
			`SELECT id, code, kind, area_id FROM people WHERE kind = 'steward' ORDER BY id LIMIT 1`
		);
		const before = await countPeople();
		const { report } = await runImport(
			'people',
			fileOf('one.csv', `code,name,kind\n${seeded.code},改名,steward\n`),
			{ mode: 'commit' },
			null
		);
		expect([report.inserted, report.updated]).toEqual([0, 1]);
		expect(await countPeople()).toBe(before);
		const after = await one(`SELECT name, kind, area_id FROM people WHERE id = $1`, [seeded.id]);
		// the unmapped area is kept
		expect(after).toEqual({ name: '改名', kind: 'steward', area_id: seeded.area_id });
	});
});

describe('a GBK CSV with Chinese headings and kind words', () => {
	it('imports each kind word as its kind', async () => {
		const csv = [
			'编码,姓名,电话,类型,社区编码,物业企业信用代码',
			`GBK-1,刘洋,13700000001,网格员,${community},`,
			`GBK-2,陈静,13700000002,红领管家,${community},`,
			`GBK-3,杨帆,13700000003,社区两委成员,${community},`,
			`GBK-4,赵磊,13700000004,物业负责人,,${company}`,
			`GBK-5,黄敏,13700000005,党建指导员,${district},`
		].join('\n');
		// Node can decode GBK but not encode it; iconv (glibc) can
		const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: csv });
		const before = await countPeople();
		const { report } = await runImport(
			'people',
			fileOf('人员.csv', new Uint8Array(gbk)),
			{ mode: 'commit', encoding: 'gbk' },
			null
		);
		expect(report.rejected).toEqual([]);
		expect(report.mapping).toMatchObject({ code: '编码', name: '姓名', phone: '电话', kind: '类型' });
		expect(report.inserted).toBe(5);
		expect(await countPeople()).toBe(before + 5);
		const rows = await peopleByCode(['GBK-1', 'GBK-2', 'GBK-3', 'GBK-4', 'GBK-5']);
		expect(rows.map((r) => [r.code, r.name, r.kind, r.area_code, r.credit_code])).toEqual([
			['GBK-1', '刘洋', 'grid_worker', community, null],
			['GBK-2', '陈静', 'steward', community, null],
			['GBK-3', '杨帆', 'committee_member', community, null],
			['GBK-4', '赵磊', 'company_head', null, company],
			['GBK-5', '黄敏', 'instructor', district, null]
		]);
	});
});

describe('bad rows', () => {
	const csv = () =>
		[
			'code,name,phone,kind,area_code,company_credit_code',
			`BAD-1,甲,13800000001,janitor,${community},`,
			`BAD-2,乙,13800000002,steward,NO-SUCH-AREA,`,
			`BAD-3,丙,call me,grid_worker,${community},`,
			`BAD-4,丁,13800000004,steward,${community},`,
			`BAD-5,戊,13800000005,company_head,,91360800MA00000000`
		].join('\n');

	it('the dry run names the row and field of each, and writes nothing', async () => {
		const before = await countPeople();
		const { status, report } = await runImport('people', fileOf('bad.csv', csv()), { mode: 'dry-run' }, null);
		expect(status).toBe(200);
		expect(report.rejected.map((r) => [r.row, r.field])).toEqual([
			[1, 'kind'],
			[2, 'area_code'],
			[3, 'phone'],
			[5, 'company_credit_code']
		]);
		expect(report.rejected[0].reason).toContain('"janitor" is not one of');
		expect(report.rejected[1].reason).toBe('unknown parent area "NO-SUCH-AREA" (import the areas first)');
		expect(report.rejected[2].reason).toContain('"call me"');
		expect(report.written).toBe(false);
		expect(await countPeople()).toBe(before);
		expect((await peopleByCode(['BAD-1', 'BAD-2', 'BAD-3', 'BAD-4', 'BAD-5'])).length).toBe(0);
	});

	it('a commit answers 422 and writes nothing, not even the good row', async () => {
		const before = await countPeople();
		const { status, report } = await runImport('people', fileOf('bad.csv', csv()), { mode: 'commit' }, null);
		expect(status).toBe(422);
		expect(report.written).toBe(false);
		expect(await countPeople()).toBe(before);
		expect((await peopleByCode(['BAD-4'])).length).toBe(0);
	});
});
