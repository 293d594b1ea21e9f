-- Candidates snapped to the road network: each point ($1, $2: EPSG:4547 metres, in order) moves to
-- the closest point of its closest walk edge when that is within $3 metres (100: the rule of migration
-- 330 for facilities), as a facility built there would be measured; farther, it stays put (edge null)
-- and reaches only the buildings measured by straight line.
SELECT e.id AS "edgeId", ST_LineLocatePoint(e.geom, q.p) AS frac,
  ST_X(s.p) AS x, ST_Y(s.p) AS y, ST_X(ST_Transform(s.p, 4326)) AS lon, ST_Y(ST_Transform(s.p, 4326)) AS lat
FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS c (x, y, n)
CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(c.x, c.y), 4547) AS p) q
LEFT JOIN LATERAL (
  SELECT id, geom FROM walk_edges ORDER BY geom <-> q.p LIMIT 1
) e ON ST_DWithin(e.geom, q.p, $3)
CROSS JOIN LATERAL (
  SELECT CASE WHEN e.id IS NULL THEN q.p ELSE ST_ClosestPoint(e.geom, q.p) END AS p
) s
ORDER BY c.n
