// Coverage as of a past date: party-organization links carry validity dates. A fixture street far
// from the demo city with a branch founded mid-year (covered from that day, and the month-end series
// changes exactly in that month), a link closed through the edit service (counts until its end date,
// not after), and the audit row written in the edit's transaction (a commit that fails after the
// audit insert leaves no row).
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import type { Scope } from '../../src/lib/server/auth/roles';
import { creditCodeCheckChar } from '../../src/lib/server/demo/credit-code';
import {
	partyCoverage,
	partyMap,
	partyMonthly,
	PartyMonthlyQuery,
	PartyQuery
} from '../../src/lib/server/coverage/service';
import { createRecord, readRecord, updateRecord } from '../../src/lib/server/editing/service';
import { demoUser, one } from './helpers';

const ALL: Scope = { kind: 'all' };
const ids: Record<string, number> = {};

/** A Beijing calendar day as YYYY-MM-DD (UTC arithmetic on the date only). */
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const TODAY = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const [Y, M] = TODAY.split('-').map(Number);
const dayOf = (s: string) => Date.parse(`${s}T00:00:00Z`);
const addDays = (s: string, n: number) => iso(dayOf(s) + n * 86_400_000);
const YESTERDAY = addDays(TODAY, -1);
/** The branch's founding: the 15th of the month five months ago. */
const FOUNDED = iso(Date.UTC(Y, M - 1 - 5, 15));
/** The last 12 month ends, oldest first; the current month's is today. */
const MONTH_ENDS = Array.from({ length: 12 }, (_, i) => {
	const end = iso(Date.UTC(Y, M - 1 - (11 - i) + 1, 0));
	return end > TODAY ? TODAY : end;
});

const box = (x0: number, y0: number, x1: number, y1: number) =>
	`ST_Multi(ST_MakeEnvelope(${x0}, ${y0}, ${x1}, ${y1}, 4326))`;

async function insert(sql: string, params: unknown[] = []): Promise<number> {
	return (await one<{ id: number }>(`${sql} RETURNING id`, params)).id;
}

function creditCode(n: number) {
	const first = `91369998MA${String(n).padStart(7, '0')}`;
	return first + creditCodeCheckChar(first);
}

const statusAt = async (company: number, d: string) =>
	(
		await one<{ s: string }>(
			'SELECT party_status AS s FROM company_party_status_at($1::date) WHERE company_id = $2',
			[d, company]
		)
	).s;

const coverageAt = (at?: string) =>
	partyCoverage(PartyQuery.parse({ area: String(ids.street), ...(at ? { at } : {}) }), ALL);

beforeAll(async () => {
	const city = await one<{ id: number }>(`SELECT id FROM areas WHERE level = 'city'`);
	ids.district = await insert(
		`INSERT INTO areas (code, name, level, parent_id, geom) VALUES ('T95', '历史区', 'district', $1, ${box(116.6, 26.1, 116.7, 26.2)})`,
		[city.id]
	);
	ids.street = await insert(
		`INSERT INTO areas (code, name, level, parent_id, geom) VALUES ('T9501', '历史街道', 'street', $1, ${box(116.6, 26.1, 116.7, 26.2)})`,
		[ids.district]
	);
	ids.community = await insert(
		`INSERT INTO areas (code, name, level, parent_id, geom) VALUES ('T950101', '历史社区', 'community', $1, ${box(116.6, 26.1, 116.7, 26.2)})`,
		[ids.street]
	);
	// P: its own branch, founded mid-year; Q and R: one joint branch since 2020; S: none
	const households = { P: 100, Q: 200, R: 300, S: 400 } as const;
	let n = 0;
	for (const [k, hh] of Object.entries(households)) {
		n++;
		ids[k] = await insert(`INSERT INTO property_companies (name, credit_code) VALUES ($1, $2)`, [
			`历史物业${k}`,
			creditCode(n)
		]);
		const x = 116.6 + n * 0.02;
		await insert(
			`INSERT INTO compounds (code, name, community_id, district_id, company_id, households, geom)
			 VALUES ($1, $2, $3, $4, $5, $6, ${box(x, 26.14, x + 0.005, 26.145)})`,
			[`H-${k}`, `历史小区${k}`, ids.community, ids.district, ids[k], hh]
		);
	}
	ids.branch = await insert(
		`INSERT INTO party_orgs (name, kind, members, area_id, founded_on) VALUES ('P支部', 'branch', 5, $1, $2)`,
		[ids.community, FOUNDED]
	);
	// written without a start, as the demo load and the import write links: it starts at the founding
	await db().query('INSERT INTO party_org_companies (org_id, company_id) VALUES ($1, $2)', [
		ids.branch,
		ids.P
	]);
	ids.joint = await insert(
		`INSERT INTO party_orgs (name, kind, members, area_id, founded_on) VALUES ('QR联合支部', 'joint_branch', 4, $1, '2020-01-01')`,
		[ids.community]
	);
	await db().query(
		`INSERT INTO party_org_companies (org_id, company_id, start_on) VALUES ($1, $2, '2020-01-01'), ($1, $3, '2020-01-01')`,
		[ids.joint, ids.Q, ids.R]
	);
});

