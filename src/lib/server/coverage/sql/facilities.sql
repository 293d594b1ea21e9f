-- Facility coverage by GB 50180-2018 life circles in area $1: per facility type, the households of
-- buildings (at their point on surface) within reach of a facility of that type, where reach is the
-- rule of facility_reach: straight-line distance × detour ≤ walk_m (geodesic metres). Per child
-- (key) and total (key 0). Facilities outside the area count: people walk across boundaries.
WITH kids AS (
  SELECT id FROM areas WHERE parent_id = $1 AND retired_at IS NULL
), comm AS (
  SELECT c.id, k.id AS child_id FROM areas c LEFT JOIN kids k ON c.path @> ARRAY[k.id]
  WHERE c.path @> ARRAY[$1::int] AND c.level = 'community'
), rule AS (
  SELECT type, walk_m / detour::float8 AS r FROM facility_reach
), bpt AS (
  SELECT b.id, b.households, comm.child_id FROM buildings b
  JOIN compounds c ON c.id = b.compound_id JOIN comm ON comm.id = c.community_id
  WHERE b.retired_at IS NULL AND c.retired_at IS NULL
), reached AS (
  -- from each facility to the buildings around it: one index probe per facility (buildings_point_idx),
  -- a degree box first, then the exact geodesic distance
  SELECT DISTINCT f.type, b.id
  FROM facilities f JOIN rule ON rule.type = f.type
  JOIN buildings b
    ON ST_PointOnSurface(b.geom) && ST_Expand(f.geom, 1.01 * rule.r / (111320 * cos(radians(ST_Y(f.geom)))),
                                               1.01 * rule.r / 110574)
   AND b.retired_at IS NULL
   AND ST_DWithin(ST_PointOnSurface(b.geom)::geography, f.geom::geography, rule.r)
  WHERE f.retired_at IS NULL
    AND f.geom && ST_Expand((SELECT geom FROM areas WHERE id = $1), 0.05)
)
SELECT CASE WHEN GROUPING(b.child_id) = 1 THEN 0 ELSE b.child_id END AS key, rule.type,
  coalesce(sum(b.households), 0)::int AS households,
  coalesce(sum(b.households) FILTER (WHERE r.id IS NOT NULL), 0)::int AS reached
FROM bpt b CROSS JOIN rule LEFT JOIN reached r ON r.type = rule.type AND r.id = b.id
GROUP BY GROUPING SETS ((b.child_id, rule.type), (rule.type))
