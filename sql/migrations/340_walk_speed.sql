-- Walking distance (migration 330): the network joined at T junctions, and built in time at the scale
-- of a city (migration 335 did that for refresh_building_walk): noded locally (below), and every piece
-- joined to its end nodes by the integer keys of the 1 cm grid (a hash join), not geometry equality. The tables filled here are analyzed once
-- filled (the temporary ones, and the network and access points after a full rebuild), so the
-- planner knows their sizes even inside the seed's transaction.

-- Rebuild the network from roads (as migration 330 defines it), noded locally: ST_Node over every
-- road at once grew faster than the square of their number (6 s for the 7,327 roads of the scale-1
-- demo city, 0.2 s for a quarter of them), and it missed T junctions: a road ending on another's side
-- meets it exactly in degrees but a hair off once projected to metres, so no crossing was found there
-- and the network fell apart at every such junction (the demo city's lanes ending on its roads, a
-- compound's paths on its spine: 1,498 pieces). Now each road is cut where another crosses it and
-- where another's end lies within 5 cm of it (both found through a GiST index on the projected
-- roads; an end more than 1 mm short is joined to it by a piece that long), and the pieces' ends are
-- matched on the 1 cm grid of node keys, as before.
CREATE OR REPLACE FUNCTION rebuild_walk_network() RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(727330);
  TRUNCATE walk_edges, walk_nodes;
  DROP TABLE IF EXISTS pg_temp.walk_lines;
  DROP TABLE IF EXISTS pg_temp.walk_pieces;
  DROP TABLE IF EXISTS pg_temp.walk_keys;
  CREATE TEMP TABLE walk_lines ON COMMIT DROP AS
  SELECT id, ST_Transform(geom, 4547) AS g FROM roads WHERE class <> 'motorway';
  CREATE INDEX ON pg_temp.walk_lines USING gist (g);
  ANALYZE pg_temp.walk_lines;
  CREATE TEMP TABLE walk_pieces ON COMMIT DROP AS
  WITH cuts AS (
    SELECT a.id, ST_LineLocatePoint(a.g, p.pt) AS f
    FROM walk_lines a
    JOIN walk_lines b ON b.id <> a.id AND a.g && ST_Expand(b.g, 0.05) AND ST_DWithin(a.g, b.g, 0.05)
    CROSS JOIN LATERAL (
      SELECT (ST_Dump(ST_CollectionExtract(ST_Intersection(a.g, b.g), 1))).geom AS pt
      UNION ALL
      SELECT ST_ClosestPoint(a.g, e.pt)
      FROM (VALUES (ST_StartPoint(b.g)), (ST_EndPoint(b.g))) e (pt)
      WHERE ST_DWithin(a.g, e.pt, 0.05)
    ) p
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
    SELECT ST_MakeLine(e.pt, ST_ClosestPoint(a.g, e.pt))
    FROM walk_lines a
    JOIN walk_lines b ON b.id <> a.id AND a.g && ST_Expand(b.g, 0.05)
    CROSS JOIN LATERAL (VALUES (ST_StartPoint(b.g)), (ST_EndPoint(b.g))) e (pt)
    WHERE ST_DWithin(a.g, e.pt, 0.05) AND NOT ST_DWithin(a.g, e.pt, 0.001)
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
  SELECT row_number() OVER (), s.id, t.id, ST_Length(p.g), p.g
  FROM walk_pieces p
  JOIN walk_keys s ON s.x = p.sx AND s.y = p.sy
  JOIN walk_keys t ON t.x = p.tx AND t.y = p.ty
  WHERE s.id <> t.id;
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

-- JIT off in the walk maintenance: these statements are estimated expensive (spatial joins over every
-- road and building), so LLVM compiled them for about a second each time, longer than many of them run.
ALTER FUNCTION rebuild_walk_network() SET jit = off;
ALTER FUNCTION refresh_building_access(int[]) SET jit = off;
ALTER FUNCTION refresh_building_walk(int[], text[]) SET jit = off;
