-- One facility's change recomputed the walks of the buildings near it over the whole network (migration
-- 335's function): pgr_drivingDistance loaded every edge of the city, 804,403 at scale 40, and spread
-- from every facility of the type, about 10 s for one facility moved. Same function; a call for given
-- buildings reads only the network and facilities within reach of them (the box below).
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
  DELETE FROM building_walk
  WHERE (ids IS NULL OR building_id = ANY (ids)) AND (types IS NULL OR type = ANY (types));
  IF NOT network THEN
    RETURN;
  END IF;
  -- A local change (ids given): a walk of at most walk_limit that ends at one of these buildings never
  -- leaves walk_limit of it in a straight line (no path is shorter than the straight line between its
  -- points), and its facility lies within walk_limit + off_network of it; what lies outside that box
  -- cannot change their distances. So pgRouting loads only the box's edges and facilities: at scale
  -- 40 the whole network is 804,403 edges, 1.8 s to load, and one facility moved took 10 s.
  IF ids IS NOT NULL THEN
    SELECT ST_Expand(ST_Transform(ST_SetSRID(ST_Extent(a.pt)::geometry, 4326), 4547), walk_limit + off_network + 10)
      INTO box FROM building_access a WHERE a.building_id = ANY (ids);
    IF box IS NULL THEN
      RETURN;
    END IF;
    box_wgs := ST_Envelope(ST_Transform(ST_Envelope(box), 4326));
  END IF;
  -- the buildings to measure, in a table of their own: the planner sees how few they are (with
  -- "ids IS NULL OR building_id = ANY (ids)" its one plan for both cases read every building and edge)
  DROP TABLE IF EXISTS pg_temp.walk_targets;
  CREATE TEMP TABLE walk_targets ON COMMIT DROP AS
    SELECT a.* FROM building_access a WHERE ids IS NULL OR a.building_id = ANY (ids);
  ANALYZE walk_targets;
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
      -- (the box first: the nearest edge is looked up only for the facilities inside it)
      CROSS JOIN LATERAL (SELECT id, geom, source, target, cost FROM walk_edges ORDER BY geom <-> p.pt LIMIT 1) e
      WHERE network AND f.type = r.type AND f.retired_at IS NULL AND ST_Distance(e.geom, p.pt) <= off_network
        AND (box_wgs IS NULL OR f.geom && box_wgs);
    -- probed once per building below (the way along a shared edge): without this index every building
    -- scanned every facility's row, quadratic at city scale
    CREATE INDEX ON walk_from (edge_id);
    ANALYZE walk_from;
    IF network AND EXISTS (SELECT 1 FROM walk_from) THEN
        edges_sql := 'SELECT id::bigint AS id, source::bigint AS source, target::bigint AS target, cost, cost AS reverse_cost FROM walk_edges'
          || CASE WHEN box IS NULL THEN '' ELSE format(' WHERE geom && %L::geometry', box::text) END || '
          UNION ALL SELECT -row_number() OVER (), 0, source, access_m + frac * cost, -1 FROM pg_temp.walk_from
          UNION ALL SELECT -1000000000 - row_number() OVER (), 0, target, access_m + (1 - frac) * cost, -1 FROM pg_temp.walk_from';
        INSERT INTO walk_dd (node, agg)
        SELECT node, min(agg_cost) FROM pgr_drivingDistance(edges_sql, ARRAY[0::bigint], walk_limit, true, false)
        WHERE node <> 0 GROUP BY node;
    END IF;
    ANALYZE walk_dd;
    INSERT INTO building_walk (building_id, type, distance_m, rule)
    SELECT a.building_id, r.type,
      CASE WHEN n.ok THEN n.d ELSE s.d END,
      CASE WHEN n.ok THEN 'network' ELSE 'straight-line' END
    FROM walk_targets a
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
    ) s;
  END LOOP;
END $$;

ALTER FUNCTION refresh_building_walk(int[], text[]) SET jit = off;
