-- The hexagon of ST_HexagonGrid($1) (EPSG:3857, $1 the size in metres) that holds each row of `pts`
-- (its Web Mercator x and y in metres), by arithmetic: the nearest centre among the two candidate
-- columns, which is what ST_HexagonGrid would give without building a grid and joining it. Spliced
-- into density.sql and cube.sql after their `pts` (density.ts, cube.ts): it continues their WITH
-- after `pts` and ends in `hex`, the rows of `pts` with their cell's column i and row j.
cand AS (
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
), hex AS (
  SELECT c.*, CASE WHEN c.first THEN c.ia ELSE c.ib END AS i, CASE WHEN c.first THEN c.ja ELSE c.jb END AS j
  FROM cell c
