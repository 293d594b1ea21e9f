// Tickets: intake (routing, address, SLA, duplicates, idempotency) and the workflow, each in one
// transaction. Every query lives in a .sql file beside this one.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { decimal, text } from '../input';
import { db, withTransaction } from '../db/pool';
import { InputError } from '../http';
import { maskName, maskPhone, scopeOf, type Scope, type SessionUser } from '../auth/roles';
import {
	assertSees,
	canActOn,
	canHold,
	type Holder,
	SqlWhere,
	ticketCondition,
	ticketInScope,
	whereTickets
} from '../auth/scope';
import { removePhoto, storePhoto, type CheckedPhoto } from '../media/photos';
import { dueTimes, WorkingCalendar, type SlaRule } from './sla';
import { decide, OPEN_STATUSES, STATUSES, type ActionInput, type Status } from '../../tickets/workflow';
import type { TicketSource } from '../../codes';
import type { CalendarDay, Ticket as ApiTicket } from '../../api-types';
import { TICKET_CATEGORIES as CATEGORIES, type TicketCategory as Category } from '../../tickets/categories';
import routeSql from './route.sql?raw';
import duplicateSql from './duplicate.sql?raw';
import selectSql from './select.sql?raw';
import insertTicketSql from './insert-ticket.sql?raw';
import insertEventSql from './insert-event.sql?raw';
import slaRuleSql from './sla-rule.sql?raw';
import slaRulesSql from './sla-rules.sql?raw';
import calendarSql from './calendar.sql?raw';
import calendarSetSql from './calendar-set.sql?raw';
import claimKeySql from './idempotency-claim.sql?raw';
import readKeySql from './idempotency-read.sql?raw';
import storeKeySql from './idempotency-store.sql?raw';
import historySql from './history.sql?raw';
import updateStatusSql from './update-status.sql?raw';
import nearbySql from './nearby.sql?raw';
import personSql from './person.sql?raw';
import candidatesSql from './candidates.sql?raw';
import photoSql from './photo.sql?raw';
import { applyStep, notifyAfter } from './steps';
import { notifyTicket } from '../notifications/service';

export { TICKET_CATEGORIES as CATEGORIES } from '../../tickets/categories';
export type { TicketCategory as Category } from '../../tickets/categories';

export const NewTicket = z.object({
	category: z.enum(CATEGORIES),
	description: text({ max: 4000, multiline: true }),
	lon: decimal(z.number().min(-180).max(180)),
	lat: decimal(z.number().min(-90).max(90)),
	/** the unit / room the reporter typed (2单元301室): kept at the end of the ticket's address */
	addressDetail: text({ max: 100 }).optional(),
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

/** A ticket as the service returns it (the API's shape, times still Date until serialised). */
export type Ticket = ApiTicket<Date | string>;

async function slaFor(c: pg.PoolClient, category: Category): Promise<SlaRule> {
	const { rows } = await c.query(slaRuleSql, [category]);
	if (!rows[0])
		throw new TicketError(422, 'category', `no SLA rule for ${category}`, undefined, {
			reason: 'no_sla_rule',
			category
		});
	return rows[0];
}

export async function workingCalendar(q: pg.Pool | pg.PoolClient = db()): Promise<WorkingCalendar> {
	const { rows } = await q.query<{ day: string; isWorking: boolean }>(calendarSql);
	return new WorkingCalendar(new Map(rows.map((r) => [r.day, r.isWorking])));
}

export interface EventRow {
	ticketId: number;
	districtId: number;
	kind: string;
	from: string | null;
	to: string | null;
	actor: number | null;
	note: string | null;
	onBehalfOf?: number | null;
	assigneeId: number | null;
	/** the organisation holding the ticket after the event (migration 350) */
	holderCompanyId?: number | null;
	holderDepartmentId?: number | null;
	/** a stored photo's name (media folder) */
	photo?: string | null;
}

/** Writes one ticket event (insert-event.sql); the caller's transaction holds the ticket. */
export async function insertEvent(c: pg.PoolClient, e: EventRow) {
	await c.query(insertEventSql, [
		e.ticketId,
		e.districtId,
		e.kind,
		e.from,
		e.to,
		e.actor,
		e.note,
		e.onBehalfOf ?? null,
		e.assigneeId,
		e.photo ?? null,
		e.holderCompanyId ?? null,
		e.holderDepartmentId ?? null
	]);
}

export interface Created {
	ticket: Ticket;
	duplicateOf: number | null;
	queued: boolean;
}

/**
 * What binds an Idempotency-Key to its request: SHA-256 (hex) of the method, the path, the parsed
 * fields (sorted by name, so key order and a multipart boundary do not matter) and the photo's
 * SHA-256. A retry of the same request gets the same fingerprint; any other request, another one.
 */
export function requestFingerprint(
	method: string,
	path: string,
	fields: Record<string, unknown>,
	photo?: Uint8Array
): string {
	const sorted = Object.fromEntries(
		Object.entries(fields)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : 1))
	);
	const photoHash = photo ? createHash('sha256').update(photo).digest('hex') : null;
	return createHash('sha256')
		.update(JSON.stringify([method.toUpperCase(), path, sorted, photoHash]))
		.digest('hex');
}

