// Patrols on a real PostGIS: start / resume, idempotent position batches with dropped fixes
// counted, the 50 m check-in rule, ending twice, scope, and nothing half-written on a refusal.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { scopeOf, type SessionUser } from '../../src/lib/server/auth/roles';
import {
	addPoints,
	checkIn,
	endPatrol,
	getPatrol,
	listPatrols,
	PointBatch,
	startPatrol
} from '../../src/lib/server/field/patrols';
import { demoUser, one } from './helpers';

let worker: SessionUser;
let steward: SessionUser;
let patrolId: number;
// a building of the worker's zone, and its topmost vertex (a point due north of it is nearest to it)
let building: { id: number; lon: number; lat: number; top_lon: number; top_lat: number };

const counts = async (id: number) =>
	one<{ points: number; batches: number; checkins: number }>(
		`SELECT (SELECT count(*)::int FROM patrol_points WHERE patrol_id = $1) AS points,
		   (SELECT count(*)::int FROM patrol_batches WHERE patrol_id = $1) AS batches,
		   (SELECT count(*)::int FROM patrol_checkins WHERE patrol_id = $1) AS checkins`,
		[id]
	);

beforeAll(async () => {
	worker = await demoUser('gridworker');
	steward = await demoUser('steward');
	// the demo may have a patrol of today still running: close it so this file starts its own
	await db().query(
		'UPDATE patrols SET ended_at = greatest(now(), started_at) WHERE ended_at IS NULL AND worker_id = $1',
		[worker.personId]
	);
	building = await one(
		`SELECT b.id, ST_X(ST_PointOnSurface(b.geom)) AS lon, ST_Y(ST_PointOnSurface(b.geom)) AS lat, v.top_lon, v.top_lat
		 FROM buildings b JOIN grid_cells c ON c.worker_id = $1 AND ST_Contains(c.geom, ST_PointOnSurface(b.geom))
		 CROSS JOIN LATERAL (SELECT ST_X(d.geom) AS top_lon, ST_Y(d.geom) AS top_lat FROM ST_DumpPoints(b.geom) d
		                     ORDER BY ST_Y(d.geom) DESC LIMIT 1) v
		 ORDER BY b.id LIMIT 1`,
		[worker.personId]
	);
});

