-- The staged buildings and compounds of a city import, pieces of one OSM id merged (an extract cut
-- into tiles draws one building in several pieces): areas unioned and made valid. A feature without
-- an id stays as it is. `n` numbers them for the codes of features without an id.
CREATE TEMP TABLE city_b ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY osm_id NULLS LAST, k) AS n, osm_id, name, floors, geom FROM (
  SELECT min(k) AS k, osm_id, max(name) AS name, max(floors) AS floors,
    ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(ST_MakeValid(geom))), 3)) AS geom
  FROM city_stage WHERE what = 'building' AND osm_id IS NOT NULL GROUP BY osm_id
  UNION ALL
  SELECT k, NULL, name, floors, ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3))
  FROM city_stage WHERE what = 'building' AND osm_id IS NULL
) x WHERE NOT ST_IsEmpty(geom);
CREATE TEMP TABLE city_c ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY osm_id NULLS LAST, k) AS n, osm_id, name, geom FROM (
  SELECT min(k) AS k, osm_id, max(name) AS name,
    ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(ST_MakeValid(geom))), 3)) AS geom
  FROM city_stage WHERE what = 'compound' AND osm_id IS NOT NULL GROUP BY osm_id
  UNION ALL
  SELECT k, NULL, name, ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3))
  FROM city_stage WHERE what = 'compound' AND osm_id IS NULL
) x WHERE NOT ST_IsEmpty(geom);
CREATE INDEX ON city_b USING gist (geom);
CREATE INDEX ON city_c USING gist (geom);