describe('coverage as of a past date', () => {
	it('a link written without dates starts when its organization was founded', async () => {
		const r = await one<{ start: string; end: string | null }>(
			'SELECT start_on::text AS start, end_on::text AS "end" FROM party_org_companies WHERE org_id = $1',
			[ids.branch]
		);
		expect(r).toEqual({ start: FOUNDED, end: null });
	});

	it('the branch founded mid-year covers its company from that day on, not before', async () => {
		expect(await statusAt(ids.P, addDays(FOUNDED, -1))).toBe('none');
		expect(await statusAt(ids.P, FOUNDED)).toBe('own');
		expect(await statusAt(ids.Q, addDays(FOUNDED, -1))).toBe('joint');

		// 4 companies; before: Q and R (joint) = 2 of 4, 500 of 1,000 households; after: P too
		const before = await coverageAt(addDays(FOUNDED, -1));
		expect(before.at).toBe(addDays(FOUNDED, -1));
		expect(before.total).toMatchObject({ companies: 4, own: 0, joint: 2, none: 2, companyCoverage: 0.5 });
		expect(before.total).toMatchObject({ managedHouseholds: 1000, coveredHouseholds: 500 });
		expect(before.uncovered.map((c) => c.name).sort()).toEqual(['历史物业P', '历史物业S']);
		const after = await coverageAt(FOUNDED);
		expect(after.total).toMatchObject({ companies: 4, own: 1, joint: 2, none: 1, companyCoverage: 0.75 });
		expect(after.total.coveredHouseholds).toBe(600);
		expect(after.uncovered.map((c) => c.name)).toEqual(['历史物业S']);
		// the map layer of the gaps follows the date too
		const fc = await partyMap(
			PartyQuery.parse({ area: String(ids.street), at: addDays(FOUNDED, -1), format: 'geojson' }),
			ALL
		);
		expect(fc.features.map((f) => f.properties!.company).sort()).toEqual(['历史物业P', '历史物业S']);
		// today, without a date, is the same as the view company_party_status
		const now = await coverageAt();
		expect(now.at).toBe(TODAY);
		expect(now.total).toMatchObject({ own: 1, joint: 2, none: 1 });
	});

	it('the month-end series changes exactly in the month of the founding', async () => {
		const r = await partyMonthly(PartyMonthlyQuery.parse({ area: String(ids.street) }), ALL);
		expect(r.months.map((m) => m.date)).toEqual(MONTH_ENDS);
		// month ends 0–5 lie before the 15th of the founding month (index 6), the rest after it
		expect(r.months.map((m) => m.companyCoverage)).toEqual([...Array(6).fill(0.5), ...Array(6).fill(0.75)]);
		expect(r.months[6].month).toBe(FOUNDED.slice(0, 7));
		// each point is the coverage as of that day
		for (const i of [5, 6, 11]) {
			const at = await coverageAt(MONTH_ENDS[i]);
			expect(r.months[i]).toMatchObject({ own: at.total.own, joint: at.total.joint, companies: 4 });
		}
	});

	it('refuses a date in the future or not a date, naming the field', () => {
		for (const at of [addDays(TODAY, 1), '2026-13-01', 'yesterday']) {
			const r = PartyQuery.safeParse({ at });
			expect(r.success, at).toBe(false);
			expect(r.error!.issues[0].path).toEqual(['at']);
		}
		expect(PartyMonthlyQuery.safeParse({ months: '0' }).success).toBe(false);
		expect(PartyMonthlyQuery.safeParse({ months: '121' }).success).toBe(false);
	});
});

