-- Personal data (PIPL, issue 16): the retention job (src/lib/server/privacy/retention.ts) finds the
-- finished tickets that still hold a reporter's phone, and the stored answers of old retries
-- (which carry the ticket with its reporter) by age, through these indexes.
CREATE INDEX tickets_phone_retention_idx ON tickets (status, closed_at)
  WHERE reporter_phone IS NOT NULL AND status IN ('closed', 'rejected');
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
