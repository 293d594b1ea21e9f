-- The 12345 workflow, part 2: the steps of 12345 practice (README "Tickets: the steps of 12345
-- practice"): 延期 extensions asked by the holder and decided by a dispatcher or official, 挂起 / 恢复
-- suspension that stops the SLA clock, 合并 merging a duplicate into its master, 回访 callbacks after
-- closing, and 退回 to the upstream platform.

ALTER TABLE ticket_events DROP CONSTRAINT ticket_events_kind_check;
ALTER TABLE ticket_events ADD CONSTRAINT ticket_events_kind_check CHECK (kind IN ('created', 'assigned', 'accepted',
  'started', 'note', 'resolved', 'closed', 'reopened', 'rejected', 'escalated', 'reassigned', 'returned', 'supervised',
  'extension_requested', 'extension_approved', 'extension_refused', 'suspended', 'resumed', 'merged',
  'callback', 'returned_upstream', 'warned'));

-- Per category: the longest extension one request may ask (working days), the share of the SLA at
-- which the holder is warned (part 3) and the share of closed tickets called back.
ALTER TABLE sla_rules ADD COLUMN max_extension_working_days int NOT NULL DEFAULT 10
  CHECK (max_extension_working_days BETWEEN 1 AND 60);
ALTER TABLE sla_rules ADD COLUMN warn_share numeric NOT NULL DEFAULT 0.75 CHECK (warn_share > 0 AND warn_share < 1);
ALTER TABLE sla_rules ADD COLUMN callback_share numeric NOT NULL DEFAULT 1 CHECK (callback_share BETWEEN 0 AND 1);
-- complaints are all called back; the rest by the default share (all)

-- 延期: one request at a time per ticket; the deadline moves only on approval.
CREATE TABLE ticket_extensions (
  id            bigserial PRIMARY KEY,
  ticket_id     bigint NOT NULL REFERENCES tickets (id),
  working_days  int NOT NULL CHECK (working_days BETWEEN 1 AND 60),
  reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  requested_by  int NOT NULL REFERENCES users (id),
  requested_at  timestamptz NOT NULL DEFAULT now(),
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
  decided_by    int REFERENCES users (id),
  decided_at    timestamptz,
  decision_note text,
  due_before    timestamptz NOT NULL,
  due_after     timestamptz,
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  CHECK ((status = 'approved') = (due_after IS NOT NULL))
);
CREATE UNIQUE INDEX ticket_extensions_pending_idx ON ticket_extensions (ticket_id) WHERE status = 'pending';
CREATE INDEX ticket_extensions_ticket_idx ON ticket_extensions (ticket_id, id);

-- 挂起: while suspended_at is set the SLA clock stands; resuming moves due_at by the working time
-- it stood (src/lib/server/tickets/sla.ts workingMsBetween / addWorkingMs).
ALTER TABLE tickets ADD COLUMN suspended_at timestamptz;
-- 合并: a duplicate merged into its master (rejected, pointing at it); told when the master closes.
ALTER TABLE tickets ADD COLUMN merged_into bigint REFERENCES tickets (id);
ALTER TABLE tickets ADD CONSTRAINT tickets_not_merged_into_self CHECK (merged_into <> id);
CREATE INDEX tickets_merged_into_idx ON tickets (merged_into) WHERE merged_into IS NOT NULL;

-- "Overdue", spelt once: open, past its deadline and not suspended (its clock stands).
CREATE FUNCTION ticket_is_overdue(status text, due_at timestamptz, suspended_at timestamptz) RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN ticket_is_open(status) AND due_at < now() AND suspended_at IS NULL;

-- 回访: closed tickets picked for a callback (all, or callback_share of their category) wait here
-- until a dispatcher records reached / not reached and satisfied / not satisfied.
CREATE TABLE ticket_callbacks (
  id            bigserial PRIMARY KEY,
  ticket_id     bigint NOT NULL REFERENCES tickets (id),
  queued_at     timestamptz NOT NULL DEFAULT now(),
  done_at       timestamptz,
  done_by       int REFERENCES users (id),
  reached       boolean,
  satisfied     boolean,
  note          text,
  CHECK ((done_at IS NULL) = (reached IS NULL)),
  CHECK (reached IS NOT FALSE OR satisfied IS NULL)
);
CREATE UNIQUE INDEX ticket_callbacks_waiting_idx ON ticket_callbacks (ticket_id) WHERE done_at IS NULL;
CREATE INDEX ticket_callbacks_queue_idx ON ticket_callbacks (queued_at) WHERE done_at IS NULL;
