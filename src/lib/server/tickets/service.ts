// Tickets: intake (routing, SLA, duplicates, idempotency) and the workflow, each in one transaction.
import type pg from 'pg';
import { z } from 'zod';
import { decimal, text } from '../input';
import { db, withTransaction } from '../db/pool';
import { InputError } from '../http';
import { maskName, maskPhone, scopeOf, seesPersonalData, type Scope, type SessionUser } from '../auth/roles';
import { ticketScopeCondition } from '../auth/scope';
import { dueTimes, WorkingCalendar, type SlaRule } from './sla';
import { decide, OPEN_STATUSES, STATUSES, type ActionInput } from './workflow';
import routeSql from './route.sql?raw';
import duplicateSql from './duplicate.sql?raw';
import selectSql from './select.sql?raw';
import { TICKET_CATEGORIES as CATEGORIES, type TicketCategory as Category } from '../../tickets/categories';

export { TICKET_CATEGORIES as CATEGORIES } from '../../tickets/categories';
export type { TicketCategory as Category } from '../../tickets/categories';
export const SOURCES = ['ui', 'api', 'open311', 'hotline', 'simulator'] as const;

export const NewTicket = z.object({
	category: z.enum(CATEGORIES),
	description: text({ max: 4000, multiline: true }),
	lon: decimal(z.number().min(-180).max(180)),
	lat: decimal(z.number().min(-90).max(90)),
	reporterName: text({ max: 50 }).optional(),
	reporterPhone: z
		.string()
		.trim()
		.regex(/^[0-9+\- ]{5,20}$/, 'digits, spaces, + and - only (5–20)')
		.optional()
});
export type NewTicket = z.infer<typeof NewTicket>;

/** A request the server refuses: status and the field that is wrong. */
export class TicketError extends InputError {}

export interface Ticket {
	id: number;
	code: string;
	category: Category;
	status: (typeof STATUSES)[number];
	lon: number;
	lat: number;
	assigneeId: number | null;
	duplicateOf: number | null;
	overdue: boolean;
	reporterName: string | null;
	reporterPhone: string | null;
	[key: string]: unknown;
}

async function slaFor(c: pg.PoolClient, category: Category): Promise<SlaRule> {
	const { rows } = await c.query(
		`SELECT category, urgency, accept_hours AS "acceptHours", resolve_hours AS "resolveHours",
		 resolve_working_days AS "resolveWorkingDays" FROM sla_rules WHERE category = $1`,
		[category]
	);
	if (!rows[0]) throw new TicketError(422, 'category', `no SLA rule for ${category}`);
	return rows[0];
}

export async function workingCalendar(q: pg.Pool | pg.PoolClient = db()): Promise<WorkingCalendar> {
	const { rows } = await q.query<{ day: string; is_working: boolean }>(
		`SELECT to_char(day, 'YYYY-MM-DD') AS day, is_working FROM working_calendar`
	);
	return new WorkingCalendar(new Map(rows.map((r) => [r.day, r.is_working])));
}

