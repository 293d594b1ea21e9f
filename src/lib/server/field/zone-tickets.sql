-- The open tickets of a zone (CTE zb from zone-*.sql) as the API returns them (tickets/select.sql,
-- spliced in below), in the viewer's scope (its condition spliced in below); $2 a cell of the zone or NULL;
-- $3, $4 where the worker is (lon, lat; NULL: unknown) for the distance in metres.
-- Overdue first, then due soonest, then nearest.
SELECT q.*, CASE WHEN $3::float8 IS NULL THEN NULL ELSE round(ST_Distance(
         ST_SetSRID(ST_MakePoint(q.lon, q.lat), 4326)::geography,
         ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography))::int END AS "distanceM"
FROM (/*select*/
      WHERE ticket_is_open(t.status) AND /*scope*/ true
        AND ($2::int IS NULL OR t.grid_cell_id = $2 OR t.building_id IN (SELECT building_id FROM zb))) q
ORDER BY q.overdue DESC, q."dueAt", "distanceM" NULLS LAST, q.id
