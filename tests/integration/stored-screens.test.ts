// The official screens kept as stored answers (analysis/snapshot.ts): the chart, where tickets wait, the party
// tab and its months, the governance figures and the patrol tab. Each stored answer must equal a
// count made now, be read again (same `asOf`) while young, and follow a newer answer that another
// instance stored.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { scopeOf, type Scope } from '../../src/lib/server/auth/roles';
import { questionKey, renewAsked, snapshot } from '../../src/lib/server/analysis/snapshot';
import { waitingStages } from '../../src/lib/server/tickets/stages';
import { timeseries, TimeseriesQuery } from '../../src/lib/server/analysis/dashboard';
import {
	partyCoverage,
	partyMonthly,
	PartyMonthlyQuery,
	PartyQuery,
	patrolCoverage,
	PatrolQuery
} from '../../src/lib/server/coverage/service';
import { FiguresQuery, governanceFigures } from '../../src/lib/server/governance/service';
import { ageStoredFigures, demoUser, withStoredFigures } from './helpers';

const ALL: Scope = { kind: 'all' };
/** The answer without the time it was counted. */
const figures = <T extends { asOf: string | null }>({ asOf: _, ...rest }: T) => rest;

describe('stored official screens', () => {
	type Ask = (scope: Scope) => Promise<{ asOf: string | null }>;
	/** Answers over tickets: renewed once older than REDGRID_FIGURES_MAX_AGE_SECONDS. */
	const aging: [string, Ask][] = [
		['where tickets wait, per company', (s) => waitingStages({ by: 'company', days: 3660, limit: 50 }, s)],
		['where tickets wait, per cell', (s) => waitingStages({ by: 'grid-cell', days: 90, limit: 8 }, s)],
		[
			'the chart, a year by week',
			(s) => timeseries(TimeseriesQuery.parse({ days: '365', bucket: 'week' }), s)
		],
		['patrol tab', (s) => patrolCoverage(PatrolQuery.parse({}), s)]
	];
	/** Answers over slowly changing data: kept however old until a statement changes a table they read. */
	const byState: [string, Ask, string][] = [
		[
			// its uncovered companies' tickets also age: `asOf` is the older of its two counts
			'party tab',
			(s) => partyCoverage(PartyQuery.parse({}), s),
			`UPDATE party_orgs SET name = name WHERE id = (SELECT min(id) FROM party_orgs)`
		],
		[
			'party by month',
			(s) => partyMonthly(PartyMonthlyQuery.parse({ months: '6' }), s),
			`UPDATE property_companies SET name = name WHERE id = (SELECT min(id) FROM property_companies)`
		],
		[
			'governance figures',
			(s) => governanceFigures(FiguresQuery.parse({}), s),
			`UPDATE joint_meetings SET status = status WHERE id = (SELECT min(id) FROM joint_meetings)`
		]
	];

	it.each(aging)(
		'%s: the stored answer equals a fresh count, is read again while young, renewed once old',
		async (_, ask) => {
			const fresh = await ask(ALL); // REDGRID_FIGURES_MAX_AGE_SECONDS=0: counted now
			await withStoredFigures(async () => {
				const first = await ask(ALL);
				expect(first.asOf).not.toBeNull();
				expect(figures(first)).toEqual(figures(fresh));
				const second = await ask(ALL);
				expect(second.asOf).toBe(first.asOf);
				await ageStoredFigures(400);
				const third = await ask(ALL);
				expect(Date.parse(third.asOf!)).toBeGreaterThan(Date.parse(first.asOf!));
			});
		}
	);

	it.each(byState)(
		'%s: the stored answer equals a fresh count, is read however old, renewed once its data changes',
		async (_, ask, change) => {
			const fresh = await ask(ALL);
			await withStoredFigures(async () => {
				const first = await ask(ALL);
				expect(figures(first)).toEqual(figures(fresh));
				await ageStoredFigures(400);
				const second = await ask(ALL);
				expect(Date.parse(second.asOf!)).toBe(Date.parse(first.asOf!) - 400_000);
				await db().query(change);
				const third = await ask(ALL);
				expect(Date.parse(third.asOf!)).toBeGreaterThan(Date.parse(first.asOf!));
				expect(figures(third)).toEqual(figures(fresh));
			});
		}
	);

	it('counts a meeting recorded a moment ago in the governance figures at once', async () => {
		await withStoredFigures(async () => {
			const before = await governanceFigures(FiguresQuery.parse({}), ALL);
			const { rows } = await db().query<{ id: number }>(
				`INSERT INTO joint_meetings (community_id, title, held_on, status, community_attendees, committee_attendees, company_attendees, department_attendees)
				 SELECT id, '联席会议', (now() AT TIME ZONE 'Asia/Shanghai')::date, 'held', 1, 1, 1, 0 FROM areas
				 WHERE level = 'community' AND retired_at IS NULL ORDER BY id LIMIT 1 RETURNING id`
			);
			try {
				const after = await governanceFigures(FiguresQuery.parse({}), ALL);
				expect(after.area.meetings).toBe(before.area.meetings + 1);
			} finally {
				await db().query(`DELETE FROM joint_meetings WHERE id = $1`, [rows[0].id]);
			}
		});
	});

	it('keeps an official apart from the city: where tickets wait is stored per scope', async () => {
		const jizhou = scopeOf(await demoUser('jizhou'));
		await withStoredFigures(async () => {
			const city = await waitingStages({ by: 'company', days: 3660, limit: 500 }, ALL);
			const own = await waitingStages({ by: 'company', days: 3660, limit: 500 }, jizhou);
			const sum = (r: typeof city) => r.rows.reduce((s, x) => s + x.tickets, 0);
			const { rows } = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets`);
			expect(sum(city)).toBe(rows[0].n);
			expect(sum(own)).toBeLessThan(sum(city));
			expect(sum(own)).toBeGreaterThan(0);
		});
	});

	it('limits the patrol cells to the least patrolled, and says how many there are', async () => {
		const all = await patrolCoverage(PatrolQuery.parse({ limit: '50000' }), ALL);
		const cut = await patrolCoverage(PatrolQuery.parse({ limit: '3' }), ALL);
		expect(all.cellsTotal).toBe(all.cells.length);
		expect(cut.cellsTotal).toBe(all.cellsTotal);
		expect(cut.cells).toEqual(all.cells.slice(0, 3));
		// the least patrolled first: shares never rise down the list
		const shares = all.cells.map((c) => c.share ?? 0);
		expect(shares).toEqual([...shares].sort((a, b) => b - a));
		// the totals and the children still count every cell
		expect(cut.total).toEqual(all.total);
		expect(cut.children.reduce((s, c) => s + c.cells, 0)).toBe(all.cellsTotal);
	});
});

describe('snapshot', () => {
	it('reads a newer answer stored by another instance, and keeps its own copy while it is unchanged', async () => {
		const key = questionKey('test/stored', 1);
		let counts = 0;
		const count = async () => ({ n: ++counts });
		await withStoredFigures(async () => {
			const a = await snapshot(key, count);
			expect(a.value).toEqual({ n: 1 });
			const b = await snapshot(key, count);
			expect(b.value).toEqual({ n: 1 });
			expect(b.asOf.getTime()).toBe(a.asOf.getTime());
			// another instance renews it
			await db().query(
				`UPDATE figure_snapshots SET body = '{"n": 42}', computed_at = computed_at + interval '1 second' WHERE key = $1`,
				[key]
			);
			const c = await snapshot(key, count);
			expect(c.value).toEqual({ n: 42 });
			expect(c.asOf.getTime()).toBe(a.asOf.getTime() + 1000);
			expect(counts).toBe(1);
		});
	});

	it('renews in the background what was asked lately: an answer near its age, or one whose data moved', async () => {
		await withStoredFigures(async () => {
			let n = 0;
			let m = 0;
			let state = 'a';
			const timeKey = questionKey('test/keeper-time', 1);
			const stateKey = questionKey('test/keeper-state', 1);
			const ask = () =>
				Promise.all([
					snapshot(timeKey, async () => ({ n: ++n })),
					snapshot(stateKey, async () => ({ m: ++m }), { state: async () => state })
				]);
			await ask();
			// both fresh: nothing to renew
			let renewed = await renewAsked();
			expect(renewed).not.toContain(timeKey);
			expect(renewed).not.toContain(stateKey);
			// 250 s of 300: past four fifths; the other one's data moved
			await db().query(
				`UPDATE figure_snapshots SET computed_at = computed_at - interval '250 seconds' WHERE key = $1`,
				[timeKey]
			);
			state = 'b';
			renewed = await renewAsked();
			expect(renewed).toContain(timeKey);
			expect(renewed).toContain(stateKey);
			expect([n, m]).toEqual([2, 2]);
			// the next request reads the renewed answers without counting
			const [a, b] = await ask();
			expect([a.value, b.value, n, m]).toEqual([{ n: 2 }, { m: 2 }, 2, 2]);
		});
	});

	it('names a question by its parts: the same parts the same key, others another', () => {
		expect(questionKey('x', 1, { kind: 'all' })).toBe(questionKey('x', 1, { kind: 'all' }));
		expect(questionKey('x', 1, { kind: 'area', areaId: 2 })).not.toBe(questionKey('x', 1, { kind: 'all' }));
		expect(questionKey('x', 1)).toMatch(/^x:[0-9a-f]{64}$/);
	});
});
