// Patrols (巡查): start, position batches (idempotent by the client's batch id, implausible fixes
// dropped and counted), check-ins at buildings within 50 m, end; and the supervisor's and the
// analysis layer's views of them. Every write locks the patrol row and commits in one transaction.
import type pg from 'pg';
import { z } from 'zod';
import { decimal } from '../input';
import { db, withTransaction, type Queryable } from '../db/pool';
import { InputError } from '../http';
import type { Scope, SessionUser } from '../auth/roles';
import { cellCondition, patrolCondition, SqlWhere, zoneScope } from '../auth/scope';
import { filterFixes, MAX_ACCURACY_M, type Fix } from '../../field/points';
import { zoneSql } from './zone';
import listSql from './patrol-list.sql?raw';
import { madeAt, type Remember } from './idempotency';

export const CHECKIN_RADIUS_M = 50;
/** Clock skew a phone may have before its timestamps count as "in the future". */
const FUTURE_SLACK_MS = 2 * 60_000;

const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

export const PointBatch = z.object({
	batchId: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits and . _ : - only (1–100)'),
	points: z
		.array(
			z.object({
				t: z.number().int().positive(),
				lon,
				lat,
				accuracy: z.number().min(0).nullable().optional()
			})
		)
		.min(1, 'at least one point')
		.max(1000, 'at most 1,000 points a batch')
});
export type PointBatch = z.infer<typeof PointBatch>;

export const CheckinInput = z.object({
	buildingId: z.number().int().positive().max(2_147_483_647),
	lon,
	lat,
	accuracy: z.number().min(0).nullable().optional(),
	/** when the worker checked in, if the phone sent it later (ISO 8601, at most 72 h ago) */
	at: madeAt
});
export type CheckinInput = z.infer<typeof CheckinInput>;

export const PatrolQuery = z.object({
	date: z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
		.refine((d) => !Number.isNaN(Date.parse(d)), 'not a date')
		.optional(),
	worker: decimal(z.number().int().positive().max(2_147_483_647).optional())
});

export const CoverageQuery = z.object({ days: decimal(z.number().int().min(1).max(365).default(30)) });

/** A check-in too far from its building: refused with the distance. */
export class TooFar extends InputError {
	constructor(readonly distanceM: number) {
		super(
			422,
			'location',
			`you are ${distanceM} m from the building; a check-in counts within ${CHECKIN_RADIUS_M} m`,
			undefined,
			{ reason: 'too_far', distance: distanceM, max: CHECKIN_RADIUS_M }
		);
	}
}

function personOf(user: SessionUser): number {
	if ((user.role !== 'grid_worker' && user.role !== 'steward') || user.personId == null)
		throw new InputError(403, 'role', 'only grid workers and stewards patrol');
	return user.personId;
}

interface PatrolRow {
	id: number;
	worker_id: number;
	started_at: Date;
	ended_at: Date | null;
}

/** Locks the worker's own patrol: 404 when there is none, 403 when it is someone else's. */
async function lockOwn(c: pg.PoolClient, id: number, person: number): Promise<PatrolRow> {
	const { rows } = await c.query<PatrolRow>(
		'SELECT id, worker_id, started_at, ended_at FROM patrols WHERE id = $1 FOR UPDATE',
		[id]
	);
	if (!rows[0]) throw new InputError(404, 'id', `patrol ${id} does not exist`);
	if (rows[0].worker_id !== person) throw new InputError(403, 'id', `patrol ${id} is not yours`);
	return rows[0];
}

const openPatrolError = (p: PatrolRow) => {
	if (p.ended_at)
		throw new InputError(409, 'id', `patrol ${p.id} already ended`, undefined, { reason: 'patrol_ended' });
};

/** Starts a patrol, or resumes the worker's open one (a reload or a second phone). */
export async function startPatrol(user: SessionUser) {
	const person = personOf(user);
	return withTransaction(async (c) => {
		const district = (
			await c.query(
				`SELECT coalesce(
				   (SELECT district_id FROM grid_cells WHERE worker_id = $1 AND retired_at IS NULL ORDER BY id LIMIT 1),
				   (SELECT district_id FROM buildings WHERE steward_id = $1 AND retired_at IS NULL ORDER BY id LIMIT 1)) AS id`,
				[person]
			)
		).rows[0].id as number | null;
		if (!district)
			throw new InputError(409, 'zone', 'you have no grid cells or buildings to patrol', undefined, {
				reason: 'no_zone'
			});
		const created = await c.query(
			`INSERT INTO patrols (worker_id, district_id, started_at) VALUES ($1, $2, now())
			 ON CONFLICT (worker_id) WHERE ended_at IS NULL DO NOTHING RETURNING id`,
			[person, district]
		);
		const id = created.rows[0]?.id;
		const patrol = await patrolSummary(
			c,
			id ??
				(await c.query('SELECT id FROM patrols WHERE worker_id = $1 AND ended_at IS NULL', [person])).rows[0]
					.id
		);
		return { ...patrol, resumed: !id };
	});
}

