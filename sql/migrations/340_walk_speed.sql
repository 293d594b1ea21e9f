-- Walking distance (migration 330) at the scale of a city: the same network, the same distances, found
-- faster. Two joins of migration 330 were quadratic:
--   rebuild_walk_network joined every piece of road to its end nodes by geometry equality, which no
--     index serves (a nested loop over pieces × nodes): now by the integer keys of the 1 cm grid, a
--     hash join; the node ids are the same (numbered in the same (x, y) order);
--   refresh_building_walk looked up, for every building, the facilities on its own edge in an
--     unindexed temporary table (buildings × facilities of the type): now through an index on edge_id.
-- The tables filled here are analyzed once filled (the temporary ones, and the network and access
-- points after a full rebuild), so the planner knows their sizes even inside the seed's transaction.

CREATE OR REPLACE FUNCTION rebuild_walk_network() RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(727330);
  TRUNCATE walk_edges, walk_nodes;
  DROP TABLE IF EXISTS pg_temp.walk_pieces;
  DROP TABLE IF EXISTS pg_temp.walk_keys;
  CREATE TEMP TABLE walk_pieces ON COMMIT DROP AS
  SELECT g, round(ST_X(ST_StartPoint(g)) * 100)::bigint AS sx, round(ST_Y(ST_StartPoint(g)) * 100)::bigint AS sy,
    round(ST_X(ST_EndPoint(g)) * 100)::bigint AS tx, round(ST_Y(ST_EndPoint(g)) * 100)::bigint AS ty
  FROM (
    SELECT (ST_Dump(ST_Node(ST_Collect(ST_Transform(geom, 4547))))).geom AS g
    FROM roads WHERE class <> 'motorway'
  ) d
  WHERE ST_Length(g) > 0;
  ANALYZE pg_temp.walk_pieces;
  CREATE TEMP TABLE walk_keys ON COMMIT DROP AS
  SELECT row_number() OVER (ORDER BY x, y)::int AS id, x, y
  FROM (SELECT sx AS x, sy AS y FROM walk_pieces UNION SELECT tx, ty FROM walk_pieces) k;
  ANALYZE pg_temp.walk_keys;
  INSERT INTO walk_nodes (id, geom)
  SELECT id, ST_SetSRID(ST_MakePoint(x / 100.0, y / 100.0), 4547) FROM walk_keys;
  INSERT INTO walk_edges (id, source, target, cost, geom)
  SELECT row_number() OVER (), s.id, t.id, ST_Length(p.g), p.g
  FROM walk_pieces p
  JOIN walk_keys s ON s.x = p.sx AND s.y = p.sy
  JOIN walk_keys t ON t.x = p.tx AND t.y = p.ty;
  ANALYZE walk_edges;
  ANALYZE walk_nodes;
  PERFORM refresh_building_access(NULL);
END $$;

-- As in migration 330; after a full pass, analyzed.
CREATE OR REPLACE FUNCTION refresh_building_access(ids int[]) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
  DELETE FROM building_access WHERE ids IS NULL OR building_id = ANY (ids);
  INSERT INTO building_access (building_id, pt, edge_id, frac, access_m)
  SELECT b.id, m.pt, e.id, ST_LineLocatePoint(e.geom, m.p), ST_Distance(e.geom, m.p)
  FROM buildings b
  CROSS JOIN LATERAL (SELECT ST_PointOnSurface(b.geom) AS pt) m0
  CROSS JOIN LATERAL (SELECT m0.pt, ST_Transform(m0.pt, 4547) AS p) m
  LEFT JOIN LATERAL (SELECT id, geom FROM walk_edges ORDER BY geom <-> m.p LIMIT 1) e ON true
  WHERE b.retired_at IS NULL AND (ids IS NULL OR b.id = ANY (ids));
  IF ids IS NULL THEN
    ANALYZE building_access;
  END IF;
END $$;

-- As in migration 330 (see its comments); walk_from indexed on edge_id and both temp tables analyzed.
CREATE OR REPLACE FUNCTION refresh_building_walk(ids int[], types text[]) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
DECLARE
  walk_limit CONSTANT float8 := 1000;
  off_network CONSTANT float8 := 100;
  network boolean := walk_rule() = 'network';
  r record;
  edges_sql text;
