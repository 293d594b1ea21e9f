-- Patrols with their worker, track and check-ins. $1 a Beijing date (NULL: today), $2 a worker
-- (person) or NULL, $3 true for any day; the service puts the scope condition in place of the marker.
-- Days are Beijing days: the session's time zone is Asia/Shanghai.
SELECT p.id, p.worker_id AS "workerId", w.name AS "workerName", w.kind AS "workerKind",
       p.started_at AS "startedAt", p.ended_at AS "endedAt",
       ST_AsGeoJSON(p.track, 6)::json AS track,
       coalesce(round(ST_Length(p.track::geography))::int, 0) AS "lengthM",
       (SELECT count(*)::int FROM patrol_points pp WHERE pp.patrol_id = p.id) AS points,
       coalesce((
         SELECT json_agg(json_build_object('id', k.id, 'buildingId', k.building_id, 'code', b.code,
                  'number', b.number, 'at', k.at, 'lon', ST_X(k.geom), 'lat', ST_Y(k.geom),
                  'distanceM', k.distance_m) ORDER BY k.at, k.id)
         FROM patrol_checkins k JOIN buildings b ON b.id = k.building_id WHERE k.patrol_id = p.id), '[]') AS checkins
FROM patrols p
JOIN people w ON w.id = p.worker_id
WHERE ($3::boolean OR (p.started_at >= coalesce($1::date, current_date)::timestamptz
                       AND p.started_at < (coalesce($1::date, current_date) + 1)::timestamptz))
  AND ($2::int IS NULL OR p.worker_id = $2)
  AND /*scope*/ true
ORDER BY p.started_at, p.id
