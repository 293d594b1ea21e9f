-- The playback cube: tickets counted by hexagon cell of ST_HexagonGrid($1) (EPSG:3857) × day × category.
-- The cell arithmetic is density.sql's, line for line (tests/integration/analysis-cube.test.ts checks
-- that the sums equal GET /api/analysis/density); keep both the same. $1 size, $2 statuses, $3 from
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
), cand AS (
  SELECT p.*, floor(p.x / (1.5 * $1::float8))::int AS ia FROM pts p OFFSET 0
), rows2 AS (
  SELECT c.*, c.ia + 1 AS ib,
    round(c.y / (sqrt(3) * $1::float8) - 0.5::float8 * (abs(c.ia) % 2))::int AS ja,
    round(c.y / (sqrt(3) * $1::float8) - 0.5::float8 * (abs(c.ia + 1) % 2))::int AS jb
  FROM cand c OFFSET 0
), cell AS (
  SELECT r.*,
    (x - 1.5 * $1::float8 * ia) ^ 2 + (y - sqrt(3) * $1::float8 * (ja + 0.5::float8 * (abs(ia) % 2))) ^ 2
      <= (x - 1.5 * $1::float8 * ib) ^ 2 + (y - sqrt(3) * $1::float8 * (jb + 0.5::float8 * (abs(ib) % 2))) ^ 2 AS first
  FROM rows2 r OFFSET 0
)
SELECT CASE WHEN first THEN ia ELSE ib END AS i, CASE WHEN first THEN ja ELSE jb END AS j,
  day, category,
  count(*)::int AS count,
  -- late: open past its due time, or resolved after it (as density.sql)
  count(*) FILTER (WHERE (ticket_is_open(status) AND due_at < now()) OR resolved_at > due_at)::int AS overdue
FROM cell GROUP BY 1, 2, 3, 4
