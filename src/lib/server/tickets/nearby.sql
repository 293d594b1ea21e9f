-- Open tickets within 50 m of ($1 lon, $2 lat), of category $3 when given, in the caller's scope
-- (the scope condition is appended as `AND …` by the service; its parameters follow $3).
SELECT t.id, t.code, t.category, t.status, t.description, t.address, t.created_at AS "createdAt",
  round(ST_Distance(t.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography)) AS "distanceM"
FROM tickets t
WHERE ticket_is_open(t.status) AND ($3::text IS NULL OR t.category = $3)
  AND t.geom && ST_Expand(ST_SetSRID(ST_MakePoint($1, $2), 4326), 0.0008)
  AND ST_DWithin(t.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 50)
  AND /*scope*/
ORDER BY "distanceM", t.id LIMIT 20
