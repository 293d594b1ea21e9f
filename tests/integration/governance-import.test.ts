// Owners' committees, their members and joint meetings from spreadsheets (a GBK CSV with Chinese
// headings and words, as Excel writes it), the dry run's rejects naming row and field with nothing
// written, and the export of committees and meetings per compound.
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { runImport } from '../../src/lib/server/import/service';
import { exportAnalysis } from '../../src/lib/server/export/analysis';
import { one } from './helpers';

const gbk = (lines: string[]) =>
	new Uint8Array(execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: lines.join('\n') }));
const file = (name: string, bytes: Uint8Array) => ({ name, bytes });
const tableCounts = async () =>
	one<Record<string, number>>(
		`SELECT (SELECT count(*) FROM owner_committees)::int AS committees,
		   (SELECT count(*) FROM committee_members)::int AS members, (SELECT count(*) FROM joint_meetings)::int AS meetings`
	);

let a: { id: number; code: string; community_id: number; community: string };
let b: { code: string };

beforeAll(async () => {
	// two compounds of one community that have no committee in the demo
	const rows = (
		await db().query(
			`SELECT c.id, c.code, c.community_id, cm.code AS community FROM compounds c JOIN areas cm ON cm.id = c.community_id
			 WHERE NOT EXISTS (SELECT 1 FROM owner_committees oc WHERE oc.compound_id = c.id)
			   AND c.community_id = (SELECT c2.community_id FROM compounds c2
			                         WHERE NOT EXISTS (SELECT 1 FROM owner_committees oc WHERE oc.compound_id = c2.id)
			                         GROUP BY c2.community_id HAVING count(*) >= 2 ORDER BY c2.community_id LIMIT 1)
			 ORDER BY c.id LIMIT 2`
		)
	).rows;
	[a, b] = rows;
});

describe('a GBK spreadsheet of committees and members', () => {
	it('imports the committees, then the members, with Chinese headings and words', async () => {
		const committees = gbk([
			'小区编码,是否备案,选举日期,任期开始,任期结束,党的工作小组',
			`${a.code},是,2025-03-01,2025-03-15,2030-03-14,有`,
			`${b.code},否,,2021-01-01,2026-01-01,无`
		]);
		const r1 = await runImport(
			'owner-committees',
			file('业委会.csv', committees),
			{ mode: 'commit', encoding: 'gbk' },
			null
		);
		expect(r1.report.rejected).toEqual([]);
		expect([r1.report.inserted, r1.report.updated]).toEqual([2, 0]);
		const members = gbk([
			'成员编码,小区编码,姓名,电话,职务,是否党员',
			`M-1,${a.code},周建国,13900000001,主任,是`,
			`M-2,${a.code},吴丽,13900000002,副主任,否`,
			`M-3,${a.code},郑凯,13900000003,委员,是`,
			`M-4,${a.code},孙悦,,委员,否`,
			`M-5,${a.code},钱多,13900000005,委员,否`
		]);
		const r2 = await runImport(
			'committee-members',
			file('成员.csv', members),
			{ mode: 'commit', encoding: 'gbk' },
			null
		);
		expect(r2.report.rejected).toEqual([]);
		expect(r2.report.inserted).toBe(5);
		const c = await one<{ registered: boolean; party_group: boolean; positions: string[]; party: number }>(
			`SELECT oc.registered, oc.party_group, array_agg(m.position ORDER BY m.code) AS positions,
			   count(*) FILTER (WHERE m.party_member)::int AS party
			 FROM owner_committees oc JOIN committee_members m ON m.committee_id = oc.id
			 WHERE oc.compound_id = $1 GROUP BY oc.id`,
			[a.id]
		);
		expect(c).toEqual({
			registered: true,
			party_group: true,
			positions: ['chair', 'vice_chair', 'member', 'member', 'member'],
			party: 2
		});
		// re-importing the committee updates it (a new version), no second committee
		const again = await runImport(
			'owner-committees',
			file('业委会.csv', committees),
			{ mode: 'commit', encoding: 'gbk' },
			null
		);
		expect([again.report.inserted, again.report.updated]).toEqual([0, 2]);
		expect(
			(
				await one<{ n: number }>('SELECT count(*)::int AS n FROM owner_committees WHERE compound_id = $1', [
					a.id
				])
			).n
		).toBe(1);
	});

	it('rejects, naming row and field, two positions for one person, a second chair, a term ending before it starts and a future meeting marked held; writes nothing', async () => {
		const before = await tableCounts();
		const members = await runImport(
			'committee-members',
			file(
				'members.csv',
				new TextEncoder().encode(
					[
						'code,compound_code,name,phone,position,party_member',
						`M-9,${a.code},周建国,13900000001,委员,否`, // already the chair (M-1)
						`M-10,${a.code},新主任,,主任,是`, // the committee has a chair
						`M-11,${a.code},冯强,,委员,否`,
						`M-12,${a.code},冯强,,副主任,否` // twice in the file
					].join('\n')
				)
			),
			{ mode: 'commit' },
			null
		);
		expect(members.status).toBe(422);
		expect(members.report.rejected.map((r) => [r.row, r.field])).toEqual([
			[1, 'position'],
			[2, 'position'],
			[4, 'position']
		]);
		const terms = await runImport(
			'owner-committees',
			file(
				'c.csv',
				new TextEncoder().encode(
					['compound_code,term_start,term_end', `${b.code},2026-05-01,2026-04-30`].join('\n')
				)
			),
			{ mode: 'dry-run' },
			null
		);
		expect(terms.report.rejected.map((r) => [r.row, r.field])).toEqual([[1, 'term_end']]);
		const meetings = await runImport(
			'meetings',
			file(
				'm.csv',
				new TextEncoder().encode(
					[
						'code,community_code,held_on,status,title',
						`JM-1,${a.community},2026-10-10,held,十月联席会议`,
						`JM-2,${a.community},2099-01-01,held,未来的会议`
					].join('\n')
				)
			),
			{ mode: 'commit' },
			null
		);
		expect(meetings.report.rejected.map((r) => [r.row, r.field])).toEqual([[2, 'held_on']]);
		expect(await tableCounts()).toEqual(before);
	});
});

describe('export', () => {
	it("exports each compound with its committee's state, members and party members (GeoJSON and CSV)", async () => {
		const url = new URL(`http://x/?area=${a.community_id}&format=geojson`);
		const fc = JSON.parse(String((await exportAnalysis('governance', url, { kind: 'all' })).body));
		const row = fc.features.find(
			(f: { properties: { compound_code: string } }) => f.properties.compound_code === a.code
		);
		expect(row.geometry.type).toBe('Point');
		expect(row.properties).toMatchObject({
			committee: 'active',
			term_end: '2030-03-14',
			members: 5,
			party_members: 2,
			registered: true
		});
		const expired = fc.features.find(
			(f: { properties: { compound_code: string } }) => f.properties.compound_code === b.code
		);
		expect(expired.properties.committee).toBe('expired');
		const file = await exportAnalysis('governance', new URL(`http://x/?area=${a.community_id}&format=csv`), {
			kind: 'all'
		});
		// the one CSV writer answers text; GDAL's formats answer bytes
		const csv = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
		const [head, ...lines] = csv
			.replace(/^\uFEFF/, '')
			.replace(/"/g, '')
			.trim()
			.split(/\r?\n/);
		const cols = head.split(',');
		const line = lines.find((l) => l.includes(a.code))!.split(',');
		expect(line[cols.indexOf('committee')]).toBe('active');
		expect(line[cols.indexOf('party_members')]).toBe('2');
	});
});
