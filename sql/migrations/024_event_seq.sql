-- A commit-ordered position for every ticket event, for the live feed's cursor.
--
-- Sequence ids can commit out of order (event 101 visible before 100). Before, the feed waited for
-- every older transaction in the whole cluster to end (xmin), so any long transaction — an import,
-- an autoanalyze, another database's work — held live delivery back. Now event writers take one
-- exclusive transaction-level advisory lock before numbering their events, and keep it until they
-- commit: transactions that write events commit one after another, in the order of `seq`. A reader
-- that has seen seq N can never later find a committed event below N. (Writers serialise only from
-- their first event to their commit: the last, short part of a ticket change.)
CREATE SEQUENCE ticket_events_seq;
ALTER TABLE ticket_events ADD COLUMN seq bigint;
ALTER TABLE ticket_events DISABLE TRIGGER ticket_events_append_only;
UPDATE ticket_events SET seq = nextval('ticket_events_seq') FROM (SELECT id FROM ticket_events ORDER BY tx, id) o
  WHERE o.id = ticket_events.id;
ALTER TABLE ticket_events ENABLE TRIGGER ticket_events_append_only;
ALTER TABLE ticket_events ALTER COLUMN seq SET NOT NULL;
CREATE UNIQUE INDEX ticket_events_seq_idx ON ticket_events (seq);

CREATE FUNCTION ticket_events_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(727003);
  NEW.seq := nextval('ticket_events_seq');
  RETURN NEW;
END $$;
CREATE TRIGGER ticket_events_number BEFORE INSERT ON ticket_events FOR EACH ROW EXECUTE FUNCTION ticket_events_number();

-- The transaction-id cursor of 020 is replaced by seq.
DROP INDEX ticket_events_cursor_idx;
ALTER TABLE ticket_events DROP COLUMN tx;