describe('links edited through the edit service', () => {
	it('a company dropped from a branch is covered until yesterday, not today: the link is closed', async () => {
		const admin = await demoUser('admin');
		const org = (await readRecord(db(), 'party-orgs', ids.joint))!;
		expect(org.companyIds).toEqual([ids.Q, ids.R]);
		const saved = await updateRecord(
			'party-orgs',
			ids.joint,
			{ version: org.version, companyIds: [ids.R] },
			admin
		);
		expect(saved.companyIds).toEqual([ids.R]);
		const links = await db().query(
			`SELECT company_id AS c, start_on::text AS start, end_on::text AS "end" FROM party_org_companies
			 WHERE org_id = $1 ORDER BY company_id`,
			[ids.joint]
		);
		expect(links.rows).toEqual([
			{ c: ids.Q, start: '2020-01-01', end: YESTERDAY },
			{ c: ids.R, start: '2020-01-01', end: null }
		]);
		expect(await statusAt(ids.Q, YESTERDAY)).toBe('joint');
		expect(await statusAt(ids.Q, TODAY)).toBe('none');
		expect(
			(
				await one<{ s: string }>('SELECT party_status AS s FROM company_party_status WHERE company_id = $1', [
					ids.Q
				])
			).s
		).toBe('none');
		expect((await coverageAt(YESTERDAY)).total).toMatchObject({ own: 1, joint: 2, none: 1 });
		expect((await coverageAt()).total).toMatchObject({ own: 1, joint: 1, none: 2, companyCoverage: 0.5 });
		const r = await partyMonthly(PartyMonthlyQuery.parse({ area: String(ids.street) }), ALL);
		// today's point drops; the month ends before today keep Q (the last one is yesterday at the latest)
		expect(r.months[11].companyCoverage).toBe(0.5);
		expect(r.months[10].companyCoverage).toBe(0.75);
		const audit = await db().query(
			`SELECT action, before -> 'companyIds' AS b, after -> 'companyIds' AS a FROM audit_log
			 WHERE entity = 'party-orgs' AND entity_id = $1 ORDER BY id`,
			[ids.joint]
		);
		expect(audit.rows).toEqual([{ action: 'update', b: [ids.Q, ids.R], a: [ids.R] }]);
	});

	it('a new branch covers from its founding; a company added later from today; a same-day removal leaves no row', async () => {
		const admin = await demoUser('admin');
		const founded = addDays(TODAY, -10);
		const org = await createRecord(
			'party-orgs',
			{ name: 'S支部', kind: 'joint_branch', areaId: ids.community, companyIds: [ids.S], foundedOn: founded },
			admin
		);
		const starts = async () =>
			(
				await db().query(
					`SELECT company_id AS c, start_on::text AS start, end_on::text AS "end" FROM party_org_companies
					 WHERE org_id = $1 ORDER BY company_id, start_on`,
					[org.id]
				)
			).rows;
		expect(await starts()).toEqual([{ c: ids.S, start: founded, end: null }]);
		expect(await statusAt(ids.S, addDays(founded, -1))).toBe('none');
		expect(await statusAt(ids.S, founded)).toBe('joint');
		expect(await statusAt(ids.Q, TODAY)).toBe('none');
		const added = await updateRecord(
			'party-orgs',
			org.id,
			{ version: org.version, companyIds: [ids.Q, ids.S] },
			admin
		);
		expect(await starts()).toEqual([
			{ c: ids.Q, start: TODAY, end: null },
			{ c: ids.S, start: founded, end: null }
		]);
		expect(await statusAt(ids.Q, TODAY)).toBe('joint');
		await updateRecord('party-orgs', org.id, { version: added.version, companyIds: [ids.S] }, admin);
		expect(await starts()).toEqual([{ c: ids.S, start: founded, end: null }]);
		expect(await statusAt(ids.Q, TODAY)).toBe('none');
	});

	it('writes the audit row in the same transaction: a commit that fails after it leaves no row', async () => {
		const admin = await demoUser('admin');
		const auditRows = async () =>
			(
				await one<{ n: number }>(
					`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'party-orgs' AND entity_id = $1`,
					[ids.joint]
				)
			).n;
		const before = await auditRows();
		const org = (await readRecord(db(), 'party-orgs', ids.joint))!;
		// a deferred constraint fails at commit, after the edit wrote its audit row: it checks that the
		// row is there (inside the transaction) before it refuses
		await db().query(`
			CREATE FUNCTION test_fail_after_audit() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
			  IF EXISTS (SELECT 1 FROM audit_log WHERE entity = 'party-orgs' AND entity_id = NEW.org_id
			             AND after -> 'companyIds' = '[]'::jsonb) THEN
			    RAISE EXCEPTION 'refused after the audit row was written';
			  END IF;
			  RAISE EXCEPTION 'refused, but no audit row was written first';
			END $$;
			CREATE CONSTRAINT TRIGGER test_fail_after_audit AFTER UPDATE ON party_org_companies
			  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.end_on IS NOT NULL AND NEW.company_id = ${ids.R})
			  EXECUTE FUNCTION test_fail_after_audit()`);
		await expect(
			updateRecord('party-orgs', ids.joint, { version: org.version, companyIds: [] }, admin)
		).rejects.toThrow('refused after the audit row was written');
		expect(await auditRows()).toBe(before);
		const still = (await readRecord(db(), 'party-orgs', ids.joint))!;
		expect(still.version).toBe(org.version);
		expect(still.companyIds).toEqual([ids.R]);
		expect(await statusAt(ids.R, TODAY)).toBe('joint');

		// without the failure the same edit commits with exactly one audit row
		await db().query('DROP TRIGGER test_fail_after_audit ON party_org_companies');
		await updateRecord('party-orgs', ids.joint, { version: org.version, companyIds: [] }, admin);
		expect(await auditRows()).toBe(before + 1);
		expect(await statusAt(ids.R, TODAY)).toBe('none');
		expect(await statusAt(ids.R, YESTERDAY)).toBe('joint');
	});
});