export interface IntakeExtra {
	/** a checked photo: stored only when this request creates the ticket (never on a replay) */
	photo?: CheckedPhoto;
	idempotencyKey?: string;
	/** requestFingerprint of the request; required with idempotencyKey */
	fingerprint?: string;
	/**
	 * An upstream platform's ticket (README "Upstream sync"): its source and id, and the fingerprint
	 * of the push. The same id again answers the first ticket (`replayed`); with other fields, 409
	 * naming `externalId`.
	 */
	external?: { source: string; id: string; fingerprint: string };
}

/**
 * Files a ticket: routes its point (PostGIS), works out its address (the tickets_fill_address
 * trigger, migration 140), sets its SLA, links a likely duplicate, writes the ticket and its first
 * events, all in one transaction. Intake of one category is serialised by an advisory lock so that
 * two reports arriving together still see each other as duplicates. With an Idempotency-Key the
 * same request answers the first answer (`replayed`), and another request with that key is a 422.
 */
export async function createTicket(
	input: NewTicket,
	actor: SessionUser | null,
	source: TicketSource,
	extra: IntakeExtra = {}
): Promise<Created & { replayed?: boolean }> {
	let stored: string | undefined;
	try {
		return await withTransaction(async (c) => {
			const key = extra.idempotencyKey && actor ? extra.idempotencyKey : undefined;
			if (key) {
				const claimed = await c.query(claimKeySql, [actor!.id, key, extra.fingerprint ?? null]);
				if (claimed.rowCount === 0) {
					const { rows } = await c.query(readKeySql, [actor!.id, key]);
					if (rows[0].fingerprint !== (extra.fingerprint ?? null))
						throw new TicketError(
							422,
							'Idempotency-Key',
							'this key was used for a different request; use a new key for a new report',
							'idempotency_mismatch'
						);
					return { ...(rows[0].response as Created), replayed: true };
				}
			}
			const ext = extra.external;
			if (ext) {
				await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`upstream:${ext.source}:${ext.id}`]);
				const { rows } = await c.query(
					'SELECT id, external_fingerprint AS fp FROM tickets WHERE external_source = $1 AND external_id = $2',
					[ext.source, ext.id]
				);
				if (rows[0]) {
					if (rows[0].fp !== ext.fingerprint)
						throw new TicketError(
							409,
							'externalId',
							`${ext.id} was pushed before with other fields; a new ticket needs a new id`,
							undefined,
							{ reason: 'external_id_taken' }
						);
					const first = await fetchTicket(c, Number(rows[0].id));
					return {
						ticket: present(first, actor ? await inScope(c, actor, first.id) : false),
						duplicateOf: first.duplicateOf,
						queued: first.status === 'new',
						replayed: true
					};
				}
			}
			await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ticket-intake:${input.category}`]);
			const route = (await c.query(routeSql, [input.lon, input.lat])).rows[0];
			if (!route.district_id)
				throw new TicketError(
					422,
					'location',
					`(${input.lon}, ${input.lat}) is outside the city`,
					undefined,
					{ reason: 'outside_city' }
				);
			const rule = await slaFor(c, input.category);
			const now: Date = (await c.query('SELECT now() AS now')).rows[0].now;
			const { acceptDueAt, dueAt } = dueTimes(now, rule, await workingCalendar(c));
			const duplicateOf: number | null =
				(await c.query(duplicateSql, [input.lon, input.lat, input.category])).rows[0]?.id ?? null;
			const id: number = Number(
				(await c.query(`SELECT nextval(pg_get_serial_sequence('tickets', 'id')) AS id`)).rows[0].id
			);
			const status = route.worker_id ? 'assigned' : 'new';
			if (extra.photo) stored = await storePhoto(extra.photo);
			await c.query(insertTicketSql, [
				id,
				route.district_id,
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
				stored ?? null,
				input.addressDetail ?? null
			]);
			if (ext)
				await c.query(
					'UPDATE tickets SET external_source = $2, external_id = $3, external_fingerprint = $4 WHERE id = $1',
					[id, ext.source, ext.id, ext.fingerprint]
				);
			const base = { ticketId: id, districtId: route.district_id, actor: actor?.id ?? null };
			await insertEvent(c, {
				...base,
				kind: 'created',
				from: null,
				to: 'new',
				note: duplicateOf ? `likely duplicate of ticket ${duplicateOf}` : null,
				assigneeId: null
			});
			if (route.worker_id)
				await insertEvent(c, {
					...base,
					kind: 'assigned',
					from: 'new',
					to: 'assigned',
					note: "routed to the grid cell's worker",
					assigneeId: route.worker_id
				});
			const ticket = await fetchTicket(c, id);
			// the worker it was routed to hears of it at once (the notification centre)
			if (route.worker_id) await notifyTicket(c, id, 'assigned', { code: ticket.code, status });
			const created: Created = {
				ticket: present(ticket, actor ? await inScope(c, actor, id) : false),
				duplicateOf,
				queued: status === 'new'
			};
			if (key) await c.query(storeKeySql, [actor!.id, key, JSON.stringify(created)]);
			return created;
		});
	} catch (err) {
		if (stored) await removePhoto(stored); // nothing half-written
		throw err;
	}
}

async function fetchTicket(q: pg.Pool | pg.PoolClient, id: number, forUpdate = false): Promise<Ticket> {
	const { rows } = await q.query<Ticket>(
		`${selectSql} WHERE t.id = $1${forUpdate ? ' FOR UPDATE OF t' : ''}`,
		[id]
	);
	if (!rows[0]) throw new TicketError(404, 'id', `ticket ${id} does not exist`);
	return rows[0];
}

const inScope = (q: pg.Pool | pg.PoolClient, user: SessionUser, id: number): Promise<boolean> =>
	ticketInScope(q, scopeOf(user), id);

/** Residents' name and phone are shown only inside the viewer's scope; masked otherwise. */
function present(t: Ticket, personal: boolean): Ticket {
	return personal
		? t
		: { ...t, reporterName: maskName(t.reporterName), reporterPhone: maskPhone(t.reporterPhone) };
}

/** One ticket, if it is in the scope (403 when it exists outside it, 404 when it does not exist). */
export async function getTicket(id: number, scope: Scope): Promise<Ticket> {
	assertSees(scope, 'tickets', 'id');
	const w = whereTickets(scope, 'tickets', new SqlWhere([id]));
	const { rows } = await db().query<Ticket>(`${selectSql} WHERE t.id = $1 AND ${w.sql}`, w.params);
	if (rows[0]) return rows[0];
	await fetchTicket(db(), id); // 404 when it does not exist at all
	throw new TicketError(403, 'id', `ticket ${id} is outside your scope`);
}

export const TicketQuery = z.object({
	status: z.enum([...STATUSES, 'open']).optional(),
	category: z.enum(CATEGORIES).optional(),
	overdue: z.enum(['true', 'false']).optional(),
	gridCell: decimal(z.number().int().positive().optional()),
	/** an area (district, street or community): tickets in its subtree */
	area: decimal(z.number().int().positive().max(2_147_483_647).optional()),
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
	before: decimal(z.number().int().positive().optional()),
	/** the 12345 queues: closed tickets waiting for a 回访, extension requests waiting, suspended tickets */
	queue: z.enum(['callback', 'extension', 'suspended']).optional()
});

/**
 * Tickets in scope, newest first, keyset-paged by id (`before`). The reporter's name and phone come
 * masked (138****1234): a list needs neither, and the one ticket's detail, which carries them,
 * records the read (PIPL, src/lib/server/privacy/reads.ts).
 */
export async function listTickets(q: z.infer<typeof TicketQuery>, scope: Scope): Promise<Ticket[]> {
	assertSees(scope, 'tickets', 'scope');
	const w = new SqlWhere();
	if (q.status === 'open') w.and(`t.status = ANY(${w.p(OPEN_STATUSES)})`);
	else if (q.status) w.and(`t.status = ${w.p(q.status)}`);
	if (q.category) w.and(`t.category = ${w.p(q.category)}`);
	if (q.gridCell) w.and(`t.grid_cell_id = ${w.p(q.gridCell)}`);
	if (q.area) {
		const a = w.p(q.area);
		w.and(
			`t.district_id = ${a} OR t.street_id = ${a} OR t.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[${a}::int])`
		);
	}
	if (q.overdue === 'true') w.and(`ticket_is_overdue(t.status, t.due_at, t.suspended_at)`);
	if (q.bbox) {
		const b = w.p(q.bbox);
		w.and(`t.geom && ST_MakeEnvelope(${b}[1], ${b}[2], ${b}[3], ${b}[4], 4326)`);
	}
	if (q.before) w.and(`t.id < ${w.p(q.before)}`);
	if (q.queue === 'callback')
		w.and(`EXISTS (SELECT 1 FROM ticket_callbacks cb WHERE cb.ticket_id = t.id AND cb.done_at IS NULL)`);
	if (q.queue === 'extension')
		w.and(`EXISTS (SELECT 1 FROM ticket_extensions x WHERE x.ticket_id = t.id AND x.status = 'pending')`);
	if (q.queue === 'suspended') w.and(`t.suspended_at IS NOT NULL AND ticket_is_open(t.status)`);
	whereTickets(scope, 'tickets', w);
	const { rows } = await db().query<Ticket>(
		`${selectSql} WHERE ${w.sql} ORDER BY t.id DESC LIMIT ${w.p(q.limit)}`,
		w.params
	);
	return rows.map((t) => present(t, false));
}

/** A ticket's events, oldest first, with the acting user and for whom a manager acted. */
export async function ticketHistory(id: number, scope: Scope) {
	await getTicket(id, scope);
	const { rows } = await db().query(historySql, [id]);
	return rows;
}

/** A person who can act on a ticket, and why (see candidates.sql). */
export interface AssigneeCandidate {
	id: number;
	name: string;
	kind: 'grid_worker' | 'steward';
	reason: 'cell_worker' | 'building_steward' | 'street_worker';
	cells: string | null;
}

/**
 * The people a dispatcher may give this ticket to, best first: the grid cell's worker, the
 * building's steward, the other grid workers of the street. The one rule (ticket_assignee_reason,
 * migration 141) that `act` enforces and the orphan check applies.
 */
export async function assigneeCandidates(
	id: number,
	scope: Scope,
	q: pg.Pool | pg.PoolClient = db()
): Promise<AssigneeCandidate[]> {
	await getTicket(id, scope);
	return (await q.query<AssigneeCandidate>(candidatesSql, [id])).rows;
}

/**
 * Applies a workflow action: the ticket is locked, the rule decides, the change and its event
 * commit together. An assignee must be one of `assigneeCandidates` (else 422 naming assigneeId);
 * a holding company or department one that may hold it (canHold: else 422 naming companyId /
 * departmentId);
 * `fromStatus`, when given, must be the ticket's status (else 409: it moved meanwhile).
 * `remember` (optional) runs inside the action's transaction with the changed ticket: the field
 * outbox stores its Idempotency-Key answer there, so the change and its record commit together.
 * `photo` (a stored photo's name) goes on the action's event (see ./photos.ts).
 */
export async function act(
	id: number,
	input: ActionInput & { fromStatus?: Status },
	user: SessionUser,
	scope: Scope,
	remember?: (c: pg.PoolClient, ticket: Ticket) => Promise<void>,
	photo?: string
): Promise<Ticket> {
	await getTicket(id, scope);
	return withTransaction(async (c) => {
		const t = await fetchTicket(c, id, true);
		if (input.fromStatus && input.fromStatus !== t.status)
			throw new TicketError(
				409,
				'fromStatus',
				`the ticket is ${t.status} now (it was ${input.fromStatus} on your screen); reload it`,
				undefined,
				{ reason: 'ticket_moved', now: t.status, was: input.fromStatus }
			);
		const d = decide(
			{
				status: t.status,
				assigneeId: t.assigneeId,
				holderCompanyId: t.holderCompanyId,
				holderDepartmentId: t.holderDepartmentId,
				dueAt: new Date(t.dueAt),
				suspended: t.suspendedAt != null,
				extensionPending: t.extensionPending,
				atRisk: t.atRisk
			},
			input,
			{ role: user.role, personId: user.personId, companyId: user.companyId, departmentId: user.departmentId }
		);
		if (!d.ok) throw new TicketError(d.status, d.field, d.message, undefined, { reason: d.reason });
		if (input.assigneeId != null && d.assigneeId === input.assigneeId) {
			const person = (await c.query(personSql, [input.assigneeId])).rows[0];
			if (!person)
				throw new TicketError(422, 'assigneeId', `person ${input.assigneeId} does not exist`, undefined, {
					reason: 'person_missing',
					id: input.assigneeId
				});
			// the scope module's one rule (ticket_assignee_reason): the same list assigneeCandidates offers
			if (!(await canActOn(c, input.assigneeId, id)))
				throw new TicketError(
					422,
					'assigneeId',
					`${person.name} (person ${input.assigneeId}) cannot act on this ticket: give it to the grid cell's worker, the building's steward or a grid worker of its street`,
					undefined,
					{ reason: 'assignee_cannot_act', name: person.name }
				);
		}
		const asked: [string, Holder | null][] = [
			[
				'companyId',
				d.holderCompanyId != null && d.holderCompanyId === input.companyId
					? { kind: 'company', id: d.holderCompanyId }
					: null
			],
			[
				'departmentId',
				d.holderDepartmentId != null && d.holderDepartmentId === input.departmentId
					? { kind: 'department', id: d.holderDepartmentId }
					: null
			]
		];
		for (const [field, holder] of asked) {
			if (holder && !(await canHold(c, holder, id))) {
				const table = holder.kind === 'company' ? 'property_companies' : 'departments';
				const name = (await c.query(`SELECT name FROM ${table} WHERE id = $1`, [holder.id])).rows[0]?.name;
				throw new TicketError(
					422,
					field,
					`${name ?? `${holder.kind} ${holder.id}`} cannot hold this ticket: a company holds the tickets of its own compounds, a department those inside its area`,
					undefined,
					{ reason: 'holder_cannot_act', name: name ?? String(holder.id) }
				);
			}
		}
		const step = await applyStep(c, t, input, user, scope);
		await c.query(updateStatusSql, [
			id,
			d.to,
			d.assigneeId,
			input.satisfaction ?? null,
			d.event === 'supervised',
			d.holderCompanyId,
			d.holderDepartmentId
		]);
		await insertEvent(c, {
			ticketId: id,
			districtId: t.districtId,
			kind: d.event,
			from: t.status,
			to: d.to,
			actor: user.id,
			note: [step.note, d.note].filter(Boolean).join(' — ') || null,
			onBehalfOf: d.onBehalfOf,
			assigneeId: d.assigneeId,
			holderCompanyId: d.holderCompanyId,
			holderDepartmentId: d.holderDepartmentId,
			photo
		});
		for (const o of step.others) {
			const other = await fetchTicket(c, o.ticketId);
			await insertEvent(c, {
				ticketId: o.ticketId,
				districtId: other.districtId,
				kind: o.kind,
				from: other.status,
				to: other.status,
				actor: user.id,
				note: o.note,
				assigneeId: other.assigneeId,
				holderCompanyId: other.holderCompanyId,
				holderDepartmentId: other.holderDepartmentId
			});
		}
		const changed = await fetchTicket(c, id);
		await notifyAfter(c, t, input, changed, user.id);
		await remember?.(c, changed);
		return changed;
	});
}

export async function ticketPhoto(id: number, scope: Scope): Promise<string | null> {
	return (await getTicket(id, scope)).hasPhoto
		? ((await db().query(photoSql, [id])).rows[0].photo as string)
		: null;
}

/** Open tickets in the caller's scope within 50 m of a point (the form suggests them before filing). */
export async function nearbyOpenTickets(q: { lon: number; lat: number; category?: Category }, scope: Scope) {
	const w = new SqlWhere([q.lon, q.lat, q.category ?? null]);
	const { rows } = await db().query(
		nearbySql.replace('/*scope*/', ticketCondition(scope, 'nearby', w)),
		w.params
	);
	return rows;
}

export async function slaRules() {
	return (await db().query(slaRulesSql)).rows;
}

/** The working-day exceptions (holidays, 调休 make-up days) in date order. */
export async function calendarExceptions(): Promise<CalendarDay[]> {
	return (await db().query<CalendarDay>(calendarSql)).rows;
}

/** Sets one day's exception (isWorking null: back to the plain week); answers them all. */
export async function setCalendarDay(day: string, isWorking: boolean | null, note: string) {
	await db().query(calendarSetSql, [day, isWorking, note]);
	return calendarExceptions();
}
