-- The 12345 workflow, part 5: upstream sync (README "Upstream sync"). An upstream 12345 / 城运
-- platform pushes tickets with its own id (POST /api/upstream/tickets), idempotently: the same
-- (source, external id) is one ticket, and receives their status changes back by a webhook that
-- takes only the tickets it pushed (webhooks.source).
ALTER TABLE tickets ADD COLUMN external_source text CHECK (external_source ~ '^[a-z0-9_-]{1,40}$');
ALTER TABLE tickets ADD COLUMN external_id text CHECK (length(external_id) BETWEEN 1 AND 100);
-- what the first push said (SHA-256 of its fields): a second push of the same id must say the same
ALTER TABLE tickets ADD COLUMN external_fingerprint text;
ALTER TABLE tickets ADD CONSTRAINT tickets_external_pair CHECK ((external_source IS NULL) = (external_id IS NULL));
CREATE UNIQUE INDEX tickets_external_idx ON tickets (external_source, external_id) WHERE external_id IS NOT NULL;

-- A webhook of an upstream platform: only the events of the tickets that source pushed.
ALTER TABLE webhooks ADD COLUMN source text CHECK (source ~ '^[a-z0-9_-]{1,40}$');

CREATE OR REPLACE FUNCTION outbox_ticket_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO outbox (webhook_id, message_id, topic, payload)
  SELECT w.id, 'ticket_event:' || e.id, 'ticket_event', jsonb_build_object(
      'id', e.id, 'ticketId', e.ticket_id, 'code', t.code, 'kind', e.kind, 'from', e.from_status,
      'to', e.to_status, 'at', e.at, 'note', e.note, 'category', t.category, 'status', t.status,
      'dueAt', t.due_at, 'districtId', t.district_id,
      'externalSource', t.external_source, 'externalId', t.external_id)
  FROM new_rows e JOIN tickets t ON t.id = e.ticket_id
  CROSS JOIN webhooks w
  WHERE w.disabled_at IS NULL AND 'ticket_event' = ANY (w.topics)
    AND (w.source IS NULL OR w.source = t.external_source);
  IF FOUND THEN PERFORM pg_notify('outbox', ''); END IF;
  RETURN NULL;
END $$;

-- notifications are about users of this city, never sent to an upstream platform's webhook
CREATE OR REPLACE FUNCTION outbox_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO outbox (webhook_id, message_id, topic, payload)
  SELECT w.id, 'notification:' || n.id, 'notification', jsonb_build_object(
      'id', n.id, 'userId', n.user_id, 'username', u.username, 'ticketId', n.ticket_id, 'kind', n.kind,
      'payload', n.payload, 'at', n.created_at)
  FROM new_rows n JOIN users u ON u.id = n.user_id
  CROSS JOIN webhooks w
  WHERE w.disabled_at IS NULL AND w.source IS NULL AND 'notification' = ANY (w.topics);
  IF FOUND THEN PERFORM pg_notify('outbox', ''); END IF;
  RETURN NULL;
END $$;
