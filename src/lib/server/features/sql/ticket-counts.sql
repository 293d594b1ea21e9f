-- Open and overdue tickets counted on a side panel: the service writes the feature's condition and
-- the scope condition (alias t, $1 the feature's id) in place of the marker.
SELECT count(*) FILTER (WHERE t.status NOT IN ('resolved', 'closed', 'rejected'))::int AS open,
       count(*) FILTER (WHERE t.status NOT IN ('resolved', 'closed', 'rejected') AND t.due_at < now())::int AS overdue
FROM tickets t
WHERE /*where*/ true
