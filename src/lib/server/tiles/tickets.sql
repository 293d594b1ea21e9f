-- Tile of open tickets (工单): $1 z, $2 x, $3 y, then the parameters of the scope condition written
-- into the marked slot below (see ticketCondition in auth/scope.ts). No personal data: no reporter, no description.
-- From z12 (where the map draws them as points) one feature per ticket; below z12, where the map
-- draws only their density (a heatmap), one point per occupied cell of 32 tile units (1/128 of the
-- tile, 4 px at its own zoom) with `count` the tickets in it, the heatmap's weight, and no id or
-- fields: at scale 50, 632 KB → 96 KB in the 9 tiles around the centre at z11.
WITH env AS (
  SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS tile,
    ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => 64.0 / 4096), 4326) AS q
), p AS (
  SELECT t.id, t.category, t.urgency, t.status, ticket_is_overdue(t.status, t.due_at, t.suspended_at) AS overdue,
    ST_AsMVTGeom(ST_Transform(t.geom, 3857), env.tile, 4096, 64, true) AS geom
  FROM tickets t, env
  WHERE t.geom && env.q AND ticket_is_open(t.status) AND (/*scope*/)
), f AS (
  SELECT id, category, urgency, status, overdue, NULL::int AS count, geom FROM p
  WHERE $1::int >= 12 AND geom IS NOT NULL
  UNION ALL
  SELECT NULL, NULL, NULL, NULL, NULL, count(*)::int, ST_SnapToGrid(geom, 32, 32) FROM p
  WHERE $1::int < 12 AND geom IS NOT NULL GROUP BY ST_SnapToGrid(geom, 32, 32)
)
SELECT ST_AsMVT(f.*, 'tickets', 4096, 'geom', 'id') AS mvt FROM f
