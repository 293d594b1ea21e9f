-- The 12345 workflow, part 4: notifications (README "Notifications and the outbox"). An in-app
-- notification centre kept in the database (one row per recipient, NOTIFY so the live event stream
-- tells the user at once), and an outbox of ticket events and notifications for external senders:
-- one row per (webhook, message), written by triggers in the transaction that wrote the event, so
-- nothing committed is ever missed; delivered at least once with the message id as idempotency key.

CREATE TABLE notifications (
  id          bigserial PRIMARY KEY,
  user_id     int NOT NULL REFERENCES users (id),
  ticket_id   bigint REFERENCES tickets (id),
  kind        text NOT NULL CHECK (kind IN ('assigned', 'informed', 'warning', 'supervised', 'extension_decided',
                'callback_reopened')),
  payload     jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

CREATE FUNCTION notifications_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('notifications', NEW.user_id::text);
  RETURN NULL;
END $$;
CREATE TRIGGER notifications_notify AFTER INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION notifications_notify();

-- Webhooks an admin registered: http(s) URLs outside the app (checked by the service), a secret for
-- the HMAC-SHA256 signature, the topics they take.
CREATE TABLE webhooks (
  id          serial PRIMARY KEY,
  url         text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
  label       text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  secret      text NOT NULL CHECK (length(secret) >= 32),
  topics      text[] NOT NULL DEFAULT '{ticket_event,notification}'
                CHECK (topics <@ ARRAY['ticket_event', 'notification']::text[] AND cardinality(topics) > 0),
  created_by  int REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

CREATE TABLE outbox (
  id            bigserial PRIMARY KEY,
  webhook_id    int NOT NULL REFERENCES webhooks (id),
  -- the idempotency id the receiver sees (X-RedGrid-Id): the same for every attempt
  message_id    text NOT NULL,
  topic         text NOT NULL,
  payload       jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  attempts      int NOT NULL DEFAULT 0,
  next_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at  timestamptz,
  dead_at       timestamptz,
  last_error    text,
  UNIQUE (webhook_id, message_id)
);
CREATE INDEX outbox_due_idx ON outbox (next_at) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_dead_idx ON outbox (dead_at DESC) WHERE dead_at IS NOT NULL;

-- Every ticket event, for every active webhook that takes them. No personal data: no reporter.
-- Statement-level (transition tables), so a bulk load costs one statement, not one per row.
CREATE FUNCTION outbox_ticket_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO outbox (webhook_id, message_id, topic, payload)
  SELECT w.id, 'ticket_event:' || e.id, 'ticket_event', jsonb_build_object(
      'id', e.id, 'ticketId', e.ticket_id, 'code', t.code, 'kind', e.kind, 'from', e.from_status,
      'to', e.to_status, 'at', e.at, 'note', e.note, 'category', t.category, 'status', t.status,
      'dueAt', t.due_at, 'districtId', t.district_id)
  FROM new_rows e JOIN tickets t ON t.id = e.ticket_id
  CROSS JOIN webhooks w
  WHERE w.disabled_at IS NULL AND 'ticket_event' = ANY (w.topics);
  IF FOUND THEN PERFORM pg_notify('outbox', ''); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_ticket_events AFTER INSERT ON ticket_events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_ticket_events();

CREATE FUNCTION outbox_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO outbox (webhook_id, message_id, topic, payload)
  SELECT w.id, 'notification:' || n.id, 'notification', jsonb_build_object(
      'id', n.id, 'userId', n.user_id, 'username', u.username, 'ticketId', n.ticket_id, 'kind', n.kind,
      'payload', n.payload, 'at', n.created_at)
  FROM new_rows n JOIN users u ON u.id = n.user_id
  CROSS JOIN webhooks w
  WHERE w.disabled_at IS NULL AND 'notification' = ANY (w.topics);
  IF FOUND THEN PERFORM pg_notify('outbox', ''); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_notifications AFTER INSERT ON notifications REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_notifications();
