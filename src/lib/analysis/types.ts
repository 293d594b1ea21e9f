// Shapes of the analysis and coverage API answers, as the browser sees them (the party coverage's are
// in $lib/api-types, shared with the server).
import type { AreaRef } from '$lib/api-types';

/** A column of a dashboard table (DataTable.svelte). */
export interface Column<R> {
	key: string;
	label: string;
	value: (r: R) => number | string | null;
	format?: (v: number | string | null) => string;
}

/** The counted figures of an area (the server adds rates; see src/lib/server/analysis/dashboard.ts). */
export interface KpiCounts {
	compounds: number;
	households: number;
	buildings: number;
	companies: number;
	companiesWithParty: number;
	crossAppointments: number;
	open: number;
	overdue: number;
	/** open, not yet due, past the category's warn share of the time */
	atRisk: number;
	closedThisMonth: number;
	created: number;
	resolved: number;
	resolvedOnTime: number;
	medianResolutionHours: number | null;
	medianResponseHours: number | null;
	rated: number;
	satisfactionSum: number;
	feeDue: number;
	feeCollected: number;
}

export interface Kpis extends KpiCounts {
	area?: AreaRef;
	partyCoverage: number | null;
	onTimeRate: number | null;
	satisfaction: number | null;
	feeRate: number | null;
}

export interface DashboardData {
	area: AreaRef;
	days: number;
	/**
	 * when every figure but the open, overdue and at-risk tickets (counted live) was counted (ISO
	 * 8601; kept at most REDGRID_FIGURES_MAX_AGE_SECONDS)
	 */
	figuresAsOf: string;
	kpis: Kpis;
	children: Kpis[];
	feeTrend: { month: string; due: number; collected: number; rate: number | null }[];
}

export interface TimeseriesData {
	buckets: string[];
	series: { category: string; counts: number[] }[];
}

export interface FacilityData {
	/** the reach rule in force: 'network' (walks over the road network) or 'straight-line × detour' */
	method: string;
	/** walk_rule(): 'network', 'no-pgrouting', 'no-network' */
	network?: string;
	/** when these counts were made (ISO 8601): they are kept a few minutes */
	asOf: string;
	rules: { type: string; lifeCircle: string; walkM: number; detour: number }[];
	total: {
		type: string;
		households: number;
		reached: number;
		share: number | null;
		/** of the households, those measured by walks over the network (the rest: straight line × detour) */
		networkHouseholds: number;
	}[];
	children: { area: AreaRef; types: { type: string; share: number | null }[] }[];
}

export interface StewardData {
	maxHouseholds: number;
	/** when the counts were made (ISO 8601): they are kept a few minutes (REDGRID_FIGURES_MAX_AGE_SECONDS) */
	asOf: string;
	children: {
		area: AreaRef;
		buildings: number;
		buildingsWithoutSteward: number;
		householdsWithoutSteward: number;
		householdsOutsideCells: number;
		cells: number;
		cellsWithoutWorker: number;
		cellsOverCapacity: number;
	}[];
}

export interface PatrolData {
	days: number;
	/** when the counts were made (ISO 8601); null when counted for the request (a grid worker's own) */
	asOf: string | null;
	total: { share: number | null };
	/** per child area: its cells, buildings and those not checked in at */
	children: { area: AreaRef; cells: number; buildings: number; unchecked: number; share: number | null }[];
	/** the least patrolled cells first, at most `limit` (200) of the `cellsTotal` */
	cells: {
		code: string;
		name: string;
		buildings: number;
		unchecked: number;
		share: number | null;
	}[];
	cellsTotal: number;
}
