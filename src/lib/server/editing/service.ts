// Create, edit and retire the city's records, the same way for every layer (see specs.ts): the
// body is validated (400 naming the field), the database checks run (422: references, geometry
// inside its parent; 409: a code already used), the scope is checked on the record before and after
// the edit (403), and the write, its version bump and its audit row share one transaction.
import type { PoolClient } from 'pg';
import type { EntityName } from '$lib/editing/fields';
import type { SessionUser } from '../auth/roles';
import { scopeOf, type Scope } from '../auth/roles';
import { assertSees, ruleFor, SqlWhere, subtreeRoot } from '../auth/scope';
import { db, withTransaction, type Queryable } from '../db/pool';
import { InputError } from '../http';
import { listAudit, writeAudit, type AuditRow } from '../audit/log';
import { crossFieldProblem } from './schemas';
import { SPECS, type Spec, type Values } from './specs';
import changesSinceSql from './changes-since.sql?raw';

export interface EditRecord extends Values {
	id: number;
	version: number;
	retiredAt: string | null;
}

export interface Change {
	at: string;
	actor: string | null;
	action: string;
	version: number;
	fields: Record<string, { from: unknown; to: unknown }>;
}

/** The second save of the same version: refused with what changed in between (HTTP 409). */
export class ConflictError extends Error {
	readonly field = 'version';
	constructor(
		readonly yourVersion: number,
		readonly current: EditRecord,
		readonly changes: Change[]
	) {
		super(
			`version: you edited version ${yourVersion}, the record is now at version ${current.version} ` +
				`(changed meanwhile: ${[...new Set(changes.flatMap((c) => Object.keys(c.fields)))].join(', ') || 'nothing visible'})`
		);
	}
}

const UNIQUE_FIELDS = ['code', 'creditCode'];

function selectList(spec: Spec): string {
	const cols = Object.entries(spec.columns).map(
		([f, c]) => `t.${c}${spec.dates?.includes(f) ? '::text' : ''} AS "${f}"`
	);
	if (spec.geometry) cols.push('ST_AsGeoJSON(t.geom, 7)::jsonb AS geom');
	if (spec.extraSelect) cols.push(spec.extraSelect);
	return `t.id, t.version, t.retired_at AS "retiredAt", ${cols.join(', ')}`;
}

export async function readRecord(
	q: Queryable,
	entity: EntityName,
	id: number,
	lock = false
): Promise<EditRecord | null> {
	const spec = SPECS[entity];
	const { rows } = await q.query<EditRecord>(
		`SELECT ${selectList(spec)} FROM ${spec.table} t WHERE t.id = $1${lock ? ' FOR UPDATE OF t' : ''}`,
		[id]
	);
	return rows[0] ?? null;
}

export async function assertScope(q: Queryable, entity: EntityName, scope: Scope, v: Values): Promise<void> {
	if (ruleFor(scope, 'edits') === 'all') return;
	const spec = SPECS[entity];
	const field = spec.place;
	assertSees(scope, 'edits', field);
	const root = subtreeRoot(scope)!; // the rule left an official's subtree
	const areas = [...new Set(await spec.areasOf(q, v))];
	if (areas.length === 0) {
		if (spec.openWhenUnplaced) return;
		throw new InputError(403, field, 'a record in no area can be edited by an admin only');
	}
	const { rows } = await q.query<{ inside: number }>(
		'SELECT count(*)::int AS inside FROM areas WHERE id = ANY ($1::int[]) AND path @> ARRAY[$2::int]',
		[areas, root]
	);
	const ok = spec.anyArea ? rows[0].inside > 0 : rows[0].inside === areas.length;
	if (!ok) throw new InputError(403, field, 'is outside your area');
}

/** Parses a GeoJSON geometry in PostGIS: refuses bad GeoJSON, a wrong type and invalid shapes. */
export async function checkGeometry(geom: unknown, want: 'Point' | 'MultiPolygon', field = 'geom') {
	let r: { type: string; valid: boolean; reason: string; empty: boolean };
	try {
		const { rows } = await db().query(
			`WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g)
			 SELECT GeometryType(g) AS type, ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason, ST_IsEmpty(g) AS empty FROM g`,
			[JSON.stringify(geom)]
		);
		r = rows[0];
	} catch (err) {
		throw new InputError(400, field, `not a GeoJSON geometry: ${(err as Error).message}`);
	}
	const types = want === 'Point' ? ['POINT'] : ['POLYGON', 'MULTIPOLYGON'];
	if (!types.includes(r.type)) throw new InputError(400, field, `must be a ${want}, got ${r.type}`);
	if (r.empty) throw new InputError(400, field, 'is empty');
	if (!r.valid) throw new InputError(422, field, `is not a valid shape: ${r.reason}`);
}