describe('a patrol from start to end', () => {
	it('starts once; a second start resumes the same patrol; a supervisor cannot patrol', async () => {
		const p = await startPatrol(worker);
		expect(p).toMatchObject({ points: 0, checkins: 0, endedAt: null, resumed: false });
		patrolId = p.id;
		const again = await startPatrol(worker);
		expect(again).toMatchObject({ id: patrolId, resumed: true });
		const row = await one<{ n: number; district: string }>(
			`SELECT count(*)::int AS n, min(a.name) AS district FROM patrols p JOIN areas a ON a.id = p.district_id
			 WHERE p.worker_id = $1 AND p.ended_at IS NULL`,
			[worker.personId]
		);
		expect(row).toEqual({ n: 1, district: '吉州区' });
		await expect(startPatrol(await demoUser('official'))).rejects.toMatchObject({ status: 403 });
	});

	it('accepts a batch once, drops a 150 m fix and a jump, and says how many', async () => {
		const t0 = Date.now() - 60_000;
		const step = 0.0001; // ≈ 11 m north per fix, every 10 s
		const points = [
			{ t: t0, lon: building.lon, lat: building.lat, accuracy: 8 },
			{ t: t0 + 10_000, lon: building.lon, lat: building.lat + step, accuracy: 8 },
			{ t: t0 + 20_000, lon: building.lon, lat: building.lat + 2 * step, accuracy: 150 },
			{ t: t0 + 30_000, lon: building.lon + 0.05, lat: building.lat, accuracy: 5 }, // ≈ 5 km in 20 s
			{ t: t0 + 40_000, lon: building.lon, lat: building.lat + 3 * step, accuracy: 8 }
		];
		const first = await addPoints(patrolId, { batchId: 'b-1', points }, worker);
		expect(first).toEqual({
			batchId: 'b-1',
			accepted: 3,
			dropped: 2,
			droppedBy: { accuracy: 1, speed: 1, time: 0 },
			replayed: false
		});
		expect(await counts(patrolId)).toEqual({ points: 3, batches: 1, checkins: 0 });
		const track = await one<{ n: number; len: number }>(
			'SELECT ST_NPoints(track) AS n, ST_Length(track::geography) AS len FROM patrols WHERE id = $1',
			[patrolId]
		);
		// three fixes 0.0003° of latitude apart in all ≈ 33.4 m
		expect(track.n).toBe(3);
		expect(track.len).toBeCloseTo(33.36, 0);

		// the phone lost the answer and sends the batch again: same answer, nothing new stored
		const replay = await addPoints(patrolId, { batchId: 'b-1', points }, worker);
		expect(replay).toEqual({ ...first, replayed: true });
		expect(await counts(patrolId)).toEqual({ points: 3, batches: 1, checkins: 0 });

		// the next batch is checked for speed against the last stored fix
		const next = await addPoints(
			patrolId,
			{
				batchId: 'b-2',
				points: [{ t: t0 + 41_000, lon: building.lon, lat: building.lat + 0.01, accuracy: 5 }]
			},
			worker
		);
		expect(next).toMatchObject({ accepted: 0, dropped: 1, droppedBy: { speed: 1 } });
	});

	it('refuses a batch with a timestamp in the future, or malformed points, writing nothing', async () => {
		const before = await counts(patrolId);
		await expect(
			addPoints(
				patrolId,
				{
					batchId: 'b-future',
					points: [
						{ t: Date.now(), lon: building.lon, lat: building.lat + 0.0004, accuracy: 5 },
						{ t: Date.now() + 10 * 60_000, lon: building.lon, lat: building.lat, accuracy: 5 }
					]
				},
				worker
			)
		).rejects.toMatchObject({ status: 400, field: 'points.1.t' });
		expect(await counts(patrolId)).toEqual(before);
		const bad = PointBatch.safeParse({ batchId: 'b x', points: [{ t: 1, lon: 500, lat: 0 }] });
		expect(bad.success).toBe(false);
		expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['batchId', 'points.0.lon']);
		expect(PointBatch.safeParse({ batchId: 'b', points: [] }).error!.issues[0].path).toEqual(['points']);
	});

	it('counts a check-in within 50 m, refuses one 100 m away with the distance, writing nothing', async () => {
		const before = await counts(patrolId);
		// 0.0009° due north of the topmost vertex ≈ 100.1 m from the building
		await expect(
			checkIn(
				patrolId,
				{ buildingId: building.id, lon: building.top_lon, lat: building.top_lat + 0.0009 },
				worker,
				scopeOf(worker)
			)
		).rejects.toMatchObject({ status: 422, field: 'location', distanceM: 100 });
		expect(await counts(patrolId)).toEqual(before);

		// 0.0004° ≈ 44.5 m: inside the radius
		const ok = await checkIn(
			patrolId,
			{ buildingId: building.id, lon: building.top_lon, lat: building.top_lat + 0.0004, accuracy: 10 },
			worker,
			scopeOf(worker)
		);
		expect(ok.buildingId).toBe(building.id);
		expect(ok.distanceM).toBeCloseTo(44.5, 0);
		// standing inside the footprint is 0 m away
		const inside = await checkIn(
			patrolId,
			{ buildingId: building.id, lon: building.lon, lat: building.lat },
			worker,
			scopeOf(worker)
		);
		expect(inside.distanceM).toBe(0);
		expect((await counts(patrolId)).checkins).toBe(before.checkins + 2);
	});

	it("refuses a check-in at a building outside the zone (403) and an unknown one (404); another's patrol is 403", async () => {
		const before = await counts(patrolId);
		const foreign = await one<{ id: number; lon: number; lat: number }>(
			`SELECT b.id, ST_X(ST_PointOnSurface(b.geom)) AS lon, ST_Y(ST_PointOnSurface(b.geom)) AS lat FROM buildings b
			 WHERE NOT EXISTS (SELECT 1 FROM grid_cells c WHERE c.worker_id = $1 AND ST_Contains(c.geom, ST_PointOnSurface(b.geom)))
			 ORDER BY b.id LIMIT 1`,
			[worker.personId]
		);
		await expect(
			checkIn(patrolId, { buildingId: foreign.id, ...foreign }, worker, scopeOf(worker))
		).rejects.toMatchObject({ status: 403, field: 'buildingId' });
		await expect(
			checkIn(patrolId, { buildingId: 99_999_999, lon: 115, lat: 27 }, worker, scopeOf(worker))
		).rejects.toMatchObject({ status: 404 });
		await expect(
			checkIn(
				patrolId,
				{ buildingId: building.id, lon: building.lon, lat: building.lat },
				steward,
				scopeOf(steward)
			)
		).rejects.toMatchObject({ status: 403, field: 'id' });
		await expect(
			addPoints(patrolId, { batchId: 's-1', points: [{ t: Date.now(), lon: 115, lat: 27 }] }, steward)
		).rejects.toMatchObject({ status: 403 });
		await expect(getPatrol(patrolId, scopeOf(steward))).rejects.toMatchObject({ status: 403 });
		expect(await counts(patrolId)).toEqual(before);
	});

	it('shows the patrol to its worker and to supervisors in scope, not to one outside it', async () => {
		const official = await demoUser('jizhou');
		const mine = await listPatrols({}, scopeOf(worker));
		const seen = await listPatrols({}, scopeOf(official));
		expect(mine.map((p) => p.id)).toContain(patrolId);
		expect(mine.every((p) => p.workerId === worker.personId)).toBe(true);
		const p = seen.find((x) => x.id === patrolId)!;
		expect(p).toMatchObject({ workerId: worker.personId, points: 3 });
		expect(p.checkins).toHaveLength(2);
		expect(p.track.type).toBe('LineString');
		const otherDistrict = await one<{ id: number }>(
			`SELECT id FROM areas WHERE level = 'district' AND name <> '吉州区' ORDER BY id LIMIT 1`
		);
		const outside = await listPatrols({}, { kind: 'area', areaId: otherDistrict.id });
		expect(outside.map((x) => x.id)).not.toContain(patrolId);
		await expect(getPatrol(patrolId, { kind: 'area', areaId: otherDistrict.id })).rejects.toMatchObject({
			status: 403
		});
		// another day has none of today's patrols
		expect((await listPatrols({ date: '2000-01-01' }, scopeOf(official))).length).toBe(0);
	});

	it('ends once: a second end is 409, and so are new points and check-ins; a replayed batch still answers', async () => {
		const end = await endPatrol(patrolId, worker);
		expect(end).toMatchObject({ id: patrolId, points: 3, checkins: 2 });
		expect(end.endedAt).not.toBeNull();
		const endedAt = (await one<{ e: Date }>('SELECT ended_at AS e FROM patrols WHERE id = $1', [patrolId])).e;
		await expect(endPatrol(patrolId, worker)).rejects.toMatchObject({ status: 409 });
		await expect(
			addPoints(
				patrolId,
				{ batchId: 'b-late', points: [{ t: Date.now(), lon: building.lon, lat: building.lat }] },
				worker
			)
		).rejects.toMatchObject({ status: 409 });
		await expect(
			checkIn(
				patrolId,
				{ buildingId: building.id, lon: building.lon, lat: building.lat },
				worker,
				scopeOf(worker)
			)
		).rejects.toMatchObject({ status: 409 });
		expect(
			await addPoints(patrolId, { batchId: 'b-1', points: [{ t: 1, lon: 0, lat: 0 }] }, worker)
		).toMatchObject({
			accepted: 3,
			replayed: true
		});
		expect(await counts(patrolId)).toEqual({ points: 3, batches: 2, checkins: 2 });
		expect((await one<{ e: Date }>('SELECT ended_at AS e FROM patrols WHERE id = $1', [patrolId])).e).toEqual(
			endedAt
		);
		// and a new start is a new patrol
		const next = await startPatrol(worker);
		expect(next.id).not.toBe(patrolId);
		expect(next.resumed).toBe(false);
	});
});
