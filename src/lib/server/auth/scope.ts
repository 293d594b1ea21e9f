// Row scope: the one place that decides which rows a user may read, for every kind of data, and
// turns that into SQL (through SqlWhere, so the parameters number on from the query's own) or into
// an in-memory filter for the live event stream. Route access (which role may call a route) is the
// other half, in policy.ts. README "Roles and scope" describes the same table in words.
import type { Queryable } from '../db/pool';
import { InputError } from '../http';
import type { ErrorReason } from '../../errors';
import { SqlWhere } from '../db/sql';
import type { Scope } from './roles';

export { SqlWhere };

/**
 * The kinds of data a scope is applied to:
 * - tickets: ticket rows (list, detail, history, photo, workflow actions)
 * - ticket-counts: counts of tickets (map side panels, density, hotspots)
 * - nearby: open tickets near a point (the report form's duplicate suggestions)
 * - events: the live ticket event stream
 * - tiles: the tickets layer of the vector tiles
 * - exports: ticket rows as files and OGC API features
 * - open311: Open311 service requests (tickets, plus the ones the caller filed)
 * - people: staff and residents' names and phones
 * - patrols: patrol tracks and check-ins
 * - edits: the city's base data as the editing pages change it
 */
export const DATA_KINDS = [
	'tickets',
	'ticket-counts',
	'nearby',
	'events',
	'tiles',
	'exports',
	'open311',
	'people',
	'patrols',
	'edits'
] as const;
export type DataKind = (typeof DATA_KINDS)[number];

/**
 * What a scope may read of a kind of data:
 * - all: every row
 * - subtree: rows in the official's area and every area below it
 * - zone: rows in the grid worker's cells (the steward's buildings), and tickets assigned to them
 * - self: the person's own rows (their patrols, their own record)
 * - organisation: a property company's compounds' tickets; the tickets a department holds or has
 *   held (one it returned or that was reassigned away stays in its list, read-only)
 * - refused: 403; the role sees aggregated figures only
 */
export type Rule = 'all' | 'subtree' | 'zone' | 'self' | 'organisation' | 'refused';

const every = (rule: Rule): Record<DataKind, Rule> =>
	Object.fromEntries(DATA_KINDS.map((k) => [k, rule])) as Record<DataKind, Rule>;

const ZONE: Record<DataKind, Rule> = { ...every('zone'), people: 'self', patrols: 'self', edits: 'refused' };
const ORGANISATION: Record<DataKind, Rule> = {
	...every('organisation'),
	people: 'refused',
	patrols: 'refused',
	edits: 'refused'
};

/** The rule per role (scope kind) and kind of data. */
export const RULES: Record<Scope['kind'], Record<DataKind, Rule>> = {
	all: every('all'), // admin
	area: every('subtree'), // official
	grid_cells: ZONE, // grid worker
	buildings: ZONE, // steward
	aggregates: { ...every('refused'), 'ticket-counts': 'all' }, // planner: counts only, city-wide
	// dispatcher (12345 operator): the tickets and the people of their subtree, no data editing
	dispatch: { ...every('subtree'), patrols: 'refused', edits: 'refused' },
	company: ORGANISATION, // a property company's staff
	department: ORGANISATION // a department's staff
};

export const ruleFor = (scope: Scope, kind: DataKind): Rule => RULES[scope.kind][kind];

/** Whether rows of a kind may be read at all (false: aggregated figures only). */
export const sees = (scope: Scope, kind: DataKind): boolean => ruleFor(scope, kind) !== 'refused';

/** A refusal by the scope rules (403), naming the field that asked for what the role may not see. */
export class ScopeError extends InputError {
	constructor(field: string, message: string, reason?: ErrorReason) {
		super(403, field, message, undefined, reason ? { reason } : {});
	}
}

const NOUNS: Record<DataKind, string> = {
	tickets: 'single tickets',
	'ticket-counts': 'ticket counts',
	nearby: 'single tickets',
	events: 'ticket events',
	tiles: 'single tickets',
	exports: 'single tickets',
	open311: 'single service requests',
	people: 'personal data',
	patrols: 'patrols',
	edits: ''
};

