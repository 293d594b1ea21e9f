-- The staged buildings and compounds of a city import (`what`), pieces of one OSM id merged (an
-- extract cut into tiles draws one feature in several pieces): areas unioned and made valid. A
-- feature without an id stays as it is. `n` numbers each kind, for the codes of features without an id.
CREATE TEMP TABLE city_feature ON COMMIT DROP AS
SELECT what, row_number() OVER (PARTITION BY what ORDER BY osm_id NULLS LAST, k) AS n, osm_id, name, floors, geom FROM (
  SELECT what, min(k) AS k, osm_id, max(name) AS name, max(floors) AS floors,
    ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(ST_MakeValid(geom))), 3)) AS geom
  FROM city_stage WHERE osm_id IS NOT NULL GROUP BY what, osm_id
  UNION ALL
  SELECT what, k, NULL, name, floors, ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3))
  FROM city_stage WHERE osm_id IS NULL
) x WHERE NOT ST_IsEmpty(geom);
CREATE INDEX ON city_feature USING gist (geom);
