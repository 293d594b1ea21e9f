// The weekly briefing (通报) of an area: the dashboard's KPIs over the last 7 days with the ranking of
// its children, the companies without a party organization of their own (with households), and the
// most overdue open tickets (only for roles that see single tickets, in their scope).
import { z } from 'zod';
import type { Scope } from '../auth/roles';
import { sees, SqlWhere, whereTickets } from '../auth/scope';
import { db } from '../db/pool';
import { companyList } from '../companies/service';
import { dashboard } from './dashboard';
import { AreaParam } from './frame';
import overdueSql from './overdue.sql?raw';

export const BriefingQuery = z.object({ area: AreaParam });

export interface OverdueTicket {
	id: number;
	code: string;
	category: string;
	compound: string | null;
	company: string | null;
	hoursOverdue: number;
}

/** The briefing of `areaId` (default: the user's own area, or the city) over the 7 days to `now`. */
export async function briefing(areaId: number | undefined, scope: Scope) {
	const days = 7;
	const [dash, companies] = await Promise.all([
		dashboard({ area: areaId, days }, scope),
		companyList({ area: areaId, days, format: 'json' }, scope)
	]);
	let overdue: OverdueTicket[] = [];
	if (sees(scope, 'tickets')) {
		const w = whereTickets(scope, 'tickets', new SqlWhere([dash.area.id, 10]));
		overdue = (await db().query<OverdueTicket>(overdueSql.replace('/*scope*/', w.sql), w.params)).rows;
	}
	const to = new Date();
	const from = new Date(to.getTime() - (days - 1) * 86_400_000);
	const day = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(d);
	return {
		area: dash.area,
		from: day(from),
		to: day(to),
		kpis: dash.kpis,
		children: dash.children,
		uncovered: companies.companies.filter((c) => c.partyStatus === 'none' || c.partyStatus === 'instructor'),
		classes: companies.classes,
		overdue
	};
}