async function patrolSummary(q: Queryable, id: number) {
	const { rows } = await q.query(
		`SELECT p.id, p.worker_id AS "workerId", p.started_at AS "startedAt", p.ended_at AS "endedAt",
		   (SELECT count(*)::int FROM patrol_points WHERE patrol_id = p.id) AS points,
		   (SELECT count(*)::int FROM patrol_checkins WHERE patrol_id = p.id) AS checkins,
		   coalesce(round(ST_Length(p.track::geography))::int, 0) AS "lengthM"
		 FROM patrols p WHERE p.id = $1`,
		[id]
	);
	return rows[0];
}

/**
 * Stores a batch of positions once. A replayed batch id answers what the first delivery answered
 * and writes nothing; fixes worse than 100 m or needing an impossible speed are dropped and counted.
 */
export async function addPoints(id: number, batch: PointBatch, user: SessionUser) {
	const person = personOf(user);
	const limit = Date.now() + FUTURE_SLACK_MS;
	const future = batch.points.findIndex((p) => p.t > limit);
	if (future >= 0)
		throw new InputError(
			400,
			`points.${future}.t`,
			`${new Date(batch.points[future].t).toISOString()} is in the future`,
			undefined,
			{ reason: 'in_future' }
		);
	return withTransaction(async (c) => {
		const patrol = await lockOwn(c, id, person);
		const seen = await c.query('SELECT response FROM patrol_batches WHERE patrol_id = $1 AND batch_id = $2', [
			id,
			batch.batchId
		]);
		if (seen.rows[0]) return { ...seen.rows[0].response, replayed: true };
		openPatrolError(patrol);

		const last = (
			await c.query<Fix>(
				`SELECT (extract(epoch FROM at) * 1000)::float8 AS t, ST_X(geom) AS lon, ST_Y(geom) AS lat
				 FROM patrol_points WHERE patrol_id = $1 ORDER BY at DESC, id DESC LIMIT 1`,
				[id]
			)
		).rows[0];
		// a phone's clock may run a little behind the server's: allow the same slack before the start
		const { kept, dropped } = filterFixes(
			last ?? null,
			batch.points,
			patrol.started_at.getTime() - FUTURE_SLACK_MS
		);
		if (kept.length) {
			await c.query(
				`INSERT INTO patrol_points (patrol_id, at, geom, accuracy_m)
				 SELECT $1, to_timestamp(t / 1000.0), ST_SetSRID(ST_MakePoint(x, y), 4326), a
				 FROM unnest($2::float8[], $3::float8[], $4::float8[], $5::real[]) AS u(t, x, y, a)`,
				[
					id,
					kept.map((f) => f.t),
					kept.map((f) => f.lon),
					kept.map((f) => f.lat),
					kept.map((f) => f.accuracy ?? null)
				]
			);
			// the track is the kept fixes in time order (a line needs two distinct points)
			await c.query(
				`UPDATE patrols p SET track = l.line FROM (
				   SELECT CASE WHEN count(DISTINCT geom) >= 2 THEN ST_MakeLine(geom ORDER BY at, id) END AS line
				   FROM patrol_points WHERE patrol_id = $1) l
				 WHERE p.id = $1`,
				[id]
			);
		}
		const droppedTotal = dropped.accuracy + dropped.speed + dropped.time;
		const response = {
			batchId: batch.batchId,
			accepted: kept.length,
			dropped: droppedTotal,
			droppedBy: dropped,
			replayed: false
		};
		await c.query(
			`INSERT INTO patrol_batches (patrol_id, batch_id, accepted, dropped, response) VALUES ($1, $2, $3, $4, $5)`,
			[id, batch.batchId, kept.length, droppedTotal, JSON.stringify(response)]
		);
		return response;
	});
}

/**
 * A check-in at a building of the worker's zone, counted only within 50 m of it. Its time is when
 * it was made (`input.at`, sent later by a phone that was offline; now otherwise), which must fall
 * inside the patrol; when it arrived is kept beside it. `remember` runs in the same transaction.
 */
