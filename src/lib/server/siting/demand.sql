-- Demand of a siting run: every building with households ($3: only inside that area's subtree),
-- at its point-on-surface (the point facility coverage uses, indexed by buildings_point_idx), with
-- lon/lat, EPSG:4547 metres for the solver, its community and street, and whether an existing
-- facility of type $1 already reaches it by the rule in force (src/lib/server/coverage/reach.ts):
--   $5 (walks over the network in force, walk $4 ≤ 1,000 m): building_walk (migration 330), reached
--     when distance_m ≤ $4: a walk over the network (rule 'network': with the building's access point,
--     edge / fraction / access leg, for the candidates' walks) or, more than 100 m from the network,
--     straight line × detour (rule 'straight-line'), exactly as facility coverage counts;
--   else (or a building without a building_walk row): geodesic distance ≤ $2, the straight-line
--     radius walk / detour of facility_reach.
-- With walks in force the points are building_access's (the same point on surface, kept with the
-- building by migration 330's triggers, and its projection, migration 374): computing and projecting
-- 300,626 of them took most of the 4 s of a city-wide run's demand at --scale 40.
WITH b AS (
  SELECT b.id, b.households, c.community_id, b.geom
  FROM buildings b JOIN compounds c ON c.id = b.compound_id
  WHERE b.retired_at IS NULL AND c.retired_at IS NULL AND b.households > 0
    AND ($3::int IS NULL OR c.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[$3::int]))
)
SELECT b.id, b.households, b.community_id AS "communityId", cm.parent_id AS "streetId",
  ST_X(m.pt) AS lon, ST_Y(m.pt) AS lat, ST_X(m.p) AS x, ST_Y(m.p) AS y,
  CASE WHEN w.rule IS NOT NULL THEN coalesce(w.distance_m <= $4::float8, false)
  ELSE EXISTS (
    SELECT 1 FROM facilities f
    WHERE f.type = $1 AND f.retired_at IS NULL
      -- index prefilter: the point's envelope widened by the radius in degrees (generous)
      AND f.geom && ST_Expand(m.pt, $2 / 110000.0 / cos(radians(ST_Y(m.pt))), $2 / 110000.0)
      AND ST_DWithin(f.geom::geography, m.pt::geography, $2)
  ) END AS covered,
  CASE WHEN w.rule = 'network' THEN 'network' ELSE 'straight-line' END AS rule,
  CASE WHEN w.rule = 'network' THEN a.edge_id END AS "edgeId",
  CASE WHEN w.rule = 'network' THEN a.frac END AS frac,
  CASE WHEN w.rule = 'network' THEN a.access_m END AS "accessM"
FROM b
JOIN areas cm ON cm.id = b.community_id
LEFT JOIN building_walk w ON $5::boolean AND w.building_id = b.id AND w.type = $1
LEFT JOIN building_access a ON $5::boolean AND a.building_id = b.id
CROSS JOIN LATERAL (SELECT coalesce(a.pt, ST_PointOnSurface(b.geom)) AS pt) m0
CROSS JOIN LATERAL (SELECT m0.pt, coalesce(a.p, ST_Transform(m0.pt, 4547)) AS p) m
ORDER BY b.id
