// The field worker's zone: a grid worker's cells (or a steward's buildings), the buildings and
// households in them, their open tickets by urgency and distance, and a suggested patrol route.
import { z } from 'zod';
import { decimal } from '../input';
import { db, type Queryable } from '../db/pool';
import { InputError } from '../http';
import type { Scope, SessionUser } from '../auth/roles';
import { SqlWhere, whereTickets, zoneScope, type ZoneScope } from '../auth/scope';
import selectSql from '../tickets/select.sql?raw';
import gridSql from './zone-grid.sql?raw';
import stewardSql from './zone-steward.sql?raw';
import buildingsSql from './zone-buildings.sql?raw';
import ticketsSql from './zone-tickets.sql?raw';
import { suggestRoute } from '../../field/route';
import type { Zone, ZoneBuilding as ApiZoneBuilding, ZoneTicket } from '../../api-types';

export const ZoneQuery = z.object({
	lon: decimal(z.number().min(-180).max(180).optional()),
	lat: decimal(z.number().min(-90).max(90).optional()),
	cell: decimal(z.number().int().positive().max(2_147_483_647).optional())
});
export type ZoneQuery = z.infer<typeof ZoneQuery>;

/** The zone's (building, cell) pairs as SQL with its parameters ($1 person, $2 cell or null). */
export const zoneSql = (scope: ZoneScope) => (scope.kind === 'grid_cells' ? gridSql : stewardSql);

/** Refuses (403) a cell outside the worker's zone, so another zone's tickets are never listed. */
async function assertCell(q: Queryable, scope: ZoneScope, cell: number | undefined) {
	if (cell === undefined) return;
	const { rows } = await q.query(`SELECT 1 FROM (${zoneSql(scope)}) zb WHERE zb.cell_id = $2 LIMIT 1`, [
		scope.personId,
		cell
	]);
	if (rows.length) return;
	if (scope.kind === 'grid_cells') {
		const own = await q.query('SELECT 1 FROM grid_cells WHERE id = $1 AND worker_id = $2', [
			cell,
			scope.personId
		]);
		if (own.rows.length) return; // their cell, with no buildings in it
	}
	const exists = await q.query('SELECT 1 FROM grid_cells WHERE id = $1', [cell]);
	if (!exists.rows.length) throw new InputError(404, 'cell', `grid cell ${cell} does not exist`);
	throw new InputError(403, 'cell', `grid cell ${cell} is outside your zone`, undefined, {
		reason: 'outside_zone'
	});
}

/** A building of the zone (the API's shape, times still Date until serialised). */
export type ZoneBuilding = ApiZoneBuilding<Date | string>;

export async function zoneBuildings(scope: ZoneScope, cell?: number, q: Queryable = db()) {
	const { rows } = await q.query<ZoneBuilding>(`WITH zb AS (${zoneSql(scope)}) ${buildingsSql}`, [
		scope.personId,
		cell ?? null
	]);
	return rows;
}

/** The zone of a grid worker or steward (GET /api/me/zone); 403 for any other scope or a cell outside it. */
export async function myZone(
	user: SessionUser,
	scope: Scope,
	query: ZoneQuery
): Promise<Zone<Date | string>> {
	const fs = zoneScope(scope);
	await assertCell(db(), fs, query.cell);
	const here = query.lon !== undefined && query.lat !== undefined ? [query.lon, query.lat] : null;
	const buildings = await zoneBuildings(fs, query.cell);

	const cellIds =
		fs.kind === 'grid_cells'
			? (
					await db().query<{ id: number }>(
						'SELECT id FROM grid_cells WHERE worker_id = $1 AND retired_at IS NULL AND ($2::int IS NULL OR id = $2)',
						[fs.personId, query.cell ?? null]
					)
				).rows.map((r) => r.id)
			: [...new Set(buildings.map((b) => b.cellId).filter((c): c is number => c !== null))];
	const { rows: cells } = await db().query(
		`SELECT c.id, c.code, c.name, ST_AsGeoJSON(c.geom, 6)::json AS geometry FROM grid_cells c
		 WHERE c.id = ANY($1::int[]) ORDER BY c.code`,
		[cellIds]
	);
	for (const c of cells) {
		const inCell = buildings.filter((b) => b.cellId === c.id);
		c.buildings = inCell.length;
		c.households = inCell.reduce((n, b) => n + b.households, 0);
	}

	// open tickets of the scope (the same rule as /api/tickets): overdue first, then due soonest, then nearest
	const w = whereTickets(
		scope,
		'tickets',
		new SqlWhere([fs.personId, query.cell ?? null, here?.[0] ?? null, here?.[1] ?? null])
	);
	const { rows: tickets } = await db().query<ZoneTicket<Date | string>>(
		`WITH zb AS (${zoneSql(fs)}) ${ticketsSql.replace('/*select*/', selectSql).replace('/*scope*/ true', w.sql)}`,
		w.params
	);

	const since = Date.now() - 7 * 86_400_000;
	const openPatrol = (
		await db().query(
			`SELECT id, started_at AS "startedAt" FROM patrols WHERE worker_id = $1 AND ended_at IS NULL`,
			[fs.personId]
		)
	).rows[0];
	return {
		worker: { personId: fs.personId, name: user.displayName, kind: fs.kind },
		summary: {
			cells: cells.length,
			buildings: buildings.length,
			households: buildings.reduce((n, b) => n + b.households, 0),
			openTickets: tickets.length,
			overdueTickets: tickets.filter((t) => t.overdue).length,
			visitedLast7Days: buildings.filter(
				(b) => b.lastCheckinAt && new Date(b.lastCheckinAt).getTime() >= since
			).length
		},
		cells,
		buildings,
		tickets,
		openPatrol: openPatrol ?? null
	};
}

const ROUTE_STOPS = 12;

/**
 * Today's suggested patrol: the zone's buildings with open tickets, then those not visited for the
 * longest (never visited first), up to 12 stops, in a short walking order from where the worker is.
 */
export async function suggestedRoute(scope: Scope, query: ZoneQuery) {
	const fs = zoneScope(scope);
	await assertCell(db(), fs, query.cell);
	const buildings = await zoneBuildings(fs, query.cell);
	const byNeed = [...buildings].sort(
		(a, b) =>
			Number(b.openTickets > 0) - Number(a.openTickets > 0) ||
			(a.lastCheckinAt ? new Date(a.lastCheckinAt).getTime() : 0) -
				(b.lastCheckinAt ? new Date(b.lastCheckinAt).getTime() : 0) ||
			a.id - b.id
	);
	const withTickets = byNeed.filter((b) => b.openTickets > 0);
	const picked = byNeed.slice(0, Math.max(ROUTE_STOPS, withTickets.length));
	const start =
		query.lon !== undefined && query.lat !== undefined
			? { lon: query.lon, lat: query.lat }
			: picked.length
				? {
						lon: picked.reduce((s, b) => s + b.lon, 0) / picked.length,
						lat: picked.reduce((s, b) => s + b.lat, 0) / picked.length
					}
				: null;
	if (!start) return { start: null, stops: [], lengthM: 0, nearestNeighbourM: 0 };
	const route = suggestRoute(
		start,
		picked.map((b) => ({
			buildingId: b.id,
			code: b.code,
			label: `${b.compound} ${b.number}`,
			lon: b.lon,
			lat: b.lat,
			openTickets: b.openTickets,
			lastCheckinAt: b.lastCheckinAt,
			reason: b.openTickets > 0 ? ('tickets' as const) : ('unvisited' as const)
		}))
	);
	return { start, ...route };
}