/** Throws ScopeError (403) when the scope may not read rows of `kind`; `field` names what asked. */
export function assertSees(scope: Scope, kind: DataKind, field: string = kind): void {
	if (sees(scope, kind)) return;
	if (kind === 'edits') throw new ScopeError(field, 'your role may not edit the city data');
	throw new ScopeError(field, `your role sees aggregated figures only, not ${NOUNS[kind]}`);
}

const subtree = (w: SqlWhere, areaId: number) =>
	`SELECT id FROM areas WHERE path @> ARRAY[${w.p(areaId)}::int]`;

/**
 * The condition on a tickets row (columns community_id, grid_cell_id, building_id, assignee_id of
 * `alias`) that keeps the tickets of `kind` the scope may read; its values are added to `w`. Throws
 * ScopeError for a refused kind. A grid worker's or steward's tickets are their zone's plus those
 * assigned to them (tickets.assignee_id = their person). A company's staff see the tickets of the
 * compounds their company manages now (compounds.company_id), nothing else; a department's staff
 * the tickets their department holds (tickets.holder_department_id) or has held (an event left it
 * the holder: ticket_events.holder_department_id, migration 362), so a ticket it returned (退回) or
 * that was reassigned away stays in its list and history, read-only (it no longer holds it: the
 * workflow lets only the holder act). A dispatcher: as an official.
 */
export function ticketCondition(scope: Scope, kind: DataKind, w: SqlWhere, alias = 't'): string {
	assertSees(scope, kind);
	const a = alias;
	if (ruleFor(scope, kind) === 'all') return 'true';
	switch (scope.kind) {
		case 'all':
		case 'aggregates':
			return 'true';
		case 'area':
		case 'dispatch':
			return `${a}.community_id IN (${subtree(w, scope.areaId)})`;
		case 'company':
			return `${a}.compound_id IN (SELECT id FROM compounds WHERE company_id = ${w.p(scope.companyId)})`;
		case 'department': {
			const d = w.p(scope.departmentId);
			return `(${a}.holder_department_id = ${d} OR ${a}.id IN (SELECT he.ticket_id FROM ticket_events he WHERE he.holder_department_id = ${d}))`;
		}
		case 'grid_cells': {
			const p = w.p(scope.personId);
			return `(${a}.grid_cell_id IN (SELECT id FROM grid_cells WHERE worker_id = ${p}) OR ${a}.assignee_id = ${p})`;
		}
		case 'buildings': {
			const p = w.p(scope.personId);
			return `(${a}.building_id IN (SELECT id FROM buildings WHERE steward_id = ${p}) OR ${a}.assignee_id = ${p})`;
		}
	}
}

/** Adds the ticket condition to `w` (see ticketCondition) and returns `w`. */
export const whereTickets = (scope: Scope, kind: DataKind, w: SqlWhere, alias = 't'): SqlWhere =>
	w.and(ticketCondition(scope, kind, w, alias));

/**
 * Open311 service requests a caller may read: the tickets in their scope and those they filed
 * themselves (so a client can always follow its own requests). Alias t, events f.
 */
export function open311Condition(scope: Scope, userId: number, w: SqlWhere): string {
	assertSees(scope, 'open311', 'api_key');
	const inScope = ticketCondition(scope, 'open311', w);
	return `(${inScope} OR EXISTS (SELECT 1 FROM ticket_events f WHERE f.ticket_id = t.id AND f.kind = 'created' AND f.actor_user_id = ${w.p(userId)}))`;
}

/**
 * The condition on a patrols row (alias `p`, its worker in people alias `worker`): an official's
 * subtree holds the patrols of its districts and of the workers whose area lies inside it.
 */