const geomExpr = (spec: Spec, p: string) =>
	spec.geometry === 'MultiPolygon'
		? `ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${p}), 4326))`
		: `ST_SetSRID(ST_GeomFromGeoJSON(${p}), 4326)`;

async function assertUnique(
	q: Queryable,
	entity: EntityName,
	v: Values,
	id: number | null,
	changed: Set<string>
) {
	const spec = SPECS[entity];
	for (const f of UNIQUE_FIELDS) {
		if (!(f in spec.columns) || !changed.has(f)) continue;
		const { rows } = await q.query(
			`SELECT id FROM ${spec.table} WHERE ${spec.columns[f]} = $1 AND id IS DISTINCT FROM $2`,
			[v[f], id]
		);
		if (rows[0]) throw new InputError(409, f, `"${v[f]}" is already used by ${entity} ${rows[0].id}`);
	}
}

/** Constraint violations the checks above did not catch (a race): named by their column. */
function fromDatabaseError(entity: EntityName, err: unknown): never {
	const e = err as { code?: string; constraint?: string; message?: string };
	const spec = SPECS[entity];
	const field = () =>
		Object.entries(spec.columns).find(([, c]) => e.constraint?.includes(c))?.[0] ??
		(e.constraint?.includes('geom') ? 'geom' : 'body');
	if (e.code === '23505') throw new InputError(409, field(), 'is already used');
	if (e.code === '23514') throw new InputError(400, field(), `violates ${e.constraint}`);
	if (e.code === '23503') throw new InputError(422, field(), 'refers to a record that does not exist');
	throw err;
}

function geometryOf(entity: EntityName, v: Values) {
	const spec = SPECS[entity];
	return spec.geometry && v.geom ? checkGeometry(v.geom, spec.geometry) : Promise.resolve();
}

function assertCrossFields(entity: EntityName, v: Values) {
	const p = crossFieldProblem(entity, v);
	if (p) throw new InputError(400, p.field, p.message);
}

/** Runs fn in the caller's transaction when given one (split / merge), else in a new one. */
const inTransaction = <T>(outer: PoolClient | undefined, fn: (q: PoolClient) => Promise<T>) =>
	outer ? fn(outer) : withTransaction(fn);

export async function createRecord(
	entity: EntityName,
	values: Values,
	user: SessionUser,
	outer?: PoolClient
): Promise<EditRecord> {
	const spec = SPECS[entity];
	assertCrossFields(entity, values);
	await geometryOf(entity, values);
	try {
		return await inTransaction(outer, async (q) => {
			const scope = scopeOf(user);
			await assertScope(q, entity, scope, values);
			const changed = new Set(Object.keys(values));
			await assertUnique(q, entity, values, null, changed);
			const derived = await spec.check(q, values, null, changed);
			const cols: string[] = [];
			const exprs: string[] = [];
			const params: unknown[] = [];
			for (const [f, c] of Object.entries(spec.columns)) {
				if (values[f] === undefined) continue;
				params.push(values[f]);
				cols.push(c);
				exprs.push(`$${params.length}`);
			}
			for (const [c, val] of Object.entries(derived)) {
				params.push(val);
				cols.push(c);
				exprs.push(`$${params.length}`);
			}
			if (spec.geometry && values.geom) {
				params.push(JSON.stringify(values.geom));
				cols.push('geom');
				exprs.push(geomExpr(spec, `$${params.length}`));
			}
			const { rows } = await q.query(
				`INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES (${exprs.join(', ')}) RETURNING id`,
				params
			);
			const id = rows[0].id as number;
			await spec.afterWrite?.(q, id, values, changed, true);
			const after = (await readRecord(q, entity, id))!;
			await writeAudit(q, { actorUserId: user.id, action: 'create', entity, entityId: id, after });
			return after;
		});
	} catch (err) {
		if (err instanceof InputError || err instanceof ConflictError) throw err;
		fromDatabaseError(entity, err);
	}
}

async function changesSince(
	q: Queryable,
	entity: EntityName,
	id: number,
	version: number
): Promise<Change[]> {
	const { rows } = await q.query(changesSinceSql, [entity, id, version]);
	return rows.map((r) => {
		const fields: Change['fields'] = {};
		const keys = new Set([...Object.keys(r.before ?? {}), ...Object.keys(r.after ?? {})]);
		for (const k of keys) {
			if (k === 'version') continue;
			const from = r.before?.[k] ?? null;
			const to = r.after?.[k] ?? null;
			if (JSON.stringify(from) === JSON.stringify(to)) continue;
			// geometries are long: say that they changed, not how
			fields[k] = k === 'geom' ? { from: 'geometry', to: 'geometry (changed)' } : { from, to };
		}
		return { at: r.at, actor: r.actor, action: r.action, version: r.version, fields };
	});
}

