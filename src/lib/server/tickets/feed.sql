-- Events after a cursor ($1 tx, $2 id), in commit-safe order, at most $3 rows.
-- Only events of transactions older than every transaction still in flight are returned
-- (tx < xmin of the current snapshot): a transaction that commits later always has tx >= that
-- xmin, so ordering by (tx, id) and resuming after the last (tx, id) never skips an event, even
-- when sequence ids commit out of order (event 101 visible before 100).
SELECT e.id, e.tx::text AS tx, e.ticket_id AS "ticketId", e.kind, e.from_status AS "from", e.to_status AS "to", e.at,
       t.category, t.status, ST_X(t.geom) AS lon, ST_Y(t.geom) AS lat, t.district_id AS "districtId",
       t.community_id AS "communityId", t.grid_cell_id AS "gridCellId", t.building_id AS "buildingId",
       (t.status IN ('new', 'assigned', 'accepted', 'in_progress') AND t.due_at < now()) AS overdue
FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
WHERE (e.tx, e.id) > ($1::xid8, $2::bigint) AND e.tx < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY e.tx, e.id
LIMIT $3
