-- Records one 回访 attempt on the waiting queue entry of ticket $1 (the caller made sure one waits):
-- $2 user, $3 reached, $4 satisfied (NULL when not reached), $5 note, $6 the attempts allowed.
-- Reached: the entry is done. Not reached: it keeps waiting for a retry, until the $6-th attempt,
-- which ends it unreachable (done, reached = false). Answers the attempts made and whether it is done.
UPDATE ticket_callbacks SET attempts = attempts + 1, last_attempt_at = now(), last_attempt_by = $2::int,
  note = coalesce($5::text, note),
  done_at = CASE WHEN $3::boolean OR attempts + 1 >= $6::int THEN now() END,
  done_by = CASE WHEN $3::boolean OR attempts + 1 >= $6::int THEN $2::int END,
  reached = CASE WHEN $3::boolean THEN true WHEN attempts + 1 >= $6::int THEN false END,
  satisfied = CASE WHEN $3::boolean THEN $4::boolean END
WHERE ticket_id = $1 AND done_at IS NULL
RETURNING attempts, done_at IS NOT NULL AS done
