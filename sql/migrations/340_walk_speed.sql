-- Walking distance (migration 330) at the scale of a city: the same network found faster (migration
-- 335 did the same for refresh_building_walk). rebuild_walk_network joined every piece of road to its
-- end nodes by geometry equality: now by the integer keys of the 1 cm grid (a hash join); the node
-- ids are the same (numbered in the same (x, y) order). The tables filled here are analyzed once
-- filled (the temporary ones, and the network and access points after a full rebuild), so the
-- planner knows their sizes even inside the seed's transaction.

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