export function patrolCondition(scope: Scope, w: SqlWhere, p = 'p', worker = 'w'): string {
	assertSees(scope, 'patrols');
	switch (scope.kind) {
		case 'all':
		case 'aggregates':
			return 'true';
		case 'area': {
			const sub = subtree(w, scope.areaId);
			return `(${p}.district_id IN (${sub}) OR ${worker}.area_id IN (${sub}))`;
		}
		case 'grid_cells':
		case 'buildings':
			return `${p}.worker_id = ${w.p(scope.personId)}`;
		default:
			return 'false'; // dispatch, company, department: refused above
	}
}

/**
 * The condition on a grid_cells row (alias `c`) for patrol figures per cell: an official's subtree,
 * a grid worker's own cells, the cells a steward's buildings lie in (as zone-steward.sql).
 */
export function cellCondition(scope: Scope, w: SqlWhere, c = 'c'): string {
	assertSees(scope, 'patrols');
	switch (scope.kind) {
		case 'all':
		case 'aggregates':
			return 'true';
		case 'area':
			return `${c}.community_id IN (${subtree(w, scope.areaId)})`;
		case 'grid_cells':
			return `${c}.worker_id = ${w.p(scope.personId)}`;
		case 'dispatch':
		case 'company':
		case 'department':
			return 'false'; // refused above
		case 'buildings':
			return `${c}.id IN (SELECT g.id FROM buildings b JOIN grid_cells g ON g.geom && b.geom
				AND ST_Intersects(g.geom, ST_PointOnSurface(b.geom)) AND g.retired_at IS NULL
				WHERE b.steward_id = ${w.p(scope.personId)} AND b.retired_at IS NULL)`;
	}
}

/** The condition on a people row (alias `p`): an official's subtree, a worker's own record. */
export function peopleCondition(scope: Scope, w: SqlWhere, p = 'p'): string {
	assertSees(scope, 'people');
	switch (scope.kind) {
		case 'all':
		case 'aggregates':
			return 'true';
		case 'area':
		case 'dispatch':
			return `${p}.area_id IN (${subtree(w, scope.areaId)})`;
		case 'grid_cells':
		case 'buildings':
			return `${p}.id = ${w.p(scope.personId)}`;
		case 'company':
		case 'department':
			return 'false'; // refused above
	}
}

/** What the event filter needs of a ticket event. */
export interface ScopedRow {
	ticketId?: number;
	communityId: number | null;
	gridCellId: number | null;
	buildingId: number | null;
	assigneeId: number | null;
	compoundId: number | null;
	holderDepartmentId: number | null;
}

/**
 * The ticket scope as an in-memory test (for the live stream, where each event is checked as it
 * passes): the same rule as ticketCondition(scope, 'events'), with the zone read once now.
 */
export async function ticketFilter(q: Queryable, scope: Scope): Promise<(e: ScopedRow) => boolean> {
	assertSees(scope, 'events');
	const ids = async (sql: string, param: number) =>
		new Set((await q.query<{ id: number }>(sql, [param])).rows.map((r) => Number(r.id)));
	switch (scope.kind) {
		case 'all':
		case 'aggregates':
			return () => true;
		case 'area':
		case 'dispatch': {
			const communities = await ids(
				`SELECT id FROM areas WHERE path @> ARRAY[$1::int] AND level = 'community'`,
				scope.areaId
			);
			return (e) => e.communityId != null && communities.has(e.communityId);
		}
		case 'grid_cells': {
			const cells = await ids('SELECT id FROM grid_cells WHERE worker_id = $1', scope.personId);
			const me = scope.personId;
			return (e) => (e.gridCellId != null && cells.has(e.gridCellId)) || e.assigneeId === me;
		}
		case 'buildings': {
			const buildings = await ids('SELECT id FROM buildings WHERE steward_id = $1', scope.personId);
			const me = scope.personId;
			return (e) => (e.buildingId != null && buildings.has(e.buildingId)) || e.assigneeId === me;
		}
		case 'company': {
			const compounds = await ids('SELECT id FROM compounds WHERE company_id = $1', scope.companyId);
			return (e) => e.compoundId != null && compounds.has(e.compoundId);
		}
		case 'department': {
			// held now, or held before (read once now, and learnt from the events that pass)
			const held = await ids(
				'SELECT DISTINCT ticket_id AS id FROM ticket_events WHERE holder_department_id = $1',
				scope.departmentId
			);
			const mine = scope.departmentId;
			return (e) => {
				const id = e.ticketId == null ? null : Number(e.ticketId);
				if (e.holderDepartmentId === mine) {
					if (id != null) held.add(id);
					return true;
				}
				return id != null && held.has(id);
			};
		}
	}
}

