-- Moves the staged base-map features into roads, water and landuse. Pieces of one OSM object (a
-- way drawn in several pieces, or clipped at old tile edges) are merged by their OSM id: lines
-- joined (ST_LineMerge) and dumped to LineStrings, areas unioned. Features without an id go as
-- they are. Invalid polygons are made valid; what is left empty is dropped.
WITH r AS (
  SELECT name, kind, bridge, osm_id, ST_LineMerge(ST_Union(geom)) AS geom
  FROM basemap_stage WHERE tbl = 'roads' AND osm_id IS NOT NULL GROUP BY osm_id, name, kind, bridge
  UNION ALL
  SELECT name, kind, bridge, NULL, geom FROM basemap_stage WHERE tbl = 'roads' AND osm_id IS NULL
), roads_in AS (
  INSERT INTO roads (name, class, bridge, osm_id, geom)
  SELECT name, kind, bridge, osm_id, d.geom FROM r, ST_Dump(ST_CollectionExtract(r.geom, 2)) d
  WHERE NOT ST_IsEmpty(d.geom) AND ST_NPoints(d.geom) >= 2
  RETURNING 1
), a AS (
  SELECT tbl, name, kind, osm_id, ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(ST_MakeValid(geom))), 3)) AS geom
  FROM basemap_stage WHERE tbl IN ('water', 'landuse') AND osm_id IS NOT NULL GROUP BY tbl, osm_id, name, kind
  UNION ALL
  SELECT tbl, name, kind, NULL, ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3))
  FROM basemap_stage WHERE tbl IN ('water', 'landuse') AND osm_id IS NULL
), water_in AS (
  INSERT INTO water (name, kind, osm_id, geom)
  SELECT name, kind, osm_id, geom FROM a WHERE tbl = 'water' AND NOT ST_IsEmpty(geom) RETURNING 1
), landuse_in AS (
  INSERT INTO landuse (name, kind, osm_id, geom)
  SELECT name, kind, osm_id, geom FROM a WHERE tbl = 'landuse' AND NOT ST_IsEmpty(geom) RETURNING 1
)
SELECT (SELECT count(*) FROM roads_in)::int AS roads, (SELECT count(*) FROM water_in)::int AS water,
  (SELECT count(*) FROM landuse_in)::int AS landuse
