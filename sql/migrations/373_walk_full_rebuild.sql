-- The full walk rebuild at city scale (issue 18: every building × every facility type under 2 minutes
-- at --scale 40; 258 s before). Same distances as migration 372's refresh_building_walk, computed and
-- written differently:
-- * each building's edge (its two ends and length) is joined once per call, not once per type, and
--   the distances at the edge's ends are read by hash joins from the pass's table of node distances,
--   not by two index probes per building and type; the facilities on a building's own edge (the way
--   along a shared edge) are gathered once per type for the few buildings that have one;
-- * the new rows are computed into a temporary table first and only the differences are written:
--   rows whose distance or rule changed are updated, rows gone are deleted, new rows inserted. A full
--   pass used to delete and re-insert all of them (3,006,260 at scale 40), each insert maintaining two
--   indexes and checking two foreign keys; after a road change most walks are the same as before.
CREATE OR REPLACE FUNCTION refresh_building_walk(ids int[], types text[]) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
DECLARE
  walk_limit CONSTANT float8 := 1000;
  off_network CONSTANT float8 := 100;
  network boolean := walk_rule() = 'network';
  r record;
  edges_sql text;
  box geometry;      -- metres (EPSG:4547, as walk_edges)
  box_wgs geometry;  -- the same box in longitude / latitude (as facilities), for their index
