-- Demand of a siting run: every building with households ($3: only inside that area's subtree),
-- at its point-on-surface (the point facility coverage uses, indexed by buildings_point_idx), with
-- lon/lat, EPSG:4547 metres for the solver, its community and street, and whether an existing
-- facility of type $1 already reaches it: geodesic distance ≤ $2, the straight-line radius
-- walk_m / detour of facility_reach (src/lib/server/coverage/reach.ts).
WITH b AS (
  SELECT b.id, b.households, c.community_id, ST_PointOnSurface(b.geom) AS pt
  FROM buildings b JOIN compounds c ON c.id = b.compound_id
  WHERE b.retired_at IS NULL AND c.retired_at IS NULL AND b.households > 0
    AND ($3::int IS NULL OR c.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[$3::int]))
)
SELECT b.id, b.households, b.community_id AS "communityId", cm.parent_id AS "streetId",
  ST_X(b.pt) AS lon, ST_Y(b.pt) AS lat, ST_X(m.pt) AS x, ST_Y(m.pt) AS y,
  EXISTS (
    SELECT 1 FROM facilities f
    WHERE f.type = $1 AND f.retired_at IS NULL
      -- index prefilter: the point's envelope widened by the radius in degrees (generous)
      AND f.geom && ST_Expand(b.pt, $2 / 110000.0 / cos(radians(ST_Y(b.pt))), $2 / 110000.0)
      AND ST_DWithin(f.geom::geography, b.pt::geography, $2)
  ) AS covered
FROM b
JOIN areas cm ON cm.id = b.community_id
CROSS JOIN LATERAL (SELECT ST_Transform(b.pt, 4547) AS pt) m
ORDER BY b.id
