-- The network rebuild's two heaviest passes on parallel workers; the same network and access points.
-- PostgreSQL never reads a temporary table in a parallel worker, and it keeps a LATERAL subquery with
-- a LIMIT (the nearest-edge probe of migration 374) or with a UNION ALL over a VALUES list (the
-- touches of migration 374) in the leader, whatever the plan below it. So:
-- * every building's nearest edge: the probe is a parallel-safe function (nearest_walk_edge), run by
--   the workers over the buildings (migration 374's LATERAL probe kept its CREATE TABLE AS in the
--   leader); its place along the edge is then joined as before;
-- * the touches of two roads: the roads in metres and the candidate pairs are UNLOGGED tables made
--   for the pass and dropped in it (the workers can read them), the pairs within 5 cm kept first, and
--   the crossings, the closest points to b's start and to b's end are three plain branches of one
--   UNION ALL, each run by the workers. Same rows, in another order (the pieces are sorted later).
-- Inside the rebuild, after the TRUNCATE and refill of the edges in the same transaction, and when the
-- rebuild runs from the roads' trigger on a COPY, the workers are used (auto_explain: Workers
-- Launched: 2). The scratch tables need CREATE on the schema public, which the role that runs the
-- migrations (the app's) has.
-- The rebuild runs under its advisory lock, so the unlogged tables' names are never taken twice.
-- Kept scale-50 city (393,515 buildings, 461,813 roads), building_access and building_walk emptied
-- first as in the seed, in a rolled-back transaction, nothing else running: rebuild_walk_network()
-- 97.3 s and 102.5 s before, 77.4 s after; by statement (auto_explain, no per-node timing) the
-- nearest edges 32.5 s -> 21.2 s, the touches 31.8 s -> 9.7 + 17.9 s. Every row of walk_nodes,
-- walk_edges, building_access and building_walk the same (md5 over the ordered rows).
-- a building's nearest edge (as migration 374's probe: the first by the index's distance order)
CREATE OR REPLACE FUNCTION nearest_walk_edge(p geometry) RETURNS int
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_catalog AS $$
  SELECT id FROM walk_edges ORDER BY geom <-> p LIMIT 1
$$;

CREATE OR REPLACE FUNCTION rebuild_walk_network() RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(727330);
  TRUNCATE walk_edges, walk_nodes;
  DROP INDEX IF EXISTS walk_edges_geom_idx;
  DROP TABLE IF EXISTS walk_scratch_lines, walk_scratch_pairs, walk_scratch_near;
  DROP TABLE IF EXISTS pg_temp.walk_cells;
  DROP TABLE IF EXISTS pg_temp.walk_touch;
  DROP TABLE IF EXISTS pg_temp.walk_pieces;
  DROP TABLE IF EXISTS pg_temp.walk_keys;
  CREATE UNLOGGED TABLE walk_scratch_lines AS
  SELECT id, ST_Transform(geom, 4547) AS g FROM roads WHERE class <> 'motorway';
  ANALYZE walk_scratch_lines;
  CREATE TEMP TABLE walk_cells ON COMMIT DROP AS
  SELECT l.id, b.x0, b.y0, b.x1, b.y1, i, j
  FROM walk_scratch_lines l
  CROSS JOIN LATERAL ST_DumpSegments(l.g) s
  CROSS JOIN LATERAL (SELECT ST_XMin(s.geom) - 0.05 AS x0, ST_YMin(s.geom) - 0.05 AS y0,
    ST_XMax(s.geom) + 0.05 AS x1, ST_YMax(s.geom) + 0.05 AS y1) b
  CROSS JOIN LATERAL generate_series(floor(b.x0 / 50)::int, floor(b.x1 / 50)::int) i
  CROSS JOIN LATERAL generate_series(floor(b.y0 / 50)::int, floor(b.y1 / 50)::int) j;
  ANALYZE pg_temp.walk_cells;
  -- (from the temporary cells, on one process: the same join by workers took longer, 7.5 s -> 11.5 s)
  CREATE UNLOGGED TABLE walk_scratch_pairs AS
  SELECT DISTINCT a.id AS a, b.id AS b
  FROM walk_cells a JOIN walk_cells b ON b.i = a.i AND b.j = a.j AND b.id <> a.id
  WHERE a.x0 <= b.x1 AND b.x0 <= a.x1 AND a.y0 <= b.y1 AND b.y0 <= a.y1
    AND floor(greatest(a.x0, b.x0) / 50)::int = a.i AND floor(greatest(a.y0, b.y0) / 50)::int = a.j;
  ANALYZE walk_scratch_pairs;
  DROP TABLE pg_temp.walk_cells;
  -- the pairs of roads within 5 cm of each other
  CREATE UNLOGGED TABLE walk_scratch_near AS
  SELECT q.a, q.b
  FROM walk_scratch_pairs q
  JOIN walk_scratch_lines a ON a.id = q.a
  JOIN walk_scratch_lines b ON b.id = q.b
  WHERE ST_DWithin(a.g, b.g, 0.05);
  ANALYZE walk_scratch_near;
  -- where b touches a: the points where they cross (e null), and the closest point of a to each end e
  -- of b within 5 cm of it (short: more than 1 mm away)
  CREATE TEMP TABLE walk_touch ON COMMIT DROP AS
  SELECT x.id, ST_LineLocatePoint(x.g, x.pt) AS f, x.pt, NULL::geometry AS e, false AS short
  FROM (
    SELECT a.id, a.g, (ST_Dump(ST_CollectionExtract(ST_Intersection(a.g, b.g), 1))).geom AS pt
    FROM walk_scratch_near q
    JOIN walk_scratch_lines a ON a.id = q.a
    JOIN walk_scratch_lines b ON b.id = q.b
  ) x
  UNION ALL
  SELECT a.id, ST_LineLocatePoint(a.g, c.pt), c.pt, c.e, NOT ST_DWithin(a.g, c.e, 0.001)
  FROM walk_scratch_near q
  JOIN walk_scratch_lines a ON a.id = q.a
  JOIN walk_scratch_lines b ON b.id = q.b
  CROSS JOIN LATERAL (SELECT ST_StartPoint(b.g) AS e) e
  CROSS JOIN LATERAL (SELECT ST_ClosestPoint(a.g, e.e) AS pt, e.e) c
  WHERE ST_DWithin(a.g, e.e, 0.05)
  UNION ALL
  SELECT a.id, ST_LineLocatePoint(a.g, c.pt), c.pt, c.e, NOT ST_DWithin(a.g, c.e, 0.001)
  FROM walk_scratch_near q
  JOIN walk_scratch_lines a ON a.id = q.a
  JOIN walk_scratch_lines b ON b.id = q.b
  CROSS JOIN LATERAL (SELECT ST_EndPoint(b.g) AS e) e
  CROSS JOIN LATERAL (SELECT ST_ClosestPoint(a.g, e.e) AS pt, e.e) c
  WHERE ST_DWithin(a.g, e.e, 0.05);
  DROP TABLE walk_scratch_pairs, walk_scratch_near;
  CREATE TEMP TABLE walk_pieces ON COMMIT DROP AS
  WITH cuts AS (
    SELECT id, f FROM walk_touch
    UNION ALL SELECT id, 0 FROM walk_scratch_lines
    UNION ALL SELECT id, 1 FROM walk_scratch_lines
  ), fr AS (
    SELECT id, f, lead(f) OVER (PARTITION BY id ORDER BY f) AS f2
    FROM (SELECT DISTINCT id, f FROM cuts) d
  ), pc AS (
    SELECT ST_LineSubstring(l.g, fr.f, fr.f2) AS g
    FROM fr JOIN walk_scratch_lines l ON l.id = fr.id
    WHERE fr.f2 > fr.f
    UNION ALL
    -- an end short of the other road (coordinates rounded to 1e-7 degrees: about a centimetre): joined to it
    SELECT ST_MakeLine(e, pt) FROM walk_touch WHERE short
  )
  SELECT g, round(ST_X(ST_StartPoint(g)) * 100)::bigint AS sx, round(ST_Y(ST_StartPoint(g)) * 100)::bigint AS sy,
    round(ST_X(ST_EndPoint(g)) * 100)::bigint AS tx, round(ST_Y(ST_EndPoint(g)) * 100)::bigint AS ty
  FROM pc
  WHERE ST_Length(g) > 0.001;
  DROP TABLE walk_scratch_lines;
  ANALYZE pg_temp.walk_pieces;
  CREATE TEMP TABLE walk_keys ON COMMIT DROP AS
  SELECT row_number() OVER (ORDER BY x, y)::int AS id, x, y
  FROM (SELECT sx AS x, sy AS y FROM walk_pieces UNION SELECT tx, ty FROM walk_pieces) k;
  ANALYZE pg_temp.walk_keys;
  INSERT INTO walk_nodes (id, geom)
  SELECT id, ST_SetSRID(ST_MakePoint(x / 100.0, y / 100.0), 4547) FROM walk_keys;
  INSERT INTO walk_edges (id, source, target, cost, geom)
  SELECT row_number() OVER (ORDER BY s.id, t.id, ST_Length(p.g), ST_AsBinary(p.g)), s.id, t.id, ST_Length(p.g), p.g
  FROM walk_pieces p
  JOIN walk_keys s ON s.x = p.sx AND s.y = p.sy
  JOIN walk_keys t ON t.x = p.tx AND t.y = p.ty
  WHERE s.id <> t.id;
  CREATE INDEX walk_edges_geom_idx ON walk_edges USING gist (geom);
  ANALYZE walk_edges;
  ANALYZE walk_nodes;
  PERFORM refresh_building_access(NULL);
END $$;

CREATE OR REPLACE FUNCTION refresh_building_access(ids int[]) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
  DROP TABLE IF EXISTS pg_temp.walk_access;
  DROP TABLE IF EXISTS pg_temp.walk_nearest;
  -- the nearest edge first (in a full pass by parallel workers), then the place and distance along it
  CREATE TEMP TABLE walk_nearest ON COMMIT DROP AS
  SELECT b.id AS building_id, m.pt, m.p, nearest_walk_edge(m.p) AS edge_id
  FROM buildings b
  CROSS JOIN LATERAL (SELECT ST_PointOnSurface(b.geom) AS pt) m0
  CROSS JOIN LATERAL (SELECT m0.pt, ST_Transform(m0.pt, 4547) AS p) m
  WHERE b.retired_at IS NULL AND (ids IS NULL OR b.id = ANY (ids));
  CREATE TEMP TABLE walk_access ON COMMIT DROP AS
  SELECT n.building_id, n.pt, n.p, n.edge_id, ST_LineLocatePoint(e.geom, n.p) AS frac,
    ST_Distance(e.geom, n.p) AS access_m
  FROM pg_temp.walk_nearest n LEFT JOIN walk_edges e ON e.id = n.edge_id;
  DROP TABLE pg_temp.walk_nearest;
  ANALYZE walk_access;
  DELETE FROM building_access a
  WHERE (ids IS NULL OR a.building_id = ANY (ids))
    AND NOT EXISTS (SELECT 1 FROM walk_access n WHERE n.building_id = a.building_id);
  UPDATE building_access a SET pt = n.pt, p = n.p, edge_id = n.edge_id, frac = n.frac, access_m = n.access_m
  FROM walk_access n
  WHERE a.building_id = n.building_id
    AND (ST_AsEWKB(a.pt) IS DISTINCT FROM ST_AsEWKB(n.pt) OR ST_AsEWKB(a.p) IS DISTINCT FROM ST_AsEWKB(n.p)
      OR a.edge_id IS DISTINCT FROM n.edge_id
      OR a.frac IS DISTINCT FROM n.frac OR a.access_m IS DISTINCT FROM n.access_m);
  INSERT INTO building_access (building_id, pt, p, edge_id, frac, access_m)
  SELECT n.building_id, n.pt, n.p, n.edge_id, n.frac, n.access_m FROM walk_access n
  WHERE NOT EXISTS (SELECT 1 FROM building_access a WHERE a.building_id = n.building_id);
  IF ids IS NULL THEN
    ANALYZE building_access;
  END IF;
END $$;

-- CREATE OR REPLACE drops the settings of migration 374: set again
ALTER FUNCTION rebuild_walk_network() SET jit = off;
ALTER FUNCTION refresh_building_access(int[]) SET jit = off;
ALTER FUNCTION rebuild_walk_network() SET work_mem = '256MB';
ALTER FUNCTION refresh_building_access(int[]) SET work_mem = '256MB';
