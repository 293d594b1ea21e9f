// Areas: the city → district → street → community tree, and the KPIs of a subtree.
import { error } from '@sveltejs/kit';
import { db } from '../db/pool';
import { assertAreaInScope } from '../auth/scope';
import type { Scope } from '../auth/roles';
import summarySql from './summary.sql?raw';

export interface AreaRow {
	id: number;
	code: string;
	name: string;
	level: 'city' | 'district' | 'street' | 'community';
	parentId: number | null;
	households: number | null;
}

export async function listAreas(filter: { parentId?: number; level?: AreaRow['level'] }): Promise<AreaRow[]> {
	const { rows } = await db().query<AreaRow>(
		`SELECT id, code, name, level, parent_id AS "parentId", households FROM areas
		 WHERE retired_at IS NULL AND ($1::int IS NULL OR parent_id = $1) AND ($2::text IS NULL OR level = $2)
		 ORDER BY code`,
		[filter.parentId ?? null, filter.level ?? null]
	);
	return rows;
}

export interface AreaSummary {
	area: AreaRow;
	compounds: number;
	households: number;
	buildings: number;
	companies: number;
	companiesWithParty: number;
	openTickets: number;
	overdueTickets: number;
	ticketsLast30Days: number;
	onTimeRate: number | null;
}

export async function areaSummary(areaId: number, scope: Scope): Promise<AreaSummary> {
	const { rows: areas } = await db().query<AreaRow>(
		`SELECT id, code, name, level, parent_id AS "parentId", households FROM areas WHERE id = $1`,
		[areaId]
	);
	if (!areas[0]) error(404, `area ${areaId} does not exist`);
	await assertAreaInScope(db(), scope, areaId);
	const { rows } = await db().query(summarySql, [areaId]);
	const r = rows[0];
	return {
		area: areas[0],
		compounds: r.compounds,
		households: r.households,
		buildings: r.buildings,
		companies: r.companies,
		companiesWithParty: r.companies_with_party,
		openTickets: r.open_tickets,
		overdueTickets: r.overdue_tickets,
		ticketsLast30Days: r.tickets_last_30_days,
		onTimeRate: r.on_time_rate
	};
}
