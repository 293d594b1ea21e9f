-- A ticket outside every compound is placed by the nearest named road (README "Tickets as work
-- orders: place"): its address reads district street community road, then the unit / room typed.
-- Inside a compound the address stays compound + building (migration 140).

-- The name of the named road nearest to `pt` within `max_m` metres, or NULL. The GiST index's
-- nearest-neighbour order (degrees) picks a few, true metres (geography) decide among them.
CREATE FUNCTION nearest_road_name(pt geometry, max_m float8 DEFAULT 200) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_catalog
  RETURN (
    SELECT r.name FROM (
      SELECT name, geom FROM roads WHERE name IS NOT NULL ORDER BY geom <-> pt LIMIT 8
    ) r
    WHERE ST_DWithin(r.geom::geography, pt::geography, max_m)
    ORDER BY ST_Distance(r.geom::geography, pt::geography), r.name
    LIMIT 1);

-- The address of a ticket at `pt`: migration 140's ticket_address, with the nearest named road in
-- place of the compound when the point is in none.
CREATE FUNCTION ticket_address_at(district int, street int, community int, compound int, building int,
    detail text, pt geometry) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_catalog
  RETURN CASE WHEN compound IS NOT NULL OR pt IS NULL
    THEN ticket_address(district, street, community, compound, building, detail)
    ELSE nullif(concat_ws(' ',
      (SELECT name FROM areas WHERE id = district),
      (SELECT name FROM areas WHERE id = street),
      (SELECT name FROM areas WHERE id = community),
      CASE WHEN district IS NOT NULL THEN nearest_road_name(pt) END,
      detail), '')
  END;

CREATE OR REPLACE FUNCTION tickets_fill_address() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.address IS NULL THEN
    NEW.street_id := coalesce(NEW.street_id, (SELECT s.id FROM areas c JOIN areas s ON s.id = c.parent_id
                                               WHERE c.id = NEW.community_id));
    NEW.address := ticket_address_at(NEW.district_id, NEW.street_id, NEW.community_id, NEW.compound_id,
                                     NEW.building_id, NEW.address_detail, NEW.geom);
  END IF;
  RETURN NEW;
END $$;

-- Tickets outside compounds whose address was worked out (not given) get the road too.
UPDATE tickets t SET address = ticket_address_at(t.district_id, t.street_id, t.community_id, NULL, t.building_id,
    t.address_detail, t.geom)
  WHERE t.compound_id IS NULL
    AND t.address IS NOT DISTINCT FROM ticket_address(t.district_id, t.street_id, t.community_id, NULL,
                                                      t.building_id, t.address_detail)
    AND nearest_road_name(t.geom) IS NOT NULL;
