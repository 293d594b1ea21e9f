-- An open ticket of the same category ($3) within 50 m of the point ($1 lon, $2 lat), reported in the
-- last 24 hours: the new one is linked to the earliest such ticket (or to what that one duplicates).
SELECT coalesce(t.duplicate_of, t.id) AS id FROM tickets t
WHERE t.category = $3 AND ticket_is_open(t.status)
  AND t.created_at > now() - interval '24 hours'
  AND t.geom && ST_Expand(ST_SetSRID(ST_MakePoint($1, $2), 4326), 0.0008)
  AND ST_DWithin(t.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 50)
ORDER BY t.created_at, t.id
LIMIT 1
