-- A service request as Open311 shows it (alias t): never the resident's name or phone. The community's
-- point on surface is what keyless readers get instead of the ticket's own point.
-- updated_at is the ticket's latest event; last_note the latest event note (both index probes on
-- ticket_events (ticket_id, id)).
SELECT t.id, t.category, r.name_zh AS service_name, t.status, t.description,
       t.created_at, t.due_at, ST_X(t.geom) AS lon, ST_Y(t.geom) AS lat,
       coalesce(last_event.at, t.created_at) AS updated_at, last_note.note AS last_note,
       d.name AS district_name, s.name AS street_name, cm.name AS community_name,
       gc.name AS grid_cell_name, cp.name AS compound_name, b.number AS building_number,
       t.photo IS NOT NULL AS has_photo,
       ST_X(ST_PointOnSurface(cm.geom)) AS community_lon, ST_Y(ST_PointOnSurface(cm.geom)) AS community_lat
FROM tickets t
JOIN sla_rules r ON r.category = t.category
LEFT JOIN areas d ON d.id = t.district_id
LEFT JOIN areas s ON s.id = t.street_id
LEFT JOIN areas cm ON cm.id = t.community_id
LEFT JOIN grid_cells gc ON gc.id = t.grid_cell_id
LEFT JOIN compounds cp ON cp.id = t.compound_id
LEFT JOIN buildings b ON b.id = t.building_id
LEFT JOIN LATERAL (
  SELECT e.at FROM ticket_events e WHERE e.ticket_id = t.id ORDER BY e.id DESC LIMIT 1
) last_event ON true
LEFT JOIN LATERAL (
  SELECT e.note FROM ticket_events e WHERE e.ticket_id = t.id AND e.note IS NOT NULL ORDER BY e.id DESC LIMIT 1
) last_note ON true
