-- Facility coverage by GB 50180-2018 life circles in area $1: per facility type, the households of
-- buildings (at their point on surface) within reach of a facility of that type, where reach is the
-- rule of facility_reach: straight-line distance × detour ≤ walk_m (geodesic metres). Per child
-- (key) and total (key 0). Facilities outside the area count: people walk across boundaries.
-- Which types reach a building is kept in building_reach by triggers (migration 055), so this is one
-- pass over the area's buildings: they are first summed per (child, set of types reaching them) —
-- a few hundred groups — and only those groups are crossed with the rules.
WITH kids AS (
  SELECT id FROM areas WHERE parent_id = $1 AND retired_at IS NULL
), comm AS (
  SELECT c.id, k.id AS child_id FROM areas c LEFT JOIN kids k ON c.path @> ARRAY[k.id]
  WHERE c.path @> ARRAY[$1::int] AND c.level = 'community'
), grp AS (
  SELECT comm.child_id, br.types, sum(b.households) AS households
  FROM buildings b JOIN compounds c ON c.id = b.compound_id JOIN comm ON comm.id = c.community_id
  LEFT JOIN building_reach br ON br.building_id = b.id
  WHERE b.retired_at IS NULL AND c.retired_at IS NULL
  GROUP BY comm.child_id, br.types
)
SELECT CASE WHEN GROUPING(g.child_id) = 1 THEN 0 ELSE g.child_id END AS key, rule.type,
  coalesce(sum(g.households), 0)::int AS households,
  coalesce(sum(g.households) FILTER (WHERE rule.type = ANY (g.types)), 0)::int AS reached
FROM grp g CROSS JOIN facility_reach rule
GROUP BY GROUPING SETS ((g.child_id, rule.type), (rule.type))