BEGIN
  PERFORM pg_advisory_xact_lock(727331);
  IF NOT network THEN
    DELETE FROM building_walk
    WHERE (ids IS NULL OR building_id = ANY (ids)) AND (types IS NULL OR type = ANY (types));
    RETURN;
  END IF;
  -- A local change (ids given): only the network and facilities of a box around the buildings (migration 372)
  IF ids IS NOT NULL THEN
    SELECT ST_Expand(ST_Transform(ST_SetSRID(ST_Extent(a.pt)::geometry, 4326), 4547), walk_limit + off_network + 10)
      INTO box FROM building_access a WHERE a.building_id = ANY (ids);
    IF box IS NULL THEN
      DELETE FROM building_walk WHERE building_id = ANY (ids) AND (types IS NULL OR type = ANY (types));
      RETURN;
    END IF;
    box_wgs := ST_Envelope(ST_Transform(ST_Envelope(box), 4326));
  END IF;
  -- the buildings to measure, with their edge's ends and length (read once, for every type)
  DROP TABLE IF EXISTS pg_temp.walk_targets;
  CREATE TEMP TABLE walk_targets ON COMMIT DROP AS
    SELECT a.building_id, a.pt, a.edge_id, a.frac, a.access_m, e.source, e.target, e.cost,
      a.edge_id IS NOT NULL AND a.access_m <= off_network AS ok
    FROM building_access a
    JOIN buildings b ON b.id = a.building_id AND b.retired_at IS NULL
    LEFT JOIN walk_edges e ON e.id = a.edge_id
    WHERE ids IS NULL OR a.building_id = ANY (ids);
  ANALYZE walk_targets;
  -- the facility types to measure, numbered: type k's walks start from the virtual node -k
  DROP TABLE IF EXISTS pg_temp.walk_types;
  CREATE TEMP TABLE walk_types ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY fr.type)::int AS k, fr.type, fr.detour::float8 AS detour
    FROM facility_reach fr WHERE types IS NULL OR fr.type = ANY (types);
  -- the facilities' access: both ends of their closest edge, if within 100 m of it
  DROP TABLE IF EXISTS pg_temp.walk_from;
  CREATE TEMP TABLE walk_from ON COMMIT DROP AS
    SELECT t.k, e.id AS edge_id, ST_LineLocatePoint(e.geom, p.pt) AS frac, ST_Distance(e.geom, p.pt) AS access_m,
      e.source, e.target, e.cost
    FROM facilities f
    JOIN walk_types t ON t.type = f.type
    CROSS JOIN LATERAL (SELECT ST_Transform(f.geom, 4547) AS pt) p
    CROSS JOIN LATERAL (SELECT id, geom, source, target, cost FROM walk_edges ORDER BY geom <-> p.pt LIMIT 1) e
    WHERE f.retired_at IS NULL AND ST_Distance(e.geom, p.pt) <= off_network
      AND (box_wgs IS NULL OR f.geom && box_wgs);
  ANALYZE walk_from;
  -- every type's walks in one pgr_drivingDistance: the graph is built once (1.8 s for the 804,403
  -- edges of scale 40) and walked from each type's virtual node, which only leaves by its own edges
  -- (one way) to the ends of that type's facilities' edges; each reached node once per start
  DROP TABLE IF EXISTS pg_temp.walk_dd;
  CREATE TEMP TABLE walk_dd (k int, node bigint, agg float8) ON COMMIT DROP;
  IF EXISTS (SELECT 1 FROM walk_from) THEN
    edges_sql := 'SELECT id::bigint AS id, source::bigint AS source, target::bigint AS target, cost, cost AS reverse_cost FROM walk_edges'
      || CASE WHEN box IS NULL THEN '' ELSE format(' WHERE geom && %L::geometry', box::text) END || '
      UNION ALL SELECT -row_number() OVER (), -k, source, access_m + frac * cost, -1 FROM pg_temp.walk_from
      UNION ALL SELECT -1000000000 - row_number() OVER (), -k, target, access_m + (1 - frac) * cost, -1 FROM pg_temp.walk_from';
    INSERT INTO walk_dd (k, node, agg)
    SELECT -from_v, node, agg_cost
    FROM pgr_drivingDistance(edges_sql, ARRAY(SELECT DISTINCT -k::bigint FROM walk_from), walk_limit, true, false)
    WHERE node >= 0;
  END IF;
  CREATE INDEX ON walk_dd (k);
  ANALYZE walk_dd;
  -- the way along a shared edge, for the buildings on the edge of a facility of a type
  DROP TABLE IF EXISTS pg_temp.walk_same;
  CREATE TEMP TABLE walk_same ON COMMIT DROP AS
    SELECT w.k, t.building_id, min(t.access_m + abs(t.frac - w.frac) * t.cost + w.access_m) AS d
    FROM walk_targets t JOIN walk_from w ON w.edge_id = t.edge_id
    WHERE t.ok
    GROUP BY w.k, t.building_id;
  ANALYZE walk_same;
  -- the new rows, written to building_walk at the end (only what differs)
  DROP TABLE IF EXISTS pg_temp.walk_new;
  CREATE TEMP TABLE walk_new (building_id int, type text, distance_m float8, rule text) ON COMMIT DROP;
  FOR r IN SELECT k, type, detour FROM walk_types ORDER BY k LOOP
    INSERT INTO walk_new (building_id, type, distance_m, rule)
    WITH dd AS MATERIALIZED (SELECT node, agg FROM walk_dd WHERE k = r.k),
    same AS MATERIALIZED (SELECT building_id, d FROM walk_same WHERE k = r.k)
    SELECT a.building_id, r.type,
      CASE WHEN a.ok THEN n.d ELSE s.d END,
      CASE WHEN a.ok THEN 'network' ELSE 'straight-line' END
    FROM walk_targets a
    LEFT JOIN dd ds ON a.ok AND ds.node = a.source
    LEFT JOIN dd dt ON a.ok AND dt.node = a.target
    LEFT JOIN same w ON a.ok AND w.building_id = a.building_id
    CROSS JOIN LATERAL (
      SELECT nullif(least(
          coalesce(a.access_m + ds.agg + a.frac * a.cost, 'Infinity'),
          coalesce(a.access_m + dt.agg + (1 - a.frac) * a.cost, 'Infinity'),
          coalesce(w.d, 'Infinity')
        ), 'Infinity') AS d
    ) n0
    CROSS JOIN LATERAL (SELECT CASE WHEN n0.d <= walk_limit THEN n0.d END AS d) n
    -- straight line × detour: the nearest facility of the type within the limit's radius (migration 055's box)
    CROSS JOIN LATERAL (
      SELECT min(ST_Distance(a.pt::geography, f.geom::geography)) * r.detour AS d
      FROM facilities f
      WHERE NOT a.ok AND f.type = r.type AND f.retired_at IS NULL
        AND f.geom && ST_Expand(a.pt, 1.01 * (walk_limit / r.detour) / (111320 * cos(radians(ST_Y(a.pt)))),
              1.01 * (walk_limit / r.detour) / 110574)
        AND ST_DWithin(a.pt::geography, f.geom::geography, walk_limit / r.detour)
    ) s;
  END LOOP;
  ANALYZE walk_new;
  -- the differences from building_walk (the rows of the scope): gone, new, or changed
  DROP TABLE IF EXISTS pg_temp.walk_diff;
  IF ids IS NULL THEN
    CREATE TEMP TABLE walk_diff ON COMMIT DROP AS
    SELECT coalesce(n.building_id, w.building_id) AS building_id, coalesce(n.type, w.type) AS type,
      n.distance_m, n.rule, w.building_id IS NULL AS added, n.building_id IS NULL AS gone
    FROM (SELECT * FROM building_walk WHERE types IS NULL OR type = ANY (types)) w
    FULL JOIN walk_new n ON n.building_id = w.building_id AND n.type = w.type
    WHERE n.building_id IS NULL OR w.building_id IS NULL
      OR w.distance_m IS DISTINCT FROM n.distance_m OR w.rule IS DISTINCT FROM n.rule;
  ELSE
    CREATE TEMP TABLE walk_diff ON COMMIT DROP AS
    SELECT coalesce(n.building_id, w.building_id) AS building_id, coalesce(n.type, w.type) AS type,
      n.distance_m, n.rule, w.building_id IS NULL AS added, n.building_id IS NULL AS gone
    FROM (SELECT * FROM building_walk WHERE building_id = ANY (ids) AND (types IS NULL OR type = ANY (types))) w
    FULL JOIN walk_new n ON n.building_id = w.building_id AND n.type = w.type
    WHERE n.building_id IS NULL OR w.building_id IS NULL
      OR w.distance_m IS DISTINCT FROM n.distance_m OR w.rule IS DISTINCT FROM n.rule;
  END IF;
  ANALYZE walk_diff;
  DELETE FROM building_walk w USING walk_diff d
  WHERE d.gone AND w.building_id = d.building_id AND w.type = d.type;
  UPDATE building_walk w SET distance_m = d.distance_m, rule = d.rule
  FROM walk_diff d
  WHERE NOT d.gone AND NOT d.added AND w.building_id = d.building_id AND w.type = d.type;
  INSERT INTO building_walk (building_id, type, distance_m, rule)
  SELECT building_id, type, distance_m, rule FROM walk_diff WHERE added;
END $$;

ALTER FUNCTION refresh_building_walk(int[], text[]) SET jit = off;
-- the hash joins of a full pass (300,626 buildings, some 700,000 network nodes at scale 40) fit in memory
ALTER FUNCTION refresh_building_walk(int[], text[]) SET work_mem = '256MB';
