-- Walking distance (migration 330): the network joined at T junctions (walk_extend below), and found
-- faster at the scale of a city (migration 335 did that for refresh_building_walk): rebuild_walk_network
-- joined every piece of road to its end nodes by geometry equality, now by the integer keys of the
-- 1 cm grid (a hash join), the nodes numbered in the same (x, y) order. The tables filled here are analyzed once
-- filled (the temporary ones, and the network and access points after a full rebuild), so the
-- planner knows their sizes even inside the seed's transaction.

-- A line carried on by e metres at both ends, along its first and last segments. Roads that meet in a
-- T (one ends on the other's side) meet exactly in degrees but not once both are projected to metres:
-- the end lands a hair off the other line, ST_Node finds no crossing and the network falls apart at
-- every such junction (the demo city's lanes ending on its roads, a compound's paths on its spine).
-- Carried on by 5 cm, the end crosses the other line and is noded there; the 5 cm stubs left beyond,
-- leading nowhere, are dropped (rebuild_walk_network).
CREATE FUNCTION walk_extend(g geometry, e float8) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = public, pg_catalog AS $$
  SELECT coalesce(ST_AddPoint(ST_AddPoint(g, s, 0), t), g)
  FROM (SELECT ST_StartPoint(g) AS a0, ST_PointN(g, 2) AS a1, ST_EndPoint(g) AS b0,
          ST_PointN(g, ST_NPoints(g) - 1) AS b1) p
  CROSS JOIN LATERAL (SELECT nullif(ST_Distance(a0, a1), 0) AS la, nullif(ST_Distance(b0, b1), 0) AS lb) l
  CROSS JOIN LATERAL (SELECT
    ST_Translate(a0, (ST_X(a0) - ST_X(a1)) * e / la, (ST_Y(a0) - ST_Y(a1)) * e / la) AS s,
    ST_Translate(b0, (ST_X(b0) - ST_X(b1)) * e / lb, (ST_Y(b0) - ST_Y(b1)) * e / lb) AS t) q
$$;

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
    SELECT (ST_Dump(ST_Node(ST_Collect(walk_extend(ST_Transform(geom, 4547), 0.05))))).geom AS g
    FROM roads WHERE class <> 'motorway'
  ) d
  WHERE ST_Length(g) > 0;
  -- the stubs beyond the ends (walk_extend): 5 cm pieces one of whose ends meets nothing
  DROP TABLE IF EXISTS pg_temp.walk_deg;
  CREATE TEMP TABLE walk_deg ON COMMIT DROP AS
  SELECT x, y, count(*) AS n FROM (SELECT sx AS x, sy AS y FROM walk_pieces UNION ALL SELECT tx, ty FROM walk_pieces) k
  GROUP BY x, y HAVING count(*) = 1;
  CREATE INDEX ON pg_temp.walk_deg (x, y);
  DELETE FROM walk_pieces p
  WHERE ST_Length(p.g) <= 0.0501
    AND (EXISTS (SELECT 1 FROM walk_deg d WHERE d.x = p.sx AND d.y = p.sy)
      OR EXISTS (SELECT 1 FROM walk_deg d WHERE d.x = p.tx AND d.y = p.ty));
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
