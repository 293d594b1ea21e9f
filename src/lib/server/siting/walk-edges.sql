-- The walk network (migration 330) within $5 metres of the box $1..$4 (EPSG:4547): every edge a walk
-- of at most $5 metres from a point in the box can use (a path never leaves the disc of its length).
SELECT id, source, target, cost FROM walk_edges
WHERE geom && ST_Expand(ST_MakeEnvelope($1, $2, $3, $4, 4547), $5)
