-- Side panel of a building ($1 its id): its compound and steward (a staff name; the service shows it
-- only to roles that see people).
SELECT b.id, b.number, b.floors, b.households, c.id AS compound_id, c.name AS compound,
  c.community_id AS area_id, p.name AS steward,
  CASE WHEN ST_Contains(b.geom, ST_Centroid(b.geom)) THEN ARRAY[ST_X(ST_Centroid(b.geom)), ST_Y(ST_Centroid(b.geom))]
       ELSE ARRAY[ST_X(ST_PointOnSurface(b.geom)), ST_Y(ST_PointOnSurface(b.geom))] END AS center,
  ARRAY[ST_XMin(b.geom), ST_YMin(b.geom), ST_XMax(b.geom), ST_YMax(b.geom)] AS bbox
FROM buildings b JOIN compounds c ON c.id = b.compound_id LEFT JOIN people p ON p.id = b.steward_id
WHERE b.id = $1