BEGIN
  PERFORM pg_advisory_xact_lock(727331);
  DELETE FROM building_walk
  WHERE (ids IS NULL OR building_id = ANY (ids)) AND (types IS NULL OR type = ANY (types));
  IF NOT network THEN
    RETURN;
  END IF;
  FOR r IN SELECT fr.type, fr.detour::float8 AS detour FROM facility_reach fr
           WHERE types IS NULL OR fr.type = ANY (types) ORDER BY fr.type LOOP
    DROP TABLE IF EXISTS pg_temp.walk_from;
    DROP TABLE IF EXISTS pg_temp.walk_dd;
    CREATE TEMP TABLE walk_dd (node bigint PRIMARY KEY, agg float8) ON COMMIT DROP;
    CREATE TEMP TABLE walk_from ON COMMIT DROP AS
      SELECT e.id AS edge_id, ST_LineLocatePoint(e.geom, p.pt) AS frac, ST_Distance(e.geom, p.pt) AS access_m,
        e.source, e.target, e.cost
      FROM facilities f
      CROSS JOIN LATERAL (SELECT ST_Transform(f.geom, 4547) AS pt) p
      CROSS JOIN LATERAL (SELECT id, geom, source, target, cost FROM walk_edges ORDER BY geom <-> p.pt LIMIT 1) e
      WHERE network AND f.type = r.type AND f.retired_at IS NULL AND ST_Distance(e.geom, p.pt) <= off_network;
    CREATE INDEX ON pg_temp.walk_from (edge_id);
    ANALYZE pg_temp.walk_from;
    IF network AND EXISTS (SELECT 1 FROM walk_from) THEN
        edges_sql := 'SELECT id::bigint AS id, source::bigint AS source, target::bigint AS target, cost, cost AS reverse_cost FROM walk_edges
          UNION ALL SELECT -row_number() OVER (), 0, source, access_m + frac * cost, -1 FROM pg_temp.walk_from
          UNION ALL SELECT -1000000000 - row_number() OVER (), 0, target, access_m + (1 - frac) * cost, -1 FROM pg_temp.walk_from';
        INSERT INTO walk_dd (node, agg)
        SELECT node, min(agg_cost) FROM pgr_drivingDistance(edges_sql, ARRAY[0::bigint], walk_limit, true, false)
        WHERE node <> 0 GROUP BY node;
    END IF;
    ANALYZE pg_temp.walk_dd;
    INSERT INTO building_walk (building_id, type, distance_m, rule)
    SELECT a.building_id, r.type,
      CASE WHEN n.ok THEN n.d ELSE s.d END,
      CASE WHEN n.ok THEN 'network' ELSE 'straight-line' END
    FROM building_access a
    JOIN buildings b ON b.id = a.building_id AND b.retired_at IS NULL
    LEFT JOIN walk_edges e ON e.id = a.edge_id
    CROSS JOIN LATERAL (
      SELECT network AND a.edge_id IS NOT NULL AND a.access_m <= off_network AS ok,
        nullif(least(
          coalesce(a.access_m + (SELECT agg FROM walk_dd WHERE node = e.source) + a.frac * e.cost, 'Infinity'),
          coalesce(a.access_m + (SELECT agg FROM walk_dd WHERE node = e.target) + (1 - a.frac) * e.cost, 'Infinity'),
          coalesce((SELECT min(a.access_m + abs(a.frac - w.frac) * e.cost + w.access_m) FROM walk_from w
                    WHERE network AND w.edge_id = a.edge_id), 'Infinity')
        ), 'Infinity') AS d
    ) n0
    CROSS JOIN LATERAL (SELECT n0.ok, CASE WHEN n0.d <= walk_limit THEN n0.d END AS d) n
    CROSS JOIN LATERAL (
      SELECT min(ST_Distance(a.pt::geography, f.geom::geography)) * r.detour AS d
      FROM facilities f
      WHERE NOT n.ok AND f.type = r.type AND f.retired_at IS NULL
        AND f.geom && ST_Expand(a.pt, 1.01 * (walk_limit / r.detour) / (111320 * cos(radians(ST_Y(a.pt)))),
              1.01 * (walk_limit / r.detour) / 110574)
        AND ST_DWithin(a.pt::geography, f.geom::geography, walk_limit / r.detour)
    ) s
    WHERE ids IS NULL OR a.building_id = ANY (ids);
  END LOOP;
END $$;