/**
 * The part of a cache key that depends on whose tickets a response holds (tiles); equal keys see
 * the same rows. Throws ScopeError for a scope that may not read rows of `kind`.
 */
export function scopeKey(scope: Scope, kind: DataKind): string {
	assertSees(scope, kind);
	if (ruleFor(scope, kind) === 'all') return 'all';
	switch (scope.kind) {
		case 'all':
		case 'aggregates':
			return 'all';
		case 'area':
		case 'dispatch':
			return `area:${scope.areaId}`;
		case 'grid_cells':
			return `grid:${scope.personId}`;
		case 'buildings':
			return `bldg:${scope.personId}`;
		case 'company':
			return `company:${scope.companyId}`;
		case 'department':
			return `dept:${scope.departmentId}`;
	}
}

/** Whether ticket `id` is one the scope may read as `kind` (false when it does not exist). */
export async function ticketInScope(
	q: Queryable,
	scope: Scope,
	id: number,
	kind: DataKind = 'tickets'
): Promise<boolean> {
	if (!sees(scope, kind)) return false;
	const w = new SqlWhere([id]);
	whereTickets(scope, kind, w);
	const { rows } = await q.query(`SELECT 1 FROM tickets t WHERE t.id = $1 AND ${w.sql}`, w.params);
	return rows.length > 0;
}

/**
 * Whether person `personId` could act on ticket `ticketId`, and so may be assigned it: the worker of
 * its grid cell, the steward of its building, or another grid worker of its street (the one rule,
 * SQL function ticket_assignee_reason of migration 141, which dispatch and the orphan check use).
 * Once assigned, the ticket is theirs to read everywhere (the assignee rule above). False for an
 * unknown ticket or person.
 */
export async function canActOn(q: Queryable, personId: number, ticketId: number): Promise<boolean> {
	const { rows } = await q.query(
		`SELECT ticket_assignee_reason($1, t.grid_cell_id, t.building_id, t.street_id) IS NOT NULL AS ok
		 FROM tickets t WHERE t.id = $2`,
		[personId, ticketId]
	);
	return rows[0]?.ok === true;
}

/** An organisation that may hold tickets: a property company or a department (migration 350). */
export type Holder = { kind: 'company'; id: number } | { kind: 'department'; id: number };

/**
 * Whether an organisation may hold ticket `ticketId` (dispatch offers, the server enforces and the
 * orphan check lists with this one rule, SQL ticket_holder_ok of migration 350): a company the
 * tickets of the compounds it manages now; a department, active, the tickets inside its area (all
 * of them when it serves the whole city). False for an unknown ticket or organisation.
 */
export async function canHold(q: Queryable, holder: Holder, ticketId: number): Promise<boolean> {
	const { rows } = await q.query(
		`SELECT ticket_holder_ok($1, $2, t.compound_id, coalesce(t.community_id, t.district_id)) AS ok
		 FROM tickets t WHERE t.id = $3`,
		[holder.kind === 'company' ? holder.id : null, holder.kind === 'department' ? holder.id : null, ticketId]
	);
	return rows[0]?.ok === true;
}

/** The area whose subtree an official's rows lie in; null for every other scope. */
export const subtreeRoot = (scope: Scope): number | null =>
	scope.kind === 'area' || scope.kind === 'dispatch' ? scope.areaId : null;

/** A grid worker's or steward's scope: the ones that have a zone of their own. */
export type ZoneScope = Extract<Scope, { kind: 'grid_cells' | 'buildings' }>;

