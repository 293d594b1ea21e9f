-- The reach of the facilities $1 (ids) over the road network, for drawing: the pieces of walk edges
-- (migration 330) within a walk of $2 metres of one of them, as one GeoJSON MultiLineString (WGS84,
-- property kind 'walk'). The rule of refresh_building_walk: a facility within $3 metres of the network
-- joins it at the closest point of its closest edge (its access leg counted); one pgr_drivingDistance
-- from a virtual source joined to both ends of each such edge. An edge is drawn whole when its far
-- end is reached through it, else the part within the walk from each reached end; a facility's own
-- edge the part within the walk around it. No facility on the network: an empty collection.
WITH f AS (
  SELECT row_number() OVER (ORDER BY fa.id) AS n, e.id AS edge_id, e.geom, e.source, e.target, e.cost,
    ST_Distance(e.geom, p.pt) AS access_m, ST_LineLocatePoint(e.geom, p.pt) AS frac
  FROM facilities fa
  CROSS JOIN LATERAL (SELECT ST_Transform(fa.geom, 4547) AS pt) p
  CROSS JOIN LATERAL (SELECT id, geom, source, target, cost FROM walk_edges ORDER BY geom <-> p.pt LIMIT 1) e
  WHERE fa.id = ANY ($1::int[]) AND fa.retired_at IS NULL AND ST_DWithin(e.geom, p.pt, $3)
), q AS (
  SELECT 'SELECT id::bigint AS id, source::bigint AS source, target::bigint AS target, cost, cost AS reverse_cost FROM walk_edges'
    || ' UNION ALL SELECT * FROM (VALUES '
    || string_agg(format('(%s::bigint, 0::bigint, %s::bigint, %s::float8, -1::float8), (%s, 0, %s, %s, -1)',
         -2 * n - 1, source, access_m + frac * cost, -2 * n, target, access_m + (1 - frac) * cost), ', ')
    || ') v (id, source, target, cost, reverse_cost)' AS edges
  FROM f
), dd AS (
  SELECT d.node, min(d.agg_cost) AS agg
  FROM q CROSS JOIN LATERAL pgr_drivingDistance(q.edges, ARRAY[0::bigint], $2::float8, true, false) d
  WHERE q.edges IS NOT NULL AND d.node <> 0
  GROUP BY d.node
), pieces AS (
  SELECT CASE WHEN s.agg + e.cost <= $2 OR t.agg + e.cost <= $2 THEN e.geom
    ELSE ST_Collect(
      CASE WHEN s.agg < $2 THEN ST_LineSubstring(e.geom, 0, ($2 - s.agg) / e.cost) END,
      CASE WHEN t.agg < $2 THEN ST_LineSubstring(e.geom, 1 - ($2 - t.agg) / e.cost, 1) END) END AS g
  FROM walk_edges e
  LEFT JOIN dd s ON s.node = e.source
  LEFT JOIN dd t ON t.node = e.target
  WHERE (s.node IS NOT NULL OR t.node IS NOT NULL) AND e.cost > 0
  UNION ALL
  SELECT ST_LineSubstring(f.geom, greatest(0, f.frac - ($2 - f.access_m) / f.cost),
                                  least(1, f.frac + ($2 - f.access_m) / f.cost))
  FROM f WHERE f.access_m < $2 AND f.cost > 0
)
SELECT json_build_object('type', 'FeatureCollection', 'features', CASE WHEN count(g) = 0 THEN '[]'::json ELSE
  json_build_array(json_build_object('type', 'Feature', 'properties', json_build_object('kind', 'walk'),
    'geometry', ST_AsGeoJSON(ST_Transform(ST_CollectionExtract(ST_Collect(g), 2), 4326), 6)::json)) END) AS fc
FROM pieces
