// Retention of residents' phone numbers (PIPL): finished tickets lose their reporter's phone after
// the configured days, each run leaves an audit row, open and recently finished tickets keep theirs;
// stored retry answers (which carry the reporter) are deleted after 30 days; the app runs the job
// by itself.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { erasePhones, forgetOldAnswers } from '../../src/lib/server/privacy/retention';
import { freePort } from '../../scripts/lib/cluster';
import { startApp, stopApp } from '../../scripts/lib/app';
import { one } from './helpers';

const ids: Record<'closedLongAgo' | 'closedRecently' | 'rejectedLongAgo' | 'openOld', number> = {
	closedLongAgo: 0,
	closedRecently: 0,
	rejectedLongAgo: 0,
	openOld: 0
};
const phoneOf = async (id: number) =>
	(await one<{ p: string | null }>('SELECT reporter_phone AS p FROM tickets WHERE id = $1', [id])).p;

/** Makes ticket `id` one that was created `createdDaysAgo` and is `status`, finished `finishedDaysAgo`. */
async function shape(id: number, status: string, createdDaysAgo: number, finishedDaysAgo: number | null) {
	await db().query(
		`UPDATE tickets SET status = $2, reporter_phone = '1370000' || lpad($1::text, 4, '0'),
		   created_at = now() - make_interval(days => $3), accept_due_at = now() - make_interval(days => $3) + interval '1 day',
		   due_at = now() - make_interval(days => $3) + interval '5 days', resolved_at = NULL,
		   closed_at = CASE WHEN $2 = 'closed' THEN now() - make_interval(days => $4::int) END
		 WHERE id = $1`,
		[id, status, createdDaysAgo, finishedDaysAgo]
	);
	if (status === 'rejected')
		await db().query(
			`INSERT INTO ticket_events (ticket_id, district_id, kind, from_status, to_status, at)
			 SELECT id, district_id, 'rejected', 'new', 'rejected', now() - make_interval(days => $2) FROM tickets WHERE id = $1`,
			[id, finishedDaysAgo]
		);
}

beforeAll(async () => {
	// none of the seeded tickets is old enough to be touched by the 730-day rule at first
	await db().query(
		`UPDATE tickets SET reporter_phone = NULL WHERE status IN ('closed', 'rejected') AND created_at < now() - interval '700 days'`
	);
	const { rows } = await db().query<{ id: string }>(
		`SELECT id FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'rejected')
		 ORDER BY id LIMIT 4`
	);
	[ids.closedLongAgo, ids.closedRecently, ids.rejectedLongAgo, ids.openOld] = rows.map((r) => Number(r.id));
	await shape(ids.closedLongAgo, 'closed', 900, 800);
	await shape(ids.closedRecently, 'closed', 900, 100);
	await shape(ids.rejectedLongAgo, 'rejected', 900, 760);
	await shape(ids.openOld, 'in_progress', 900, null);
});

describe('reporter phones past their retention', () => {
	it('are erased from tickets closed or rejected more than the retention ago, with an audit row; others keep theirs', async () => {
		const lastAudit = (await one<{ m: number }>('SELECT coalesce(max(id), 0)::int AS m FROM audit_log')).m;
		const erased = await erasePhones(730);
		expect(erased).toEqual([ids.closedLongAgo, ids.rejectedLongAgo].sort((a, b) => a - b));
		expect(await phoneOf(ids.closedLongAgo)).toBeNull();
		expect(await phoneOf(ids.rejectedLongAgo)).toBeNull();
		expect(await phoneOf(ids.closedRecently)).toBe(`1370000${String(ids.closedRecently).padStart(4, '0')}`);
		expect(await phoneOf(ids.openOld)).toBe(`1370000${String(ids.openOld).padStart(4, '0')}`);
		// the name stays (only the phone has a retention rule)
		const { rows: audit } = await db().query(
			`SELECT action, entity, actor_user_id, after FROM audit_log WHERE id > $1 ORDER BY id`,
			[lastAudit]
		);
		expect(audit).toEqual([
			{
				action: 'phone_erase',
				entity: 'ticket',
				actor_user_id: null,
				after: { tickets: erased, retentionDays: 730 }
			}
		]);
		// a second run finds nothing and writes nothing
		expect(await erasePhones(730)).toEqual([]);
		expect((await one<{ m: number }>('SELECT max(id)::int AS m FROM audit_log')).m).toBe(
			audit.length + lastAudit
		);
	});

	it('follow the configured days: with 90 the ticket closed 100 days ago loses its phone too', async () => {
		expect(await erasePhones(90)).toContain(ids.closedRecently);
		expect(await phoneOf(ids.closedRecently)).toBeNull();
		expect(await phoneOf(ids.openOld)).not.toBeNull();
	});
});

describe('stored retry answers', () => {
	it('are deleted after 30 days, younger ones kept', async () => {
		const u = (await one<{ id: number }>(`SELECT id FROM users WHERE username = 'admin'`)).id;
		await db().query(
			`INSERT INTO idempotency_keys (user_id, key, status, response, created_at) VALUES
			 ($1, 'pipl-old', 201, '{"ticket":{"reporterPhone":"13900000000"}}', now() - interval '31 days'),
			 ($1, 'pipl-new', 201, '{}', now() - interval '29 days')`,
			[u]
		);
		await db().query(
			`INSERT INTO idempotent_requests (user_id, key, target, made_at, received_at, status, response) VALUES
			 ($1, 'pipl-old-req', 'POST /x', now() - interval '40 days', now() - interval '40 days', 200, '{}'),
			 ($1, 'pipl-new-req', 'POST /x', now(), now(), 200, '{}')`,
			[u]
		);
		expect(await forgetOldAnswers()).toBeGreaterThanOrEqual(2);
		const left = await db().query(
			`SELECT key FROM idempotency_keys WHERE key LIKE 'pipl-%' UNION ALL
			 SELECT key FROM idempotent_requests WHERE key LIKE 'pipl-%' ORDER BY 1`
		);
		expect(left.rows.map((r) => r.key)).toEqual(['pipl-new', 'pipl-new-req']);
	});
});

describe('the scheduled job', () => {
	let app: ChildProcess | undefined;
	afterAll(async () => {
		if (app) await stopApp(app);
	});

	it('runs in the app by itself, with the retention from REDGRID_PHONE_RETENTION_DAYS', async () => {
		await db().query(`UPDATE tickets SET reporter_phone = '13711112222' WHERE id = $1`, [ids.closedRecently]);
		await db().query(
			`UPDATE tickets SET closed_at = now() - interval '3 days', created_at = now() - interval '10 days',
			   accept_due_at = now() - interval '9 days', due_at = now() - interval '5 days' WHERE id = $1`,
			[ids.closedRecently]
		);
		app = await startApp({
			port: await freePort(),
			databaseUrl: process.env.DATABASE_URL!,
			env: {
				REDGRID_SIMULATOR: '0',
				REDGRID_PHONE_RETENTION_DAYS: '2',
				REDGRID_APP_NAME: 'redgrid-retention-test'
			},
			quiet: true
		});
		const deadline = Date.now() + 30_000;
		while ((await phoneOf(ids.closedRecently)) !== null && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 500));
		expect(await phoneOf(ids.closedRecently)).toBeNull();
		expect(await phoneOf(ids.openOld)).not.toBeNull();
	}, 60_000);
});
