-- What a point ($1 lon, $2 lat) falls in, by name: district, street, community, grid cell,
-- compound and the building within 30 m (route.sql's rules), and the address a ticket there gets
-- (outside compounds: the nearest named road, migration 270).
WITH r AS (
  -- route.sql
  /*route*/
)
SELECT r.district_id AS "districtId", r.compound_id AS "compoundId", r.building_id AS "buildingId",
  c.name AS "compoundName", b.number AS "buildingNumber", g.name AS "gridCellName",
  ticket_address_at(r.district_id, r.street_id, r.community_id, r.compound_id, r.building_id, NULL,
    ST_SetSRID(ST_MakePoint($1, $2), 4326)) AS address,
  CASE WHEN r.compound_id IS NULL AND r.district_id IS NOT NULL
    THEN nearest_road_name(ST_SetSRID(ST_MakePoint($1, $2), 4326)) END AS "roadName"
FROM r
LEFT JOIN compounds c ON c.id = r.compound_id
LEFT JOIN buildings b ON b.id = r.building_id
LEFT JOIN grid_cells g ON g.id = r.grid_cell_id