async function insertEvent(
	c: pg.PoolClient,
	e: {
		ticketId: number;
		districtId: number;
		kind: string;
		from: string | null;
		to: string | null;
		actor: number | null;
		note: string | null;
	}
) {
	await c.query(
		`INSERT INTO ticket_events (ticket_id, district_id, kind, from_status, to_status, actor_user_id, note) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		[e.ticketId, e.districtId, e.kind, e.from, e.to, e.actor, e.note]
	);
}

export interface Created {
	ticket: Ticket;
	duplicateOf: number | null;
	queued: boolean;
}

/**
 * Files a ticket: routes its point (PostGIS), sets its SLA, links a likely duplicate, writes the
 * ticket and its first events, all in one transaction. Intake of one category is serialised by an
 * advisory lock so that two reports arriving together still see each other as duplicates.
 */
export async function createTicket(
	input: NewTicket,
	actor: SessionUser | null,
	source: (typeof SOURCES)[number],
	extra: { photo?: string; idempotencyKey?: string } = {}
): Promise<Created & { replayed?: boolean }> {
	return withTransaction(async (c) => {
		if (extra.idempotencyKey && actor) {
			const claimed = await c.query(
				`INSERT INTO idempotency_keys (user_id, key, status, response) VALUES ($1, $2, 0, '{}') ON CONFLICT DO NOTHING RETURNING 1`,
				[actor.id, extra.idempotencyKey]
			);
			if (claimed.rowCount === 0) {
				const { rows } = await c.query(
					'SELECT response FROM idempotency_keys WHERE user_id = $1 AND key = $2',
					[actor.id, extra.idempotencyKey]
				);
				return { ...(rows[0].response as Created), replayed: true };
			}
		}
		await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ticket-intake:${input.category}`]);
		const route = (await c.query(routeSql, [input.lon, input.lat])).rows[0];
		if (!route.district_id)
			throw new TicketError(422, 'location', `(${input.lon}, ${input.lat}) is outside the city`);
		const rule = await slaFor(c, input.category);
		const now: Date = (await c.query('SELECT now() AS now')).rows[0].now;
		const { acceptDueAt, dueAt } = dueTimes(now, rule, await workingCalendar(c));
		const duplicateOf: number | null =
			(await c.query(duplicateSql, [input.lon, input.lat, input.category])).rows[0]?.id ?? null;
		const id: number = (await c.query(`SELECT nextval(pg_get_serial_sequence('tickets', 'id')) AS id`))
			.rows[0].id;
		const status = route.worker_id ? 'assigned' : 'new';
		await c.query(
			`INSERT INTO tickets (id, district_id, code, category, urgency, status, description, reporter_name, reporter_phone, source, geom,
			   street_id, community_id, grid_cell_id, compound_id, building_id, company_id, assignee_id, created_at, accept_due_at, due_at,
			   duplicate_of, photo)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ST_SetSRID(ST_MakePoint($11, $12), 4326), $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)`,
			[
				id,
				route.district_id,
				`RG${id}`,
				input.category,
				rule.urgency,
				status,
				input.description,
				input.reporterName ?? null,
				input.reporterPhone ?? null,
				source,
				input.lon,
				input.lat,
				route.street_id,
				route.community_id,
				route.grid_cell_id,
				route.compound_id,
				route.building_id,
				route.company_id,
				route.worker_id,
				now,
				acceptDueAt,
				dueAt,
				duplicateOf,
				extra.photo ?? null
			]
		);
		const base = { ticketId: id, districtId: route.district_id, actor: actor?.id ?? null };
		await insertEvent(c, {
			...base,
			kind: 'created',
			from: null,
			to: 'new',
			note: duplicateOf ? `likely duplicate of ticket ${duplicateOf}` : null
		});
		if (route.worker_id)
			await insertEvent(c, {
				...base,
				kind: 'assigned',
				from: 'new',
				to: 'assigned',
				note: "routed to the grid cell's worker"
			});
		const ticket = await fetchTicket(c, id);
		const created: Created = {
			ticket: present(ticket, actor ? await inScope(c, actor, id) : false),
			duplicateOf,
			queued: status === 'new'
		};
		if (extra.idempotencyKey && actor) {
			await c.query(
				'UPDATE idempotency_keys SET status = 201, response = $3 WHERE user_id = $1 AND key = $2',
				[actor.id, extra.idempotencyKey, JSON.stringify(created)]
			);
		}
		return created;
	});
}

