-- The network rebuild at city scale (issue 18; rebuild_walk_network took 102 s at --scale 40: noding
-- 371,113 roads and the access points of 300,626 buildings). The network is the same as migration
-- 340's; what changes:
-- * the pairs of roads within 5 cm of each other are found once (they were found twice: once for the
--   cuts, once for the short ends joined by a piece), and both are read from that one pass; the
--   candidate pairs by a hash join on grid squares rather than a GiST index (below);
-- * the edges are numbered in a fixed order (by their end nodes' keys, then their geometry), so that
--   a rebuild of an unchanged network gives the same ids, and the access points can be compared;
-- * the access points of a full pass are computed into a temporary table and only the differences
--   written to building_access (each written row checks its foreign key and updates two indexes);
-- * walk_nodes' spatial index is dropped: nothing reads it, and each rebuild filled it row by row.
DROP INDEX IF EXISTS walk_nodes_geom_idx;

-- each building's point on surface in metres (EPSG:4547) beside its WGS84 one, for the siting runs
-- (src/lib/server/siting/demand.sql), which projected 300,626 points on each city-wide run
ALTER TABLE building_access ADD COLUMN p geometry(Point, 4547);
UPDATE building_access SET p = ST_Transform(pt, 4547);

CREATE OR REPLACE FUNCTION rebuild_walk_network() RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(727330);
  TRUNCATE walk_edges, walk_nodes;
  -- the edges' spatial index is built once they are in (the table is locked by the TRUNCATE anyway):
  -- filled row by row it took most of the 8.6 s of their insert
  DROP INDEX IF EXISTS walk_edges_geom_idx;
  DROP TABLE IF EXISTS pg_temp.walk_lines;
  DROP TABLE IF EXISTS pg_temp.walk_cells;
  DROP TABLE IF EXISTS pg_temp.walk_pairs;
  DROP TABLE IF EXISTS pg_temp.walk_touch;
  DROP TABLE IF EXISTS pg_temp.walk_pieces;
  DROP TABLE IF EXISTS pg_temp.walk_keys;
  CREATE TEMP TABLE walk_lines ON COMMIT DROP AS
  SELECT id, ST_Transform(geom, 4547) AS g FROM roads WHERE class <> 'motorway';
  ANALYZE pg_temp.walk_lines;
  -- the pairs of roads whose segments' boxes, widened by 5 cm, overlap: a hash join on the 50 m grid
  -- squares each box covers, each pair of boxes counted in the one square where their overlap begins
  -- (a GiST join of the roads with themselves probed the index 371,113 times at scale 40, 16 s of 41)
  CREATE TEMP TABLE walk_cells ON COMMIT DROP AS
  SELECT l.id, b.x0, b.y0, b.x1, b.y1, i, j
  FROM walk_lines l
  CROSS JOIN LATERAL ST_DumpSegments(l.g) s
  CROSS JOIN LATERAL (SELECT ST_XMin(s.geom) - 0.05 AS x0, ST_YMin(s.geom) - 0.05 AS y0,
    ST_XMax(s.geom) + 0.05 AS x1, ST_YMax(s.geom) + 0.05 AS y1) b
  CROSS JOIN LATERAL generate_series(floor(b.x0 / 50)::int, floor(b.x1 / 50)::int) i
  CROSS JOIN LATERAL generate_series(floor(b.y0 / 50)::int, floor(b.y1 / 50)::int) j;
  ANALYZE pg_temp.walk_cells;
  CREATE TEMP TABLE walk_pairs ON COMMIT DROP AS
  SELECT DISTINCT a.id AS a, b.id AS b
  FROM walk_cells a JOIN walk_cells b ON b.i = a.i AND b.j = a.j AND b.id <> a.id
  WHERE a.x0 <= b.x1 AND b.x0 <= a.x1 AND a.y0 <= b.y1 AND b.y0 <= a.y1
    AND floor(greatest(a.x0, b.x0) / 50)::int = a.i AND floor(greatest(a.y0, b.y0) / 50)::int = a.j;
  ANALYZE pg_temp.walk_pairs;
  -- where another road b touches road a (within 5 cm): the points where they cross (e null), and the
  -- closest point of a to each end e of b within 5 cm of it (short: more than 1 mm away)
  CREATE TEMP TABLE walk_touch ON COMMIT DROP AS
  SELECT a.id, ST_LineLocatePoint(a.g, p.pt) AS f, p.pt, p.e, p.short
  FROM walk_pairs q
  JOIN walk_lines a ON a.id = q.a
  JOIN walk_lines b ON b.id = q.b
  CROSS JOIN LATERAL (
    SELECT (ST_Dump(ST_CollectionExtract(ST_Intersection(a.g, b.g), 1))).geom AS pt, NULL::geometry AS e,
      false AS short
    UNION ALL
    SELECT ST_ClosestPoint(a.g, e.pt), e.pt, NOT ST_DWithin(a.g, e.pt, 0.001)
    FROM (VALUES (ST_StartPoint(b.g)), (ST_EndPoint(b.g))) e (pt)
    WHERE ST_DWithin(a.g, e.pt, 0.05)
  ) p
  WHERE ST_DWithin(a.g, b.g, 0.05);
  CREATE TEMP TABLE walk_pieces ON COMMIT DROP AS
  WITH cuts AS (
    SELECT id, f FROM walk_touch
    UNION ALL SELECT id, 0 FROM walk_lines
    UNION ALL SELECT id, 1 FROM walk_lines
  ), fr AS (
    SELECT id, f, lead(f) OVER (PARTITION BY id ORDER BY f) AS f2
    FROM (SELECT DISTINCT id, f FROM cuts) d
  ), pc AS (
    SELECT ST_LineSubstring(l.g, fr.f, fr.f2) AS g
    FROM fr JOIN walk_lines l ON l.id = fr.id
    WHERE fr.f2 > fr.f
    UNION ALL
    -- an end short of the other road (coordinates rounded to 1e-7 degrees: about a centimetre): joined to it
    SELECT ST_MakeLine(e, pt) FROM walk_touch WHERE short
  )
  SELECT g, round(ST_X(ST_StartPoint(g)) * 100)::bigint AS sx, round(ST_Y(ST_StartPoint(g)) * 100)::bigint AS sy,
    round(ST_X(ST_EndPoint(g)) * 100)::bigint AS tx, round(ST_Y(ST_EndPoint(g)) * 100)::bigint AS ty
  FROM pc
  WHERE ST_Length(g) > 0.001;
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

-- As in migration 340, with a full pass (ids NULL) writing only what differs.
CREATE OR REPLACE FUNCTION refresh_building_access(ids int[]) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
  DROP TABLE IF EXISTS pg_temp.walk_access;
  CREATE TEMP TABLE walk_access ON COMMIT DROP AS
  SELECT b.id AS building_id, m.pt, m.p, e.id AS edge_id, ST_LineLocatePoint(e.geom, m.p) AS frac,
    ST_Distance(e.geom, m.p) AS access_m
  FROM buildings b
  CROSS JOIN LATERAL (SELECT ST_PointOnSurface(b.geom) AS pt) m0
  CROSS JOIN LATERAL (SELECT m0.pt, ST_Transform(m0.pt, 4547) AS p) m
  LEFT JOIN LATERAL (SELECT id, geom FROM walk_edges ORDER BY geom <-> m.p LIMIT 1) e ON true
  WHERE b.retired_at IS NULL AND (ids IS NULL OR b.id = ANY (ids));
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

ALTER FUNCTION rebuild_walk_network() SET jit = off;
ALTER FUNCTION refresh_building_access(int[]) SET jit = off;
ALTER FUNCTION rebuild_walk_network() SET work_mem = '256MB';
ALTER FUNCTION refresh_building_access(int[]) SET work_mem = '256MB';
