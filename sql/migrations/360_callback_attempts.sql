-- 回访 retries (README "Tickets: the steps of 12345 practice", 回访): a callback attempt that does
-- not reach the resident keeps the ticket in the callback queue for another try; after the last
-- allowed attempt (CALLBACK_ATTEMPTS of src/lib/tickets/workflow.ts, 3) it leaves the queue marked
-- unreachable (done, reached = false). `attempts` counts the attempts made on the queue entry.
ALTER TABLE ticket_callbacks ADD COLUMN attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0);
ALTER TABLE ticket_callbacks ADD COLUMN last_attempt_at timestamptz;
ALTER TABLE ticket_callbacks ADD COLUMN last_attempt_by int REFERENCES users (id);
-- callbacks recorded before: one attempt each
UPDATE ticket_callbacks SET attempts = 1, last_attempt_at = done_at, last_attempt_by = done_by WHERE done_at IS NOT NULL;
