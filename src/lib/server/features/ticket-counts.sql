-- Open and overdue tickets counted on a side panel: the service writes the feature's condition and
-- the scope condition (alias t, $1 the feature's id) in place of the marker.
SELECT count(*) FILTER (WHERE ticket_is_open(t.status))::int AS open,
       count(*) FILTER (WHERE ticket_is_overdue(t.status, t.due_at, t.suspended_at))::int AS overdue
FROM tickets t
WHERE /*where*/ true
