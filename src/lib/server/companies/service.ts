// Property companies for officials: the list of the companies in the viewer's area with their
// service figures and the ranking, and one company's scorecard; JSON and CSV. A company is counted
// only on its compounds inside the viewer's area ("n of m compounds" when it also works elsewhere),
// and compared with the household-weighted average of the area's companies (figures.ts).
import { z } from 'zod';
import type { Scope } from '../auth/roles';
import { sees } from '../auth/scope';
import { AreaParam, frameOf } from '../analysis/frame';
import { analysisQuery } from '../analysis/query';
import { snapshot } from '../analysis/snapshot';
import { db } from '../db/pool';
import { InputError } from '../http';
import { toCsv } from '$lib/analysis/csv';
import { PARTY_STATUSES } from '$lib/codes';
import type {
	CompanyCard,
	CompanyList,
	CompanyPerson as Person,
	CompanyRow,
	CompanyServiceCounts
} from '$lib/analysis/companies';
import { beijingDay } from '$lib/days';
import {
	NO_SERVICE,
	figuresOf,
	rank,
	weightedAverage,
	type CompanyCounts,
	type CompanyFigures,
	type PartyStatus
} from './figures';

export type { CompanyCard, CompanyList, CompanyRow };
import listSql from './list.sql?raw';
import listTicketsSql from './list-tickets.sql?raw';
import cardSql from './card.sql?raw';
import cardFeesSql from './card-fees.sql?raw';

export const CompaniesQuery = z.object({
	area: AreaParam,
	/** the service figures' window in days (tickets filed, resolved, rated) */
	days: z.coerce.number().int().min(7).max(366).default(90),
	status: z.enum(PARTY_STATUSES).optional(),
	/** `classes`: only the companies per party class (the map's legend), without the service figures */
	only: z.enum(['classes']).optional(),
	format: z.enum(['json', 'csv']).default('json')
});
export type CompaniesQuery = z.infer<typeof CompaniesQuery>;

export const RANKING_RULE =
	'companies with no party organization first, then instructor-only, then own or joint branch; within a class, by how far the ticket rate per 1,000 households exceeds the area average';

type LiveCounts = Omit<CompanyCounts, keyof CompanyServiceCounts>;

/** The companies per party class in the area (GET /api/companies?only=classes): counted live, cheap. */
export async function companyClasses(
	q: CompaniesQuery,
	scope: Scope
): Promise<Pick<CompanyList, 'area' | 'classes'>> {
	const frame = await frameOf(q.area, scope);
	const rows = await analysisQuery<LiveCounts>(listSql, [frame.area.id]);
	return { area: frame.area, classes: classCounts(rows) };
}

function classCounts(rows: { partyStatus: PartyStatus }[]): Record<PartyStatus, number> {
	const classes: Record<PartyStatus, number> = { own: 0, joint: 0, instructor: 0, none: 0 };
	for (const r of rows) classes[r.partyStatus]++;
	return classes;
}

/** The companies in the area (default: the viewer's own area, or the city), ranked. */
export async function companyList(q: CompaniesQuery, scope: Scope): Promise<CompanyList> {
	const frame = await frameOf(q.area, scope);
	// the service figures read every ticket of the window (seconds at city scale): kept (snapshot.ts)
	const [companies, service] = await Promise.all([
		analysisQuery<LiveCounts>(listSql, [frame.area.id]),
		snapshot(`companies/list-tickets:${frame.area.id}:${q.days}`, () =>
			analysisQuery<CompanyServiceCounts & { id: number }>(listTicketsSql, [frame.area.id, q.days])
		)
	]);
	const byId = new Map(service.value.map((s) => [s.id, s]));
	// (NO_SERVICE: a company that took over its first compound after the figures were counted)
	const rows: CompanyCounts[] = companies.map((c) => ({ ...NO_SERVICE, ...byId.get(c.id), ...c }));
	const withFigures = rows.map((r) => ({ ...r, figures: figuresOf(r) }));
	const average = weightedAverage(withFigures);
	const classes = classCounts(rows);
	const ranked = rank(withFigures, average);
	return {
		area: frame.area,
		days: q.days,
		serviceAsOf: service.asOf.toISOString(),
		average,
		classes,
		companies: q.status ? ranked.filter((r) => r.partyStatus === q.status) : ranked
	};
}