async function fetchTicket(q: pg.Pool | pg.PoolClient, id: number, forUpdate = false): Promise<Ticket> {
	const { rows } = await q.query<Ticket>(`${selectSql} WHERE t.id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [
		id
	]);
	if (!rows[0]) throw new TicketError(404, 'id', `ticket ${id} does not exist`);
	return rows[0];
}

async function inScope(q: pg.Pool | pg.PoolClient, user: SessionUser, id: number): Promise<boolean> {
	const scope = scopeOf(user);
	if (!seesPersonalData(scope)) return false;
	const cond = ticketScopeCondition(scope, 2);
	const { rows } = await q.query(`SELECT 1 FROM tickets t WHERE t.id = $1 AND ${cond.sql}`, [
		id,
		...cond.params
	]);
	return rows.length > 0;
}

/** Residents' name and phone are shown only inside the viewer's scope; masked otherwise. */
function present(t: Ticket, personal: boolean): Ticket {
	return personal
		? t
		: { ...t, reporterName: maskName(t.reporterName), reporterPhone: maskPhone(t.reporterPhone) };
}

/** One ticket, if it is in the scope (403 when it exists outside it). */
export async function getTicket(id: number, scope: Scope): Promise<Ticket> {
	if (scope.kind === 'aggregates') throw new TicketError(403, 'id', 'planners see aggregated figures only');
	const cond = ticketScopeCondition(scope, 2);
	const { rows } = await db().query<Ticket>(`${selectSql} WHERE t.id = $1 AND ${cond.sql}`, [
		id,
		...cond.params
	]);
	if (rows[0]) return rows[0];
	await fetchTicket(db(), id); // 404 when it does not exist at all
	throw new TicketError(403, 'id', `ticket ${id} is outside your scope`);
}

export const TicketQuery = z.object({
	status: z.enum([...STATUSES, 'open']).optional(),
	category: z.enum(CATEGORIES).optional(),
	overdue: z.enum(['true', 'false']).optional(),
	gridCell: decimal(z.number().int().positive().optional()),
	bbox: z
		.string()
		.regex(/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/, 'minLon,minLat,maxLon,maxLat')
		.transform((s) => s.split(',').map(Number))
		.refine(
			([a, b, c, d]) => a < c && b < d && a >= -180 && c <= 180 && b >= -90 && d <= 90,
			'min must be below max, within lon/lat range'
		)
		.optional(),
	limit: decimal(z.number().int().min(1).max(500).default(100)),
	before: decimal(z.number().int().positive().optional())
});

/** Tickets in scope, newest first, keyset-paged by id (`before`). Overdue ones first when asked. */
export async function listTickets(q: z.infer<typeof TicketQuery>, scope: Scope): Promise<Ticket[]> {
	if (scope.kind === 'aggregates')
		throw new TicketError(403, 'scope', 'planners see aggregated figures only');
	const where: string[] = [];
	const params: unknown[] = [];
	const add = (sql: (p: string) => string, v: unknown) => {
		params.push(v);
		where.push(sql(`$${params.length}`));
	};
	if (q.status === 'open') add((p) => `t.status = ANY(${p})`, OPEN_STATUSES);
	else if (q.status) add((p) => `t.status = ${p}`, q.status);
	if (q.category) add((p) => `t.category = ${p}`, q.category);
	if (q.gridCell) add((p) => `t.grid_cell_id = ${p}`, q.gridCell);
	if (q.overdue === 'true')
		where.push(`t.status IN ('new', 'assigned', 'accepted', 'in_progress') AND t.due_at < now()`);
	if (q.bbox) add((p) => `t.geom && ST_MakeEnvelope(${p}[1], ${p}[2], ${p}[3], ${p}[4], 4326)`, q.bbox);
	if (q.before) add((p) => `t.id < ${p}`, q.before);
	const cond = ticketScopeCondition(scope, params.length + 1);
	where.push(cond.sql);
	params.push(...cond.params, q.limit);
	const { rows } = await db().query<Ticket>(
		`${selectSql} WHERE ${where.join(' AND ')} ORDER BY t.id DESC LIMIT $${params.length}`,
		params
	);
	return rows;
}

export async function ticketHistory(id: number, scope: Scope) {
	await getTicket(id, scope);
	const { rows } = await db().query(
		`SELECT e.id, e.at, e.kind, e.from_status AS "from", e.to_status AS "to", e.note, u.display_name AS actor
		 FROM ticket_events e LEFT JOIN users u ON u.id = e.actor_user_id WHERE e.ticket_id = $1 ORDER BY e.id`,
		[id]
	);
	return rows;
}

/** Applies a workflow action: the ticket is locked, the rule decides, the change and its event commit together. */
export async function act(id: number, input: ActionInput, user: SessionUser, scope: Scope): Promise<Ticket> {
	await getTicket(id, scope);
	return withTransaction(async (c) => {
		const t = await fetchTicket(c, id, true);
		const d = decide(
			{ status: t.status, assigneeId: t.assigneeId, dueAt: new Date(t.dueAt as string) },
			input,
			{ role: user.role, personId: user.personId }
		);
		if (!d.ok) throw new TicketError(d.status, d.field, d.message);
		if (input.assigneeId != null && d.assigneeId === input.assigneeId) {
			const p = await c.query(
				`SELECT 1 FROM people WHERE id = $1 AND kind IN ('grid_worker', 'steward') AND retired_at IS NULL`,
				[input.assigneeId]
			);
			if (!p.rows[0])
				throw new TicketError(
					400,
					'assigneeId',
					`person ${input.assigneeId} is not an active grid worker or steward`
				);
		}
		await c.query(
			`UPDATE tickets SET status = $2, assignee_id = $3,
			   resolved_at = CASE WHEN $2 = 'resolved' THEN now() WHEN $2 IN ('new', 'assigned') THEN NULL ELSE resolved_at END,
			   closed_at = CASE WHEN $2 = 'closed' THEN now() WHEN $2 IN ('new', 'assigned') THEN NULL ELSE closed_at END,
			   satisfaction = CASE WHEN $2 = 'closed' THEN $4 ELSE satisfaction END,
			   supervised_at = CASE WHEN $5 THEN now() ELSE supervised_at END
			 WHERE id = $1`,
			[id, d.to, d.assigneeId, input.satisfaction ?? null, d.event === 'supervised']
		);
		await insertEvent(c, {
			ticketId: id,
			districtId: t.districtId as number,
			kind: d.event,
			from: t.status,
			to: d.to,
			actor: user.id,
			note: d.note
		});
		return fetchTicket(c, id);
	});
}

export async function ticketPhoto(id: number, scope: Scope): Promise<string | null> {
	await getTicket(id, scope);
	return (await db().query('SELECT photo FROM tickets WHERE id = $1', [id])).rows[0].photo;
}

/** Open tickets within 50 m of a point (what the form suggests before a duplicate is filed). */
export async function nearbyOpenTickets(q: { lon: number; lat: number; category?: Category }) {
	const { rows } = await db().query(
		`SELECT t.id, t.code, t.category, t.status, t.description, t.created_at AS "createdAt",
		   round(ST_Distance(t.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography)) AS "distanceM"
		 FROM tickets t
		 WHERE t.status IN ('new', 'assigned', 'accepted', 'in_progress') AND ($3::text IS NULL OR t.category = $3)
		   AND t.geom && ST_Expand(ST_SetSRID(ST_MakePoint($1, $2), 4326), 0.0008)
		   AND ST_DWithin(t.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 50)
		 ORDER BY "distanceM", t.id LIMIT 20`,
		[q.lon, q.lat, q.category ?? null]
	);
	return rows;
}

export async function slaRules() {
	const { rows } = await db().query(
		`SELECT category, name_zh AS "nameZh", name_en AS "nameEn", urgency, accept_hours AS "acceptHours",
		   resolve_hours AS "resolveHours", resolve_working_days AS "resolveWorkingDays" FROM sla_rules ORDER BY category`
	);
	return rows;
}

export async function calendarExceptions() {
	const { rows } = await db().query(
		`SELECT to_char(day, 'YYYY-MM-DD') AS day, is_working AS "isWorking", note FROM working_calendar ORDER BY day`
	);
	return rows;
}

export async function setCalendarDay(day: string, isWorking: boolean | null, note: string) {
	if (isWorking === null) await db().query('DELETE FROM working_calendar WHERE day = $1', [day]);
	else
		await db().query(
			`INSERT INTO working_calendar (day, is_working, note) VALUES ($1, $2, $3)
			 ON CONFLICT (day) DO UPDATE SET is_working = EXCLUDED.is_working, note = EXCLUDED.note`,
			[day, isWorking, note]
		);
	return calendarExceptions();
}
