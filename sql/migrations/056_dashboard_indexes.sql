-- Dashboard KPIs without reading every ticket of the area: the figures count only open tickets and
-- tickets created, resolved or rated within the window (or resolved this month); these partial and
-- plain indexes let PostgreSQL fetch just those (a BitmapOr of four index scans) instead of all rows.
CREATE INDEX tickets_open_community_idx ON tickets (community_id) WHERE status NOT IN ('resolved', 'closed', 'rejected');
CREATE INDEX tickets_resolved_idx ON tickets (resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX tickets_rated_idx ON tickets (closed_at) WHERE satisfaction IS NOT NULL;
-- The latest month with fee records, and that month's rows.
CREATE INDEX fee_collections_month_idx ON fee_collections (month);
-- First sign-for per ticket, found from the events of the window (all of a ticket's events follow its filing).
CREATE INDEX ticket_events_accepted_at_idx ON ticket_events (at) INCLUDE (ticket_id) WHERE kind = 'accepted';
