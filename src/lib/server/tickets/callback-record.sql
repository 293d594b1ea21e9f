-- Records a 回访 of ticket $1 by user $2: $3 reached, $4 satisfied (NULL when not reached), $5 note.
-- The waiting queue entry is completed; a callback of a ticket that was not queued is recorded too.
WITH done AS (
  UPDATE ticket_callbacks SET done_at = now(), done_by = $2, reached = $3, satisfied = $4, note = $5
  WHERE ticket_id = $1 AND done_at IS NULL
  RETURNING id
)
INSERT INTO ticket_callbacks (ticket_id, queued_at, done_at, done_by, reached, satisfied, note)
SELECT $1, now(), now(), $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM done)
