-- Ticket density in hexagons of ST_HexagonGrid($1) (EPSG:3857). Each ticket is put in its cell by
-- arithmetic on its Web Mercator coordinates (hex-cell.sql, spliced in after `pts`). Only the
-- non-empty cells are turned into polygons. $1 size, $2..$5 bbox (or NULL), $6 categories,
-- $7 statuses, $8 from, $9 to; the scope condition (alias t) follows with its own parameters.
WITH pts AS (
  -- OFFSET 0 keeps each stage a separate step, so the planner does not paste the expressions
  -- of one stage into every use in the next
  SELECT t.status, t.due_at, t.created_at, t.resolved_at,
    6378137 * radians(ST_X(t.geom)) AS x,
    6378137 * ln(tan(pi() / 4 + radians(ST_Y(t.geom)) / 2)) AS y
  FROM tickets t
  WHERE ($2::float8 IS NULL OR t.geom && ST_MakeEnvelope($2, $3, $4, $5, 4326))
    AND ($6::text[] IS NULL OR t.category = ANY ($6::text[]))
    AND ($7::text[] IS NULL OR t.status = ANY ($7::text[]))
    AND t.created_at >= $8::timestamptz AND t.created_at < $9::timestamptz
    AND /*scope*/
  OFFSET 0
), /*hex cells*/
), bins AS (
  SELECT i, j,
    count(*)::int AS count,
    count(*) FILTER (WHERE ticket_is_open(status))::int AS open,
    -- late: open past its due time, or resolved after it
    count(*) FILTER (WHERE (ticket_is_open(status) AND due_at < now())
                        OR resolved_at > due_at)::int AS overdue,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at) / 3600)
      FILTER (WHERE resolved_at IS NOT NULL) AS median_resolution_h
  FROM hex GROUP BY 1, 2
)
SELECT i, j, count, open, overdue, round(median_resolution_h::numeric, 1)::float8 AS "medianResolutionHours",
  ST_AsGeoJSON(ST_Transform(ST_Hexagon($1::float8, i, j, ST_SetSRID(ST_MakePoint(0, 0), 3857)), 4326), 6)::json AS geometry
FROM bins
ORDER BY count DESC, i, j
