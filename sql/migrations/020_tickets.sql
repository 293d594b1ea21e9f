-- Tickets: routing fields, SLA rules, the working-day calendar, idempotent intake, and the live
-- event feed (NOTIFY after commit; a commit-ordered cursor for resuming SSE clients).

ALTER TABLE tickets DROP CONSTRAINT tickets_description_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_description_check CHECK (length(description) BETWEEN 1 AND 4000);
ALTER TABLE tickets ADD COLUMN street_id int REFERENCES areas (id);
ALTER TABLE tickets ADD COLUMN duplicate_of bigint REFERENCES tickets (id);
ALTER TABLE tickets ADD COLUMN photo text;
ALTER TABLE tickets ADD COLUMN supervised_at timestamptz;
CREATE INDEX tickets_street_queue_idx ON tickets (street_id) WHERE status = 'new';
CREATE INDEX tickets_open_category_idx ON tickets (category, created_at) WHERE status NOT IN ('resolved', 'closed', 'rejected');

ALTER TABLE ticket_events DROP CONSTRAINT ticket_events_kind_check;
ALTER TABLE ticket_events ADD CONSTRAINT ticket_events_kind_check CHECK (kind IN ('created', 'assigned', 'accepted',
  'started', 'note', 'resolved', 'closed', 'reopened', 'rejected', 'escalated', 'reassigned', 'returned', 'supervised'));

-- The transaction that wrote each event: lets a reader deliver events in commit-safe order (see
-- src/lib/server/tickets/events.ts). Events loaded before this migration count as one old transaction.
ALTER TABLE ticket_events ADD COLUMN tx xid8 NOT NULL DEFAULT '1'::xid8;
ALTER TABLE ticket_events ALTER COLUMN tx SET DEFAULT pg_current_xact_id();
CREATE INDEX ticket_events_cursor_idx ON ticket_events (tx, id);

-- Announce each committed event (payload: the event id; listeners then read the table).
CREATE FUNCTION ticket_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ticket_events', NEW.id::text);
  RETURN NULL;
END $$;
CREATE TRIGGER ticket_events_notify AFTER INSERT ON ticket_events FOR EACH ROW EXECUTE FUNCTION ticket_events_notify();

-- SLA per category: sign-for (accept) within hours; resolve within hours or working days.
CREATE TABLE sla_rules (
  category     text PRIMARY KEY,
  name_zh      text NOT NULL,
  name_en      text NOT NULL,
  urgency      text NOT NULL CHECK (urgency IN ('urgent', 'normal', 'complaint')),
  accept_hours int NOT NULL CHECK (accept_hours > 0),
  resolve_hours int CHECK (resolve_hours > 0),
  resolve_working_days int CHECK (resolve_working_days > 0),
  CHECK ((resolve_hours IS NULL) <> (resolve_working_days IS NULL))
);
INSERT INTO sla_rules VALUES
  ('water', '供水 / 管道漏水', 'Water and pipes', 'urgent', 2, 24, NULL),
  ('electricity', '供电 / 线路故障', 'Power and wiring', 'urgent', 2, 24, NULL),
  ('elevator', '电梯故障', 'Elevator', 'urgent', 2, 24, NULL),
  ('safety', '安全隐患', 'Safety hazard', 'urgent', 2, 24, NULL),
  ('sanitation', '环境卫生', 'Sanitation', 'normal', 2, NULL, 5),
  ('greenery', '绿化养护', 'Greenery', 'normal', 2, NULL, 5),
  ('parking', '停车管理', 'Parking', 'normal', 2, NULL, 5),
  ('facility_repair', '公共设施维修', 'Shared facility repair', 'normal', 2, NULL, 5),
  ('noise', '噪音扰民', 'Noise', 'normal', 2, NULL, 5),
  ('other', '其他', 'Other', 'normal', 2, NULL, 5),
  ('dispute', '邻里纠纷', 'Neighbour dispute', 'complaint', 2, NULL, 10),
  ('property_service', '物业服务投诉', 'Property service complaint', 'complaint', 2, NULL, 10);

-- Exceptions to the Monday–Friday week, in Beijing dates: public holidays (is_working false) and
-- the weekend make-up working days of 调休 (is_working true). Admins edit it.
CREATE TABLE working_calendar (
  day          date PRIMARY KEY,
  is_working   boolean NOT NULL,
  note         text NOT NULL DEFAULT ''
);

-- A retried POST with the same Idempotency-Key returns the first answer and creates nothing.
CREATE TABLE idempotency_keys (
  user_id      int NOT NULL REFERENCES users (id),
  key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  status       int NOT NULL,
  response     jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