/**
 * One company's scorecard in the viewer's area; 404 when it has no compound there. `today`
 * (YYYY-MM-DD, Beijing) dates the owners' committees and the window of joint meetings.
 */
export async function companyCard(
	id: number,
	q: CompaniesQuery,
	scope: Scope,
	today = beijingDay()
): Promise<CompanyCard> {
	const list = await companyList({ ...q, status: undefined }, scope);
	const company = list.companies.find((c) => c.id === id);
	if (!company) {
		const exists = await db().query('SELECT 1 FROM property_companies WHERE id = $1', [id]);
		throw new InputError(
			404,
			'id',
			exists.rowCount
				? `company ${id} manages no compound in ${list.area.name}`
				: `company ${id} does not exist`
		);
	}
	const [{ rows }, fees] = await Promise.all([
		db().query(cardSql, [id, list.area.id, today, q.days]),
		// twelve months of fees of all its compounds (a seq scan for the biggest company): kept
		snapshot(
			`companies/card-fees:${id}:${list.area.id}`,
			async () =>
				(await db().query<{ month: string; due: number; collected: number }>(cardFeesSql, [id, list.area.id]))
					.rows
		)
	]);
	const r = rows[0];
	const compounds: CompanyCard['compounds'] = r.compounds;
	const committees = { active: 0, expired: 0, none: 0, companyMeetings: 0 };
	for (const k of compounds) {
		committees[k.committee]++;
		committees.companyMeetings += k.companyMeetings;
	}
	const names = sees(scope, 'people');
	const person = <P extends Person>(p: P): P => (names ? p : { ...p, name: null, phone: null });
	return {
		area: list.area,
		days: list.days,
		serviceAsOf: list.serviceAsOf,
		feesAsOf: fees.asOf.toISOString(),
		company,
		average: list.average,
		ranked: list.companies.length,
		compounds,
		committees,
		partyOrgs: r.partyOrgs,
		instructors: r.instructors.map(person),
		crossAppointments: r.crossAppointments.map(person),
		feeTrend: fees.value.map((m) => ({
			...m,
			rate: m.due > 0 ? Math.round((m.collected / m.due) * 10_000) / 10_000 : null
		})),
		rule: RANKING_RULE
	};
}

const LIST_HEADER = [
	'rank',
	'id',
	'name',
	'party_status',
	'compounds',
	'compounds_all',
	'households',
	'tickets',
	'tickets_per_1000_households',
	'area_tickets_per_1000_households',
	'excess',
	'on_time_rate',
	'median_response_hours',
	'median_resolution_hours',
	'satisfaction',
	'hotspots',
	'fee_rate'
];

/** The list as CSV (one row per company, the area's averages in their own column where compared). */
export function listCsv(l: CompanyList): string {
	return toCsv(
		LIST_HEADER,
		l.companies.map((c) => [
			c.rank,
			c.id,
			c.name,
			c.partyStatus,
			c.compounds,
			c.compoundsAll,
			c.households,
			c.tickets,
			c.figures.ticketRate,
			l.average.ticketRate,
			c.excess,
			c.figures.onTimeRate,
			c.figures.medianResponseHours,
			c.figures.medianResolutionHours,
			c.figures.satisfaction,
			c.figures.hotspots,
			c.figures.feeRate
		])
	);
}

/**
 * A scorecard as CSV: one row per figure, the company's value beside the area's average; then its
 * work with owners' committees (no area average).
 */
export function cardCsv(c: CompanyCard): string {
	const keys = Object.keys(c.average) as (keyof CompanyFigures)[];
	const own = (figure: string, value: number) => [
		figure,
		value,
		null,
		c.company.compounds,
		c.company.compoundsAll,
		c.area.name
	];
	return toCsv(
		['figure', 'company', 'area_average', 'compounds', 'compounds_all', 'area'],
		[
			...keys.map((k) => [
				k,
				c.company.figures[k],
				c.average[k],
				c.company.compounds,
				c.company.compoundsAll,
				c.area.name
			]),
			own('compounds_committee_in_office', c.committees.active),
			own('compounds_committee_expired', c.committees.expired),
			own('compounds_without_committee', c.committees.none),
			own('joint_meetings_attended', c.committees.companyMeetings)
		]
	);
}
