-- Side panel of a compound ($1 its id): its company and the company's party status, its buildings.
SELECT c.id, c.name, c.address, c.households, c.population, c.year_built, c.community_id AS area_id,
  pc.name AS company, s.party_status,
  (SELECT count(*)::int FROM buildings b WHERE b.compound_id = c.id AND b.retired_at IS NULL) AS buildings,
  CASE WHEN ST_Contains(c.geom, ST_Centroid(c.geom)) THEN ARRAY[ST_X(ST_Centroid(c.geom)), ST_Y(ST_Centroid(c.geom))]
       ELSE ARRAY[ST_X(ST_PointOnSurface(c.geom)), ST_Y(ST_PointOnSurface(c.geom))] END AS center,
  ARRAY[ST_XMin(c.geom), ST_YMin(c.geom), ST_XMax(c.geom), ST_YMax(c.geom)] AS bbox
FROM compounds c LEFT JOIN property_companies pc ON pc.id = c.company_id
  LEFT JOIN company_party_status s ON s.company_id = c.company_id
WHERE c.id = $1
