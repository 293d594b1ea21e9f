-- Side panel of a facility ($1 its id).
SELECT f.id, f.name, f.type, f.capacity, f.floor_area, to_char(f.opened_on, 'YYYY-MM-DD') AS opened_on,
  f.area_id, c.name AS compound,
  CASE WHEN ST_Contains(f.geom, ST_Centroid(f.geom)) THEN ARRAY[ST_X(ST_Centroid(f.geom)), ST_Y(ST_Centroid(f.geom))]
       ELSE ARRAY[ST_X(ST_PointOnSurface(f.geom)), ST_Y(ST_PointOnSurface(f.geom))] END AS center,
  ARRAY[ST_XMin(f.geom), ST_YMin(f.geom), ST_XMax(f.geom), ST_YMax(f.geom)] AS bbox
FROM facilities f LEFT JOIN compounds c ON c.id = f.compound_id
WHERE f.id = $1
