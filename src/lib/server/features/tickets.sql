-- Side panel of a ticket ($1 its id) if it is in the caller's scope: the service writes the scope
-- condition (alias t) in place of the marker. No reporter, no description.
SELECT t.id, t.code, t.category, t.urgency, t.status, t.created_at, t.due_at,
  ticket_is_overdue(t.status, t.due_at, t.suspended_at) AS overdue,
  t.community_id AS area_id, c.name AS compound, c.id AS compound_id, ARRAY[ST_X(t.geom), ST_Y(t.geom)] AS center
FROM tickets t LEFT JOIN compounds c ON c.id = t.compound_id
WHERE t.id = $1 AND /*scope*/ true
