-- Grid candidates over built-up land: the squares of a regular grid ($1 metres, EPSG:4547, aligned
-- to the CRS origin so that the same spacing gives the same points) that touch a compound ($2: of
-- that area's subtree), one candidate each: the point of built-up land closest to the square's centre.
-- $3 caps the answer (one more row than allowed tells the caller the spacing is too fine).
WITH comp AS (
  SELECT ST_Transform(c.geom, 4547) AS g FROM compounds c
  WHERE c.retired_at IS NULL
    AND ($2::int IS NULL OR c.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[$2::int]))
), parts AS (
  SELECT s.i, s.j, ST_Intersection(comp.g, s.geom) AS part
  FROM comp CROSS JOIN LATERAL ST_SquareGrid($1, comp.g) s
  WHERE ST_Intersects(comp.g, s.geom)
), cells AS (
  SELECT i, j,
    ST_ClosestPoint(ST_Collect(part), ST_SetSRID(ST_MakePoint((i + 0.5) * $1, (j + 0.5) * $1), 4547)) AS pt
  FROM parts GROUP BY i, j
  ORDER BY i, j
  LIMIT $3
)
SELECT 'g' || i || '_' || j AS id, ST_X(pt) AS x, ST_Y(pt) AS y,
  ST_X(ST_Transform(pt, 4326)) AS lon, ST_Y(ST_Transform(pt, 4326)) AS lat
FROM cells
