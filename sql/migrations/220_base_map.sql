-- The offline base map: roads, water and land use (schools, parks, hospitals …), drawn from the
-- app's own tables like everything else. Filled by the demo generator or imported from
-- OpenStreetMap / GeoJSON (osm_id keeps the source's id; pieces of one OSM way are merged on import).
-- Classes follow OpenStreetMap's highway=* values.

CREATE TABLE roads (
  id         serial PRIMARY KEY,
  name       text,
  class      text NOT NULL CHECK (class IN ('motorway', 'trunk', 'primary', 'secondary', 'tertiary',
               'residential', 'unclassified', 'service', 'living_street', 'pedestrian', 'footway',
               'cycleway', 'path', 'steps', 'track')),
  bridge     boolean NOT NULL DEFAULT false,
  tunnel     boolean NOT NULL DEFAULT false,
  osm_id     bigint,
  geom       geometry(LineString, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))
);
CREATE INDEX roads_geom_idx ON roads USING gist (geom);
CREATE INDEX roads_name_trgm_idx ON roads USING gin (name gin_trgm_ops);

CREATE TABLE water (
  id         serial PRIMARY KEY,
  name       text,
  kind       text NOT NULL CHECK (kind IN ('river', 'lake', 'pond', 'canal', 'reservoir', 'water')),
  osm_id     bigint,
  geom       geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))
);
CREATE INDEX water_geom_idx ON water USING gist (geom);

CREATE TABLE landuse (
  id         serial PRIMARY KEY,
  name       text,
  kind       text NOT NULL CHECK (kind IN ('school', 'park', 'hospital', 'green', 'commercial',
               'industrial', 'residential', 'university', 'cemetery', 'railway', 'military')),
  osm_id     bigint,
  geom       geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))
);
CREATE INDEX landuse_geom_idx ON landuse USING gist (geom);

-- one tile layer, 'basemap', carries all three (see src/lib/server/tiles/sql/basemap.sql)
INSERT INTO layer_versions (layer) VALUES ('basemap');
CREATE TRIGGER roads_layer_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roads
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('basemap');
CREATE TRIGGER water_layer_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON water
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('basemap');
CREATE TRIGGER landuse_layer_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON landuse
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('basemap');