export async function checkIn(
	id: number,
	input: CheckinInput,
	user: SessionUser,
	scope: Scope,
	remember?: Remember<Record<string, unknown>>
) {
	const person = personOf(user);
	const fs = zoneScope(scope);
	if (input.accuracy != null && input.accuracy > MAX_ACCURACY_M)
		throw new InputError(
			422,
			'accuracy',
			`the position is only good to ${Math.round(input.accuracy)} m; wait for a better fix (≤ ${MAX_ACCURACY_M} m)`,
			undefined,
			{ reason: 'poor_accuracy', accuracy: Math.round(input.accuracy), max: MAX_ACCURACY_M }
		);
	return withTransaction(async (c) => {
		const patrol = await lockOwn(c, id, person);
		openPatrolError(patrol);
		if (input.at && Date.parse(input.at) < patrol.started_at.getTime() - FUTURE_SLACK_MS)
			throw new InputError(422, 'at', `${input.at} is before patrol ${id} started`, undefined, {
				reason: 'before_patrol'
			});
		const { rows } = await c.query(
			`SELECT b.id, b.code, round(ST_Distance(b.geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography)::numeric, 1)::float8 AS d,
			   EXISTS (SELECT 1 FROM (${zoneSql(fs).replace(/\$1/g, '$4').replace(/\$2/g, 'NULL')}) zb WHERE zb.building_id = b.id) AS mine
			 FROM buildings b WHERE b.id = $1 AND b.retired_at IS NULL`,
			[input.buildingId, input.lon, input.lat, person]
		);
		const b = rows[0];
		if (!b) throw new InputError(404, 'buildingId', `building ${input.buildingId} does not exist`);
		if (!b.mine)
			throw new InputError(403, 'buildingId', `building ${b.code} is outside your zone`, undefined, {
				reason: 'outside_zone'
			});
		if (b.d > CHECKIN_RADIUS_M) throw new TooFar(Math.round(b.d));
		const { rows: created } = await c.query(
			`INSERT INTO patrol_checkins (patrol_id, building_id, at, received_at, geom, distance_m)
			 VALUES ($1, $2, least(coalesce($6::timestamptz, now()), now()), now(), ST_SetSRID(ST_MakePoint($3, $4), 4326), $5)
			 RETURNING id, building_id AS "buildingId", at, received_at AS "receivedAt", distance_m AS "distanceM"`,
			[id, input.buildingId, input.lon, input.lat, b.d, input.at ?? null]
		);
		const result = { ...created[0], code: b.code };
		await remember?.(c, result);
		return result;
	});
}

export async function endPatrol(id: number, user: SessionUser) {
	const person = personOf(user);
	return withTransaction(async (c) => {
		openPatrolError(await lockOwn(c, id, person));
		await c.query('UPDATE patrols SET ended_at = greatest(now(), started_at) WHERE id = $1', [id]);
		return patrolSummary(c, id);
	});
}

/** Patrols of a day (Beijing date; today by default) in scope, with tracks and check-ins. */
export async function listPatrols(q: z.infer<typeof PatrolQuery>, scope: Scope) {
	const w = new SqlWhere([q.date ?? null, q.worker ?? null, false]);
	w.and(patrolCondition(scope, w));
	const { rows } = await db().query(listSql.replace('/*scope*/ true', w.sql), w.params);
	return rows;
}

export async function getPatrol(id: number, scope: Scope) {
	const w = new SqlWhere([null, null, true]);
	w.and(patrolCondition(scope, w)).and(`p.id = ${w.p(id)}`);
	const { rows } = await db().query(listSql.replace('/*scope*/ true', w.sql), w.params);
	if (rows[0]) return rows[0];
	const exists = await db().query('SELECT 1 FROM patrols WHERE id = $1', [id]);
	if (!exists.rows[0]) throw new InputError(404, 'id', `patrol ${id} does not exist`);
	throw new InputError(403, 'id', `patrol ${id} is outside your scope`);
}

/** Patrol coverage per grid cell in scope: buildings checked in within the last N days. */
export async function patrolCoverage(days: number, scope: Scope) {
	const w = new SqlWhere([days]);
	w.and(cellCondition(scope, w, 'c'));
	const { rows } = await db().query(
		`SELECT c.id, c.code, c.name, c.community_id AS "communityId", v.buildings, v.visited,
		   CASE WHEN v.buildings > 0 THEN round(v.visited::numeric / v.buildings, 4) END AS ratio,
		   v.last_checkin_at AS "lastCheckinAt"
		 FROM patrol_coverage(now() - make_interval(days => $1)) v JOIN grid_cells c ON c.id = v.grid_cell_id
		 WHERE ${w.sql} ORDER BY c.code`,
		w.params
	);
	return rows;
}
