-- The playback cube: tickets counted by hexagon cell of ST_HexagonGrid($1) (EPSG:3857) × day × category.
-- The cell is density.sql's: both splice in hex-cell.sql (tests/integration/analysis-cube.test.ts checks
-- that the sums equal GET /api/analysis/density). $1 size, $2 statuses, $3 from
-- (Beijing midnight of the first day), $4 to; the scope condition (alias t) follows with its own
-- parameters. A day is 86,400 s after $3 (China keeps no daylight saving time).
WITH pts AS (
  SELECT t.status, t.due_at, t.resolved_at, t.category,
    floor(extract(epoch FROM t.created_at - $3::timestamptz) / 86400)::int AS day,
    6378137 * radians(ST_X(t.geom)) AS x,
    6378137 * ln(tan(pi() / 4 + radians(ST_Y(t.geom)) / 2)) AS y
  FROM tickets t
  WHERE ($2::text[] IS NULL OR t.status = ANY ($2::text[]))
    AND t.created_at >= $3::timestamptz AND t.created_at < $4::timestamptz
    AND /*scope*/
  OFFSET 0
), /*hex cells*/
)
SELECT i, j, day, category,
  count(*)::int AS count,
  -- late: open past its due time, or resolved after it (as density.sql)
  count(*) FILTER (WHERE (ticket_is_open(status) AND due_at < now()) OR resolved_at > due_at)::int AS overdue
FROM hex GROUP BY 1, 2, 3, 4
