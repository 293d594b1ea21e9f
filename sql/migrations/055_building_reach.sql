-- Facility reach per building, maintained by triggers, so that facility coverage (all buildings × all
-- facilities) is one pass over the buildings instead of a spatial join on every request.
-- building_reach.types: the facility types whose reach rule (facility_reach: geodesic distance
-- ≤ walk_m / detour) includes the building's point on surface, sorted. The predicate is the very one
-- coverage used before (same ST_DWithin, same arithmetic), so the numbers do not move.
-- Recomputed when a building is added, moved or (un)retired; for the buildings within reach of a
-- facility that is added, moved, retyped, retired or deleted; and for every building when a rule
-- changes (rare: a full pass takes about 35 s at 320,000 buildings and 23,000 facilities).
CREATE TABLE building_reach (
  building_id  int PRIMARY KEY REFERENCES buildings (id) ON DELETE CASCADE,
  types        text[] NOT NULL
);

-- The facility types that reach point pt, sorted: per rule, an index probe in its degree box (1 %
-- margin, as before) that stops at the first facility of the type passing the exact geodesic test.
-- (One probe with the largest radius and a test of every facility in it was twice as slow: about 200
-- candidates per building in the city centre, each a spheroid distance.) A correlated scalar subquery,
-- not EXISTS: on tables loaded in the same transaction (no statistics yet) EXISTS became a hash semi
-- join reading every facility for every building.
CREATE FUNCTION reach_types(pt geometry) RETURNS text[]
LANGUAGE sql STABLE SET search_path = public, pg_catalog AS $$
  SELECT coalesce(array_agg(rule.type ORDER BY rule.type), '{}')
  FROM facility_reach rule
  WHERE (
    SELECT true FROM facilities f
    WHERE f.type = rule.type AND f.retired_at IS NULL
      AND f.geom && ST_Expand(pt, 1.01 * (rule.walk_m / rule.detour::float8) / (111320 * cos(radians(ST_Y(pt)))),
                                  1.01 * (rule.walk_m / rule.detour::float8) / 110574)
      AND ST_DWithin(pt::geography, f.geom::geography, rule.walk_m / rule.detour::float8)
    LIMIT 1)
$$;

-- Recompute the given buildings (all when ids is NULL). The advisory lock serialises the
-- maintainers: a second writer waits for the first to commit, then (READ COMMITTED: each statement
-- below takes a new snapshot) sees its facilities and buildings, so no concurrent change is lost.
CREATE FUNCTION refresh_building_reach(ids int[]) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(727055);
  INSERT INTO building_reach (building_id, types)
  SELECT b.id, reach_types(ST_PointOnSurface(b.geom)) FROM buildings b
  WHERE ids IS NULL OR b.id = ANY (ids)
  ON CONFLICT (building_id) DO UPDATE SET types = EXCLUDED.types
    WHERE building_reach.types IS DISTINCT FROM EXCLUDED.types;
END $$;

-- New buildings (COPY included): statement level, one set-based pass.
CREATE FUNCTION buildings_reach_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
  PERFORM refresh_building_reach(ARRAY(SELECT id FROM new_rows));
  RETURN NULL;
END $$;
CREATE TRIGGER buildings_reach_insert AFTER INSERT ON buildings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION buildings_reach_insert();

CREATE FUNCTION buildings_reach_update() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
  PERFORM refresh_building_reach(ARRAY[NEW.id]);
  RETURN NULL;
END $$;
CREATE TRIGGER buildings_reach_update AFTER UPDATE OF geom, retired_at ON buildings FOR EACH ROW
  -- geometry compared as bytes: a bare `=` on geometry is ambiguous to pg_restore, which runs with an
  -- empty search_path (the backup test restores a dump)
  WHEN (ST_AsEWKB(OLD.geom) IS DISTINCT FROM ST_AsEWKB(NEW.geom) OR OLD.retired_at IS DISTINCT FROM NEW.retired_at)
  EXECUTE FUNCTION buildings_reach_update();

-- The live buildings within reach of facilities (types[i] at geoms[i]): their type's radius, the same
-- 1 %-margin degree box, on buildings_point_idx. A superset of the buildings whose reach can change.
CREATE FUNCTION buildings_near(types text[], geoms geometry[]) RETURNS int[]
LANGUAGE sql STABLE SET search_path = public, pg_catalog AS $$
  SELECT array_agg(DISTINCT b.id)
  FROM unnest(types, geoms) c (type, geom) JOIN facility_reach rule ON rule.type = c.type
  JOIN buildings b
    ON ST_PointOnSurface(b.geom) && ST_Expand(c.geom,
         1.01 * (rule.walk_m / rule.detour::float8) / (111320 * cos(radians(ST_Y(c.geom)))),
         1.01 * (rule.walk_m / rule.detour::float8) / 110574)
   AND b.retired_at IS NULL
$$;

-- Changed facilities: recompute the live buildings within reach of each old and new position.
CREATE FUNCTION facilities_reach_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
DECLARE
  ids int[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM refresh_building_reach(NULL);
    RETURN NULL;
  END IF;
  -- lock first, so that the buildings read below include those of a writer that just committed
  PERFORM pg_advisory_xact_lock(727055);
  -- a bulk load (the demo's COPY, an import): one full pass is cheaper than finding the buildings near each
  IF TG_OP = 'INSERT' THEN
    IF (SELECT count(*) FROM new_rows) > 1000 THEN
      PERFORM refresh_building_reach(NULL);
      RETURN NULL;
    END IF;
  END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT buildings_near(array_agg(type), array_agg(geom)) INTO ids FROM new_rows WHERE retired_at IS NULL;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT buildings_near(array_agg(type), array_agg(geom)) INTO ids FROM old_rows WHERE retired_at IS NULL;
  ELSE
    SELECT buildings_near(array_agg(x.type), array_agg(x.geom)) INTO ids
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (o.type, o.geom, o.retired_at), (n.type, n.geom, n.retired_at)) x (type, geom, retired_at)
    WHERE x.retired_at IS NULL
      AND (o.type IS DISTINCT FROM n.type OR o.retired_at IS DISTINCT FROM n.retired_at OR o.geom IS DISTINCT FROM n.geom);
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM refresh_building_reach(ids);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER facilities_reach_insert AFTER INSERT ON facilities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION facilities_reach_change();
CREATE TRIGGER facilities_reach_update AFTER UPDATE ON facilities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION facilities_reach_change();
CREATE TRIGGER facilities_reach_delete AFTER DELETE ON facilities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION facilities_reach_change();
CREATE TRIGGER facilities_reach_truncate AFTER TRUNCATE ON facilities
  FOR EACH STATEMENT EXECUTE FUNCTION facilities_reach_change();

-- A changed rule moves every radius of its type: recompute all buildings.
CREATE FUNCTION facility_reach_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
  PERFORM refresh_building_reach(NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER facility_reach_rules AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON facility_reach
  FOR EACH STATEMENT EXECUTE FUNCTION facility_reach_change();

SELECT refresh_building_reach(NULL);
