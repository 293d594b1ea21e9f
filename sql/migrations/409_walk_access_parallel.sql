-- Every building's nearest walk edge, in a full pass (the network rebuilt: a road bulk load, the
-- demo's seed), found by parallel workers. The LATERAL nearest-neighbour probe of migration 374 kept
-- the pass on one process whatever the settings (PostgreSQL put only the scan of the buildings under
-- the Gather and probed in the leader); the same probe as a parallel-safe function lets each worker
-- probe its own buildings. Same edges, same rows written (only the differences, as before). On the
-- scale-50 city, every fourth building (98,378): 16.5 s on one process, 11.3 s with two workers
-- (another test run shared the two cores).
CREATE FUNCTION nearest_walk_edge(p geometry) RETURNS int
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_catalog AS $$
  SELECT id FROM walk_edges ORDER BY geom <-> p LIMIT 1
$$;

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
ALTER FUNCTION refresh_building_access(int[]) SET jit = off;
ALTER FUNCTION refresh_building_access(int[]) SET work_mem = '256MB';
