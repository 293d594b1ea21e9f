-- The rows of one import, staged in the importing transaction: $1 a JSON array of
-- {row, p (our fields), g (GeoJSON geometry or null)}, $2 the SRID of the coordinates, $3 the key field.
-- Geometries are transformed to EPSG:4326 by PostGIS (PROJ), polygons made multi.
INSERT INTO import_rows (row, code, p, geom)
SELECT r.row, r.p ->> $3::text, r.p,
  CASE WHEN r.g IS NULL THEN NULL
       ELSE ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(r.g), $2::int), 4326) END
FROM jsonb_to_recordset($1::jsonb) AS r (row int, p jsonb, g text)
