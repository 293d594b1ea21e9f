-- Compounds of a city import that overlap one another (more than 1 m² in common: a shared wall is
-- not an overlap). A building could not tell which of the two it belongs to, so the import refuses.
SELECT a.osm_id AS a_id, a.name AS a_name, b.osm_id AS b_id, b.name AS b_name,
  round(ST_Area(ST_Intersection(a.geom, b.geom)::geography))::int AS m2
FROM city_feature a JOIN city_feature b ON a.n < b.n AND ST_Intersects(a.geom, b.geom)
WHERE a.what = 'compound' AND b.what = 'compound' AND ST_Area(ST_Intersection(a.geom, b.geom)::geography) > 1
ORDER BY a.n, b.n
