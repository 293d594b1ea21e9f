-- The buildings of a zone (CTE zb from zone-*.sql), with what the field page needs: open tickets
-- and the last check-in, for the list, the map and the suggested route.
SELECT b.id, b.code, b.number, b.floors, b.households, zb.cell_id AS "cellId", cp.name AS compound,
       ST_X(s.pt) AS lon, ST_Y(s.pt) AS lat, ST_AsGeoJSON(b.geom, 6)::json AS geometry,
       (SELECT count(*)::int FROM tickets t
        WHERE t.building_id = b.id AND ticket_is_open(t.status)) AS "openTickets",
       (SELECT max(k.at) FROM patrol_checkins k WHERE k.building_id = b.id) AS "lastCheckinAt"
FROM zb
JOIN buildings b ON b.id = zb.building_id
JOIN compounds cp ON cp.id = b.compound_id
CROSS JOIN LATERAL (SELECT ST_PointOnSurface(b.geom) AS pt) s
ORDER BY cp.name, b.number, b.id
