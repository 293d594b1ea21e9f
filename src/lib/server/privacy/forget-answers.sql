-- The first answers kept for retries (Idempotency-Key) carry the ticket with its reporter: they are
-- kept $1 days (a retry never comes later than the 72 h an offline phone may wait), then deleted.
WITH a AS (DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(days => $1::int) RETURNING 1),
     b AS (DELETE FROM idempotent_requests WHERE received_at < now() - make_interval(days => $1::int) RETURNING 1)
SELECT (SELECT count(*) FROM a)::int + (SELECT count(*) FROM b)::int AS n
