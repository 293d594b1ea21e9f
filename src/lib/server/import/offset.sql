-- How far the staged features would lie from the existing ones of their layer (/*table*/) if each were
-- shifted by ($2, $3)[i] (row $1[i]): the median distance between centroids, to the feature with the
-- same code where there is one, else to the nearest of the five closest features.
WITH s AS (
  SELECT r.code, ST_Translate(r.geom, o.dx, o.dy) AS g
  FROM import_rows r JOIN unnest($1::int[], $2::float8[], $3::float8[]) AS o (row, dx, dy) ON o.row = r.row
  WHERE r.geom IS NOT NULL AND NOT ST_IsEmpty(r.geom)
)
SELECT count(m.d)::int AS matched,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY m.d) AS by_code,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY n.d) AS nearest
FROM s
LEFT JOIN LATERAL (
  SELECT ST_Distance(ST_Centroid(s.g)::geography, ST_Centroid(e.geom)::geography) AS d
  FROM /*table*/ e WHERE e.code = s.code AND e.geom IS NOT NULL
) m ON true
LEFT JOIN LATERAL (
  SELECT min(ST_Distance(ST_Centroid(k.geom)::geography, ST_Centroid(s.g)::geography)) AS d
  FROM (SELECT e.geom FROM /*table*/ e WHERE e.geom IS NOT NULL ORDER BY e.geom <-> ST_Centroid(s.g) LIMIT 5) k
) n ON true
