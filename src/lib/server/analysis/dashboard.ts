// The dashboard of an area: KPIs of the area and of each child (the ranking table), the fee trend and
// tickets per category over time. Rates are derived here from counts that add up across children.
import { z } from 'zod';
import { decimal } from '../input';
import type { KpiCounts } from '$lib/analysis/types';
import type { Scope } from '../auth/roles';
import { AreaParam, byChild, frameOf } from './frame';
import { analysisQuery } from './query';
import { questionKey, snapshot } from './snapshot';
import dashboardSql from './dashboard.sql?raw';
import dashboardLiveSql from './dashboard-live.sql?raw';
import feeTrendSql from './fee-trend.sql?raw';
import timeseriesSql from './timeseries.sql?raw';

export const DashboardQuery = z.object({
	area: AreaParam,
	days: decimal(z.number().int().min(1).max(366).default(30))
});

export interface Kpis extends KpiCounts {
	partyCoverage: number | null;
	onTimeRate: number | null;
	satisfaction: number | null;
	feeRate: number | null;
}

const share = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

/** Rates from counts (pure; unit-tested). */
export function withRates(c: KpiCounts): Kpis {
	return {
		...c,
		partyCoverage: share(c.companiesWithParty, c.companies),
		onTimeRate: share(c.resolvedOnTime, c.resolved),
		satisfaction: c.rated > 0 ? Math.round((c.satisfactionSum / c.rated) * 100) / 100 : null,
		feeRate: share(c.feeCollected, c.feeDue)
	};
}

const EMPTY: KpiCounts = {
	compounds: 0,
	households: 0,
	buildings: 0,
	companies: 0,
	companiesWithParty: 0,
	crossAppointments: 0,
	open: 0,
	overdue: 0,
	atRisk: 0,
	closedThisMonth: 0,
	created: 0,
	resolved: 0,
	resolvedOnTime: 0,
	medianResolutionHours: null,
	medianResponseHours: null,
	rated: 0,
	satisfactionSum: 0,
	feeDue: 0,
	feeCollected: 0
};

type LiveCounts = Pick<KpiCounts, 'open' | 'overdue' | 'atRisk'>;

/**
 * The dashboard of an area: the open, overdue and at-risk tickets counted on every request
 * (dashboard-live.sql, open tickets only); every other figure and the fee trend read whole tables or
 * every ticket of the window (seconds at city scale), so their answer is kept (snapshot.ts) and
 * `figuresAsOf` says when it was counted.
 */
export async function dashboard(q: z.infer<typeof DashboardQuery>, scope: Scope) {
	const frame = await frameOf(q.area, scope);
	const [live, stored, trend] = await Promise.all([
		analysisQuery<LiveCounts & { key: number }>(dashboardLiveSql, [frame.area.id]),
		snapshot(`analysis/dashboard:${frame.area.id}:${q.days}`, () =>
			analysisQuery<Omit<KpiCounts, keyof LiveCounts> & { key: number }>(dashboardSql, [
				frame.area.id,
				q.days
			])
		),
		snapshot(`analysis/fee-trend:${frame.area.id}:12`, () =>
			analysisQuery<{ month: string; due: number; collected: number }>(feeTrendSql, [frame.area.id, 12])
		)
	]);
	const liveAt = new Map(live.map((r) => [Number(r.key), r]));
	const rows = stored.value.map((r) => ({
		...r,
		open: 0,
		overdue: 0,
		atRisk: 0,
		...liveAt.get(Number(r.key))
	}));
	const { total, children } = byChild(frame, rows, () => ({ ...EMPTY }));
	return {
		area: frame.area,
		days: q.days,
		/** when the figures other than open / overdue / at risk were counted (ISO 8601) */
		figuresAsOf: (stored.asOf < trend.asOf ? stored.asOf : trend.asOf).toISOString(),
		kpis: withRates(total),
		children: children.map((c) => ({ area: c.area, ...withRates(c) })),
		feeTrend: trend.value.map((m) => ({ ...m, rate: share(m.collected, m.due) }))
	};
}

export const TimeseriesQuery = z.object({
	area: AreaParam,
	days: decimal(z.number().int().min(1).max(731).default(90)),
	bucket: z.enum(['day', 'week']).default('day')
});

export async function timeseries(q: z.infer<typeof TimeseriesQuery>, scope: Scope) {
	const frame = await frameOf(q.area, scope);
	// every ticket of the window (a year by week: 1.4 s for the city at scale 40): kept as the KPIs are
	const stored = await snapshot(questionKey('analysis/timeseries', frame.area.id, q.days, q.bucket), () =>
		analysisQuery<{ bucket: string; category: string | null; tickets: number }>(timeseriesSql, [
			frame.area.id,
			q.days,
			q.bucket
		])
	);
	const rows = stored.value;
	const buckets = [...new Set(rows.map((r) => r.bucket))];
	const at = new Map(buckets.map((b, i) => [b, i]));
	const series = new Map<string, number[]>();
	for (const r of rows) {
		if (!r.category) continue;
		if (!series.has(r.category))
			series.set(
				r.category,
				buckets.map(() => 0)
			);
		series.get(r.category)![at.get(r.bucket)!] = r.tickets;
	}
	return {
		area: frame.area,
		bucket: q.bucket,
		/** when the counts were made (ISO 8601; kept at most REDGRID_FIGURES_MAX_AGE_SECONDS) */
		asOf: stored.asOf.toISOString(),
		buckets,
		series: [...series].map(([category, counts]) => ({ category, counts }))
	};
}
