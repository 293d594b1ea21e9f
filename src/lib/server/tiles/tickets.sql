-- Tile of open tickets (工单): $1 z, $2 x, $3 y, then the parameters of the scope condition written
-- into the marked slot below (see ticketCondition in auth/scope.ts). No personal data: no reporter, no description.
-- From z12 (where the map draws them as points) one feature per ticket; below z12, where the map
-- draws only their density (a heatmap, 6–11 px of radius there), one point per occupied cell of 64
-- tile units (1/64 of the tile, 8 px at its own zoom) with `count` the tickets in it, the heatmap's
-- weight, and no id or fields: at scale 50 the 12 tiles of the z11 city view hold 94 KB in cells of
-- 4 px and a third of that in cells of 8 px, for the same picture.
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
  SELECT NULL, NULL, NULL, NULL, NULL, count(*)::int, ST_SnapToGrid(geom, 64, 64) FROM p
  WHERE $1::int < 12 AND geom IS NOT NULL GROUP BY ST_SnapToGrid(geom, 64, 64)
)
SELECT ST_AsMVT(f.*, 'tickets', 4096, 'geom', 'id') AS mvt FROM f
