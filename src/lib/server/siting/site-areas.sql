-- The community (and its street) that each proposed site lies in, in input order; null outside all.
SELECT a.id AS "communityId", a.name AS community, s.name AS street
FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lon, lat, n)
LEFT JOIN LATERAL (
  SELECT id, name, parent_id FROM areas
  WHERE level = 'community' AND retired_at IS NULL
    AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))
  ORDER BY id LIMIT 1
) a ON true
LEFT JOIN areas s ON s.id = a.parent_id
ORDER BY n
