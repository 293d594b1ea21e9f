-- Claims up to $1 outbox rows that are due (not delivered, not dead, next_at passed), oldest first,
-- for $2 seconds (a lease: if this instance dies while sending, they are due again after it, and are
-- sent again with the same id — at least once). SKIP LOCKED lets several instances share the work.
WITH due AS (
  SELECT o.id FROM outbox o
  WHERE o.delivered_at IS NULL AND o.dead_at IS NULL AND o.next_at <= now()
  ORDER BY o.next_at, o.id
  LIMIT $1
  FOR UPDATE SKIP LOCKED
)
UPDATE outbox o SET attempts = o.attempts + 1, next_at = now() + make_interval(secs => $2)
FROM due, webhooks w
WHERE o.id = due.id AND w.id = o.webhook_id
RETURNING o.id, o.message_id AS "messageId", o.topic, o.payload, o.attempts, w.url, w.secret