/** The scope as a zone (grid worker, steward); 403 naming `role` for every other role. */
export function zoneScope(scope: Scope): ZoneScope {
	if (scope.kind !== 'grid_cells' && scope.kind !== 'buildings')
		throw new ScopeError('role', 'only grid workers and stewards have a zone');
	return scope;
}

/**
 * What a role needs as its scope, checked when an account is created or changed: an official or a
 * dispatcher an active area, a grid worker or steward an active person of that kind, a company user
 * an active property company, a department user an active department; other roles none (all
 * returned null). 400 naming the missing field, 422 naming a wrong one.
 */
export async function scopeFields(
	q: Queryable,
	v: {
		role: string;
		areaId?: number | null;
		personId?: number | null;
		companyId?: number | null;
		departmentId?: number | null;
	}
): Promise<{
	areaId: number | null;
	personId: number | null;
	companyId: number | null;
	departmentId: number | null;
}> {
	const byArea = v.role === 'official' || v.role === 'dispatcher';
	const areaId = byArea ? (v.areaId ?? null) : null;
	const personId = v.role === 'grid_worker' || v.role === 'steward' ? (v.personId ?? null) : null;
	const companyId = v.role === 'company' ? (v.companyId ?? null) : null;
	const departmentId = v.role === 'department' ? (v.departmentId ?? null) : null;
	if (v.role === 'company') {
		if (!companyId) throw new InputError(400, 'companyId', 'a company user needs a property company');
		const { rows } = await q.query('SELECT 1 FROM property_companies WHERE id = $1 AND retired_at IS NULL', [
			companyId
		]);
		if (!rows[0]) throw new InputError(422, 'companyId', `company ${companyId} does not exist`, 'not_found');
	}
	if (v.role === 'department') {
		if (!departmentId) throw new InputError(400, 'departmentId', 'a department user needs a department');
		const { rows } = await q.query('SELECT 1 FROM departments WHERE id = $1 AND retired_at IS NULL', [
			departmentId
		]);
		if (!rows[0])
			throw new InputError(422, 'departmentId', `department ${departmentId} does not exist`, 'not_found');
	}
	if (byArea) {
		if (!areaId) throw new InputError(400, 'areaId', `a ${v.role} needs an area (their scope)`);
		const { rows } = await q.query('SELECT 1 FROM areas WHERE id = $1 AND retired_at IS NULL', [areaId]);
		if (!rows[0]) throw new InputError(422, 'areaId', `area ${areaId} does not exist`, 'not_found');
	}
	if (v.role === 'grid_worker' || v.role === 'steward') {
		if (!personId) throw new InputError(400, 'personId', `a ${v.role} acts as a person: choose one`);
		const { rows } = await q.query('SELECT kind FROM people WHERE id = $1 AND retired_at IS NULL', [
			personId
		]);
		if (!rows[0])
			throw new InputError(422, 'personId', `person ${personId} does not exist`, undefined, {
				reason: 'person_missing',
				id: personId
			});
		if (rows[0].kind !== v.role)
			throw new InputError(422, 'personId', `person ${personId} is a ${rows[0].kind}`, undefined, {
				reason: 'person_wrong_kind',
				id: personId
			});
	}
	return { areaId, personId, companyId, departmentId };
}

/** Refuses (403) an area outside the official's subtree. Planners and admins see every area. */
export async function assertAreaInScope(q: Queryable, scope: Scope, areaId: number): Promise<void> {
	if (scope.kind === 'all' || scope.kind === 'aggregates') return;
	if (scope.kind === 'area' || scope.kind === 'dispatch') {
		const { rows } = await q.query('SELECT 1 FROM areas WHERE id = $1 AND path @> ARRAY[$2::int]', [
			areaId,
			scope.areaId
		]);
		if (rows.length > 0) return;
	}
	throw new ScopeError('area', `area ${areaId} is outside your scope`, 'outside_scope');
}
