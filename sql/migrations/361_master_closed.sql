-- 合并, told by the master's closing (README "Tickets: the steps of 12345 practice", 合并): when a
-- master ticket is closed, each duplicate merged into it gets a `master_closed` event (so the outbox
-- sends one ticket event per merged ticket: a webhook, and the upstream platform that pushed the
-- duplicate, see it done) and the users who reported the master or a duplicate get a `report_closed`
-- notification (src/lib/server/notifications/reporters.sql).
ALTER TABLE ticket_events DROP CONSTRAINT ticket_events_kind_check;
ALTER TABLE ticket_events ADD CONSTRAINT ticket_events_kind_check CHECK (kind IN ('created', 'assigned', 'accepted',
  'started', 'note', 'resolved', 'closed', 'reopened', 'rejected', 'escalated', 'reassigned', 'returned', 'supervised',
  'extension_requested', 'extension_approved', 'extension_refused', 'suspended', 'resumed', 'merged',
  'callback', 'returned_upstream', 'warned', 'master_closed'));

ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('assigned', 'informed', 'warning',
  'supervised', 'extension_decided', 'callback_reopened', 'report_closed'));
