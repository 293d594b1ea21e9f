-- Walking distance over the road network (GB 50180-2018 life circles are walks, not radii), with
-- pgRouting when the server has it. The road network is rebuilt from `roads` (noded, metres in
-- EPSG:4547); each building reaches it at the closest point of its closest edge; each building's
-- walking distance to the nearest live facility of each type is kept in building_walk.
-- The rule per building (building_walk.rule):
--   'network'        building and facility within 100 m of the network: access leg + shortest path
--                    (pgr_drivingDistance from a virtual source joined to every facility's access point)
--   'straight-line'  no pgRouting, no road network, or the building more than 100 m from it (flagged):
--                    geodesic distance × the type's detour factor, the rule of migration 030 / 055.
-- distance_m is NULL when no facility of the type is within 1,000 m (the 15-minute life circle) by
-- that rule. Without a network (no pgRouting or no roads) building_walk is empty: every figure is
-- straight line × detour (building_reach, migration 055), and a bulk load before the roads costs nothing.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pgrouting') THEN
    CREATE EXTENSION IF NOT EXISTS pgrouting;
  END IF;
END $$;

CREATE TABLE walk_nodes (
  id    int PRIMARY KEY,
  geom  geometry(Point, 4547) NOT NULL
);
CREATE INDEX walk_nodes_geom_idx ON walk_nodes USING gist (geom);

CREATE TABLE walk_edges (
  id      int PRIMARY KEY,
  source  int NOT NULL,
  target  int NOT NULL,
  cost    float8 NOT NULL,
  geom    geometry(LineString, 4547) NOT NULL
);
CREATE INDEX walk_edges_geom_idx ON walk_edges USING gist (geom);

-- where each live building meets the network: its closest edge, the fraction along it, the access
-- leg (m) from its point on surface; NULL edge when there is no network
CREATE TABLE building_access (
  building_id  int PRIMARY KEY REFERENCES buildings (id) ON DELETE CASCADE,
  -- the point on surface (WGS84), as facility coverage (migration 055) uses it
  pt           geometry(Point, 4326) NOT NULL,
  edge_id      int,
  frac         float8,
  access_m     float8
);

CREATE INDEX building_access_pt_idx ON building_access USING gist (pt);

CREATE TABLE building_walk (
  building_id  int NOT NULL REFERENCES buildings (id) ON DELETE CASCADE,
  type         text NOT NULL REFERENCES facility_reach (type) ON DELETE CASCADE ON UPDATE CASCADE,
  distance_m   float8,
  rule         text NOT NULL CHECK (rule IN ('network', 'straight-line')),
  PRIMARY KEY (building_id, type)
);
CREATE INDEX building_walk_type_idx ON building_walk (type, building_id);

-- Which rule is in force for the city: 'network', or why not ('no-pgrouting', 'no-network').
CREATE FUNCTION walk_rule() RETURNS text
LANGUAGE sql STABLE SET search_path = public, pg_catalog AS $$
  SELECT CASE
    WHEN NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgrouting') THEN 'no-pgrouting'
    WHEN NOT EXISTS (SELECT 1 FROM walk_edges) THEN 'no-network'
    ELSE 'network' END
$$;

-- Rebuild the network from roads (motorways are not walked): noded where ways cross or meet (a
-- bridge over another road is joined to it too: a known simplification), nodes keyed on a 1 cm grid.
-- Then every building's access point.
CREATE FUNCTION rebuild_walk_network() RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(727330);
  TRUNCATE walk_edges, walk_nodes;
  DROP TABLE IF EXISTS pg_temp.walk_pieces;
  CREATE TEMP TABLE walk_pieces ON COMMIT DROP AS
  SELECT g, round(ST_X(ST_StartPoint(g)) * 100)::bigint AS sx, round(ST_Y(ST_StartPoint(g)) * 100)::bigint AS sy,
    round(ST_X(ST_EndPoint(g)) * 100)::bigint AS tx, round(ST_Y(ST_EndPoint(g)) * 100)::bigint AS ty
  FROM (
    SELECT (ST_Dump(ST_Node(ST_Collect(ST_Transform(geom, 4547))))).geom AS g
    FROM roads WHERE class <> 'motorway'
  ) d
  WHERE ST_Length(g) > 0;
  INSERT INTO walk_nodes (id, geom)
  SELECT row_number() OVER (ORDER BY x, y), ST_SetSRID(ST_MakePoint(x / 100.0, y / 100.0), 4547)
  FROM (SELECT sx AS x, sy AS y FROM walk_pieces UNION SELECT tx, ty FROM walk_pieces) k;
  INSERT INTO walk_edges (id, source, target, cost, geom)
  SELECT row_number() OVER (), s.id, t.id, ST_Length(p.g), p.g
  FROM walk_pieces p
  JOIN walk_nodes s ON s.geom = ST_SetSRID(ST_MakePoint(p.sx / 100.0, p.sy / 100.0), 4547)
  JOIN walk_nodes t ON t.geom = ST_SetSRID(ST_MakePoint(p.tx / 100.0, p.ty / 100.0), 4547);
  PERFORM refresh_building_access(NULL);
END $$;

-- Recompute the access points of the given buildings (all when ids is NULL).
CREATE FUNCTION refresh_building_access(ids int[]) RETURNS void
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
END $$;

-- Recompute building_walk for the given buildings (all when ids is NULL) and facility types (all
-- when types is NULL). Network: one pgr_drivingDistance per type from a virtual source (node 0)
-- joined to both ends of each facility's closest edge (cost: its access leg + the way along the
-- edge), limited to 1,000 m; a building's distance is the better of its edge's two ends plus its
-- own access leg, or the way along a shared edge.
CREATE FUNCTION refresh_building_walk(ids int[], types text[]) RETURNS void
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
    -- the facilities' access: both ends of their closest edge, if within 100 m of it (none without a network)
    CREATE TEMP TABLE walk_from ON COMMIT DROP AS
      SELECT e.id AS edge_id, ST_LineLocatePoint(e.geom, p.pt) AS frac, ST_Distance(e.geom, p.pt) AS access_m,
        e.source, e.target, e.cost
      FROM facilities f
      CROSS JOIN LATERAL (SELECT ST_Transform(f.geom, 4547) AS pt) p
      CROSS JOIN LATERAL (SELECT id, geom, source, target, cost FROM walk_edges ORDER BY geom <-> p.pt LIMIT 1) e
      WHERE network AND f.type = r.type AND f.retired_at IS NULL AND ST_Distance(e.geom, p.pt) <= off_network;
    IF network AND EXISTS (SELECT 1 FROM walk_from) THEN
        edges_sql := 'SELECT id::bigint AS id, source::bigint AS source, target::bigint AS target, cost, cost AS reverse_cost FROM walk_edges
          UNION ALL SELECT -row_number() OVER (), 0, source, access_m + frac * cost, -1 FROM pg_temp.walk_from
          UNION ALL SELECT -1000000000 - row_number() OVER (), 0, target, access_m + (1 - frac) * cost, -1 FROM pg_temp.walk_from';
        INSERT INTO walk_dd (node, agg)
        SELECT node, min(agg_cost) FROM pgr_drivingDistance(edges_sql, ARRAY[0::bigint], walk_limit, true, false)
        WHERE node <> 0 GROUP BY node;
    END IF;
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
    -- straight line × detour: the nearest facility of the type within the limit's radius (migration 055's box)
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

