-- Tile of open tickets (工单): $1 z, $2 x, $3 y, then the parameters of the scope condition written
-- into the marked slot below (see ticketCondition in auth/scope.ts). No personal data: no reporter, no description.
WITH env AS (
  SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS tile,
    ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => 64.0 / 4096), 4326) AS q
), f AS (
  SELECT t.id, t.category, t.urgency, t.status, ticket_is_overdue(t.status, t.due_at, t.suspended_at) AS overdue,
    ST_AsMVTGeom(ST_Transform(t.geom, 3857), env.tile, 4096, 64, true) AS geom
  FROM tickets t, env
  WHERE t.geom && env.q AND ticket_is_open(t.status) AND (/*scope*/)
)
SELECT ST_AsMVT(f.*, 'tickets', 4096, 'geom', 'id') AS mvt FROM f WHERE f.geom IS NOT NULL