export interface UpdateBody extends Values {
	version: number;
	retired?: boolean;
}

export async function updateRecord(
	entity: EntityName,
	id: number,
	body: UpdateBody,
	user: SessionUser,
	outer?: PoolClient,
	/** grid-cell merge retires cells, which an edit alone may not */
	internal = false
): Promise<EditRecord> {
	const spec = SPECS[entity];
	const { version, ...edit } = body;
	await geometryOf(entity, edit);
	try {
		return await inTransaction(outer, async (q) => {
			const scope = scopeOf(user);
			const before = await readRecord(q, entity, id, true);
			if (!before) throw new InputError(404, 'id', `${entity} ${id} does not exist`);
			await assertScope(q, entity, scope, before);
			if (before.version !== version)
				throw new ConflictError(version, before, await changesSince(q, entity, id, version));
			if (edit.retired !== undefined && !spec.retirable && !internal)
				throw new InputError(422, 'retired', `${entity} are not retired one by one: merge them instead`);
			const changed = new Set(
				Object.keys(edit).filter((k) =>
					k === 'retired'
						? edit.retired !== (before.retiredAt !== null)
						: JSON.stringify(edit[k]) !== JSON.stringify(before[k])
				)
			);
			if (changed.size === 0) return before;
			const merged: Values = { ...before, ...edit };
			assertCrossFields(entity, merged);
			await assertScope(q, entity, scope, merged);
			await assertUnique(q, entity, merged, id, changed);
			const derived = await spec.check(q, merged, id, changed);
			const sets: string[] = ['version = version + 1'];
			const params: unknown[] = [id];
			for (const [f, c] of Object.entries(spec.columns)) {
				if (!changed.has(f)) continue;
				params.push(merged[f] ?? null);
				sets.push(`${c} = $${params.length}`);
			}
			for (const [c, val] of Object.entries(derived)) {
				params.push(val);
				sets.push(`${c} = $${params.length}`);
			}
			if (spec.geometry && changed.has('geom')) {
				params.push(merged.geom === null ? null : JSON.stringify(merged.geom));
				sets.push(`geom = ${geomExpr(spec, `$${params.length}`)}`);
			}
			if (changed.has('retired')) sets.push(`retired_at = ${edit.retired ? 'now()' : 'NULL'}`);
			await q.query(`UPDATE ${spec.table} SET ${sets.join(', ')} WHERE id = $1`, params);
			await spec.afterWrite?.(q, id, merged, changed, false);
			const after = (await readRecord(q, entity, id))!;
			const action = changed.has('retired') ? (edit.retired ? 'retire' : 'restore') : 'update';
			await writeAudit(q, { actorUserId: user.id, action, entity, entityId: id, before, after });
			return after;
		});
	} catch (err) {
		if (err instanceof InputError || err instanceof ConflictError) throw err;
		fromDatabaseError(entity, err);
	}
}

export async function getRecord(entity: EntityName, id: number, scope: Scope): Promise<EditRecord> {
	const r = await readRecord(db(), entity, id);
	if (!r) throw new InputError(404, 'id', `${entity} ${id} does not exist`);
	await assertScope(db(), entity, scope, r);
	return r;
}

export async function recordHistory(entity: EntityName, id: number, scope: Scope): Promise<AuditRow[]> {
	await getRecord(entity, id, scope);
	return listAudit({ entity, entityId: id, limit: 500 });
}

export interface ListFilter {
	q?: string;
	retired?: boolean;
	limit?: number;
	offset?: number;
}

export interface ListRow {
	id: number;
	version: number;
	label: string;
	retiredAt: string | null;
}

export async function listRecords(entity: EntityName, f: ListFilter, scope: Scope): Promise<ListRow[]> {
	const spec = SPECS[entity];
	const w = new SqlWhere([f.limit ?? 100, f.offset ?? 0]);
	if (!f.retired) w.and('t.retired_at IS NULL');
	const rule = ruleFor(scope, 'edits');
	if (rule === 'subtree') w.and(spec.inSubtree(w.p(subtreeRoot(scope))));
	else if (rule !== 'all') w.and('false');
	if (f.q) {
		const like = w.p(`%${f.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`);
		const exact = w.p(f.q.trim());
		w.and([...spec.search.map((c) => `t.${c} ILIKE ${like}`), `t.id::text = ${exact}`].join(' OR '));
	}
	const { rows } = await db().query<ListRow>(
		`SELECT t.id, t.version, ${spec.label} AS label, t.retired_at AS "retiredAt" FROM ${spec.table} t
		 WHERE ${w.sql} ORDER BY t.id LIMIT $1 OFFSET $2`,
		w.params
	);
	return rows;
}
