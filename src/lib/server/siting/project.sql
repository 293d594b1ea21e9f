-- Client candidates (lon/lat, WGS84) to EPSG:4547 metres for the solver, in input order.
SELECT ST_X(m) AS x, ST_Y(m) AS y
FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lon, lat, n)
CROSS JOIN LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326), 4547) AS m) t
ORDER BY n