-- Kept up to date: roads rebuild the network (and every distance); facilities recompute their types;
-- buildings their own access and distances; a changed rule (detour) every distance.
CREATE FUNCTION roads_walk_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
  PERFORM rebuild_walk_network();
  PERFORM refresh_building_walk(NULL, NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER roads_walk_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roads
  FOR EACH STATEMENT EXECUTE FUNCTION roads_walk_change();

-- A facility's change can move only the distances of buildings within 1,000 m of it in a straight
-- line (a walk is never shorter): recompute those, for its old and new type.
CREATE FUNCTION facilities_walk_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
DECLARE
  changed text[];
  ids int[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM refresh_building_walk(NULL, NULL);
    RETURN NULL;
  END IF;
  IF walk_rule() <> 'network' THEN
    RETURN NULL;
  END IF;
  DROP TABLE IF EXISTS pg_temp.walk_changed;
  IF TG_OP = 'INSERT' THEN
    CREATE TEMP TABLE walk_changed ON COMMIT DROP AS SELECT type, geom FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    CREATE TEMP TABLE walk_changed ON COMMIT DROP AS SELECT type, geom FROM old_rows;
  ELSE
    CREATE TEMP TABLE walk_changed ON COMMIT DROP AS
    SELECT x.type, x.geom
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (o.type, o.geom), (n.type, n.geom)) x (type, geom)
    WHERE o.type IS DISTINCT FROM n.type OR o.retired_at IS DISTINCT FROM n.retired_at
      OR ST_AsEWKB(o.geom) IS DISTINCT FROM ST_AsEWKB(n.geom);
  END IF;
  SELECT array_agg(DISTINCT type) INTO changed FROM walk_changed;
  IF changed IS NULL THEN
    RETURN NULL;
  END IF;
  IF (SELECT count(*) FROM walk_changed) > 1000 THEN
    PERFORM refresh_building_walk(NULL, changed);
    RETURN NULL;
  END IF;
  SELECT array_agg(DISTINCT a.building_id) INTO ids
  FROM walk_changed c JOIN building_access a
    ON a.pt && ST_Expand(c.geom, 1010 / (111320 * cos(radians(ST_Y(c.geom)))), 1010 / 110574.0);
  IF ids IS NOT NULL THEN
    PERFORM refresh_building_walk(ids, changed);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER facilities_walk_insert AFTER INSERT ON facilities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION facilities_walk_change();
CREATE TRIGGER facilities_walk_update AFTER UPDATE ON facilities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION facilities_walk_change();
CREATE TRIGGER facilities_walk_delete AFTER DELETE ON facilities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION facilities_walk_change();
CREATE TRIGGER facilities_walk_truncate AFTER TRUNCATE ON facilities
  FOR EACH STATEMENT EXECUTE FUNCTION facilities_walk_change();

CREATE FUNCTION buildings_walk_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
DECLARE
  ids int[] := ARRAY(SELECT id FROM new_rows);
BEGIN
  IF walk_rule() <> 'network' THEN
    RETURN NULL;
  END IF;
  PERFORM refresh_building_access(ids);
  PERFORM refresh_building_walk(ids, NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER buildings_walk_insert AFTER INSERT ON buildings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION buildings_walk_insert();

CREATE FUNCTION buildings_walk_update() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
  IF walk_rule() <> 'network' THEN
    RETURN NULL;
  END IF;
  PERFORM refresh_building_access(ARRAY[NEW.id]);
  PERFORM refresh_building_walk(ARRAY[NEW.id], NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER buildings_walk_update AFTER UPDATE OF geom, retired_at ON buildings FOR EACH ROW
  WHEN (ST_AsEWKB(OLD.geom) IS DISTINCT FROM ST_AsEWKB(NEW.geom) OR OLD.retired_at IS DISTINCT FROM NEW.retired_at)
  EXECUTE FUNCTION buildings_walk_update();

CREATE FUNCTION facility_reach_walk_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
  PERFORM refresh_building_walk(NULL, NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER facility_reach_walk AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON facility_reach
  FOR EACH STATEMENT EXECUTE FUNCTION facility_reach_walk_change();

SELECT rebuild_walk_network();
SELECT refresh_building_walk(NULL, NULL);
