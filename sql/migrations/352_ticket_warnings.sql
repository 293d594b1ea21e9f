-- The 12345 workflow, part 3: warnings before a deadline (README "Tickets: warnings before a
-- deadline"). At its category's warn_share of the SLA (migration 351, default 75 %) an open ticket
-- that is not suspended is warned once: warned_at is set in the same statement that picks it, so a
-- restart (or a second instance) never warns it again. A deadline moved by an approved extension or
-- a resume clears warned_at: the new deadline gets its own warning.
ALTER TABLE tickets ADD COLUMN warned_at timestamptz;
CREATE INDEX tickets_warn_idx ON tickets (due_at)
  WHERE warned_at IS NULL AND status IN ('new', 'assigned', 'accepted', 'in_progress');

-- "At risk", spelt once: open, not suspended, not yet due, and past its category's warn share of the
-- time from filing to the deadline.
CREATE FUNCTION ticket_is_at_risk(st text, cat text, created timestamptz, due timestamptz, suspended timestamptz)
  RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE
  RETURN ticket_is_open(st) AND suspended IS NULL AND due >= now()
    AND now() >= created + (due - created) * coalesce((SELECT s.warn_share FROM sla_rules s WHERE s.category = cat), 0.75);
