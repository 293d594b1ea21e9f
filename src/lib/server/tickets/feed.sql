-- Events after a cursor ($1 seq), in commit order, at most $2 rows. `seq` is numbered under a
-- lock that every event-writing transaction holds until it commits (migration 024), so once seq N
-- is visible no event below N can still appear: resuming after the last seq never skips one.
SELECT e.id, e.seq, e.ticket_id AS "ticketId", e.kind, e.from_status AS "from", e.to_status AS "to", e.at,
       t.category, t.status, ST_X(t.geom) AS lon, ST_Y(t.geom) AS lat, t.district_id AS "districtId",
       t.community_id AS "communityId", t.grid_cell_id AS "gridCellId", t.building_id AS "buildingId",
       t.assignee_id AS "assigneeId", t.compound_id AS "compoundId", t.holder_department_id AS "holderDepartmentId",
       ticket_is_overdue(t.status, t.due_at, t.suspended_at) AS overdue
FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
WHERE e.seq > $1
ORDER BY e.seq
LIMIT $2
