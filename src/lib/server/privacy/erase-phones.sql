-- Erases the reporter's phone of finished tickets (closed, or rejected) finished more than $1 days
-- ago, at most $2 at a time; returns the tickets changed. A rejected ticket has no closed_at: its
-- rejection event's time counts.
WITH due AS (
  SELECT t.id
  FROM tickets t
  WHERE t.reporter_phone IS NOT NULL
    AND t.status IN ('closed', 'rejected')
    AND coalesce(t.closed_at,
          (SELECT max(e.at) FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'rejected'))
        < now() - make_interval(days => $1::int)
  ORDER BY t.id
  LIMIT $2
  FOR UPDATE OF t SKIP LOCKED
)
UPDATE tickets t SET reporter_phone = NULL
FROM due WHERE t.id = due.id
RETURNING t.id
