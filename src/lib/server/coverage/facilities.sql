-- Facility coverage by GB 50180-2018 life circles in area $1: per facility type, the households of
-- buildings (at their point on surface) within reach of a facility of that type. Facilities outside
-- the area count: people walk across boundaries. Reach is the rule in force (README "Walking distance"):
--   walk_rule() = 'network': building_walk (migration 330), kept by triggers: a building is reached
--     when distance_m ≤ walk_m, distance_m being the walk over the road network (rule 'network') or,
--     for a building more than 100 m from the network, straight line × detour (rule 'straight-line');
--   otherwise (no pgRouting or no roads): building_reach (migration 055), straight line × detour
--     ≤ walk_m, kept by triggers. A building without building_walk rows falls back to it too.
-- So this is one pass over the area's buildings: they are first summed per (child, set of types
-- reaching them, measured on the network or not) — a few hundred groups — and only those groups are
-- crossed with the rules. networkHouseholds: the households whose figure is a walk over the network.
WITH kids AS (
  SELECT id FROM areas WHERE parent_id = $1 AND retired_at IS NULL
), comm AS (
  SELECT c.id, k.id AS child_id FROM areas c LEFT JOIN kids k ON c.path @> ARRAY[k.id]
  WHERE c.path @> ARRAY[$1::int] AND c.level = 'community'
), net AS (
  SELECT walk_rule() = 'network' AS on
), grp AS (
  SELECT comm.child_id, r.types, r.network, sum(b.households) AS households
  FROM buildings b JOIN compounds c ON c.id = b.compound_id JOIN comm ON comm.id = c.community_id
  CROSS JOIN net
  LEFT JOIN building_reach br ON br.building_id = b.id
  CROSS JOIN LATERAL (
    SELECT array_agg(w.type ORDER BY w.type) FILTER (WHERE w.distance_m <= fr.walk_m) AS types,
      bool_or(w.rule = 'network') AS network
    FROM building_walk w JOIN facility_reach fr ON fr.type = w.type
    WHERE net.on AND w.building_id = b.id
  ) w
  CROSS JOIN LATERAL (
    SELECT CASE WHEN w.network IS NULL THEN br.types ELSE coalesce(w.types, '{}') END AS types,
      coalesce(w.network, false) AS network
  ) r
  WHERE b.retired_at IS NULL AND c.retired_at IS NULL
  GROUP BY comm.child_id, r.types, r.network
)
SELECT CASE WHEN GROUPING(g.child_id) = 1 THEN 0 ELSE g.child_id END AS key, rule.type,
  coalesce(sum(g.households), 0)::int AS households,
  coalesce(sum(g.households) FILTER (WHERE rule.type = ANY (g.types)), 0)::int AS reached,
  coalesce(sum(g.households) FILTER (WHERE g.network), 0)::int AS "networkHouseholds"
FROM grp g CROSS JOIN facility_reach rule
GROUP BY GROUPING SETS ((g.child_id, rule.type), (rule.type))
