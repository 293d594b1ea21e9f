-- Invalid geometries: $1 true repairs them (ST_MakeValid, polygons kept polygonal) and answers the
-- repair (area before and after, the new shape); false rejects them with PostGIS's reason.
WITH invalid AS (
  SELECT row, ST_IsValidReason(geom) AS why, ST_Area(geom::geography) AS before_m2
  FROM import_rows WHERE geom IS NOT NULL AND NOT ST_IsValid(geom)
), rejected AS (
  INSERT INTO import_rejects (row, field, reason)
  SELECT row, 'geometry', 'invalid geometry (' || why || '); choose "repair" to fix it with ST_MakeValid'
  FROM invalid WHERE NOT $1::boolean
), fixed AS (
  UPDATE import_rows r SET geom = CASE WHEN GeometryType(r.geom) LIKE '%POLYGON'
      THEN ST_Multi(ST_CollectionExtract(ST_MakeValid(r.geom), 3)) ELSE ST_MakeValid(r.geom) END
  FROM invalid i WHERE $1::boolean AND r.row = i.row
  RETURNING r.row, r.geom
)
SELECT i.row, i.why AS reason, round(i.before_m2::numeric, 1)::float8 AS "beforeM2",
  round(ST_Area(f.geom::geography)::numeric, 1)::float8 AS "afterM2", ST_AsGeoJSON(f.geom, 7)::json AS geometry
FROM invalid i JOIN fixed f USING (row) ORDER BY i.row
