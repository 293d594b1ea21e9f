-- The dashboard's live counts (dashboard-live.sql: open, overdue, at risk per community) read every
-- open ticket on every request. Through tickets_open_community_idx each of those rows was a heap
-- visit: about 23,000 rows on 13,700 pages at scale 40, 1.4 s when the pages were not cached. The
-- same index now carries the columns those counts read, so they come from an index-only scan of the
-- open tickets (a few hundred pages). Built from the open tickets alone (partial index).
DROP INDEX tickets_open_community_idx;
CREATE INDEX tickets_open_community_idx ON tickets (community_id)
  INCLUDE (status, category, created_at, due_at, suspended_at) WHERE ticket_is_open(status);

-- At risk per ticket looked its category's warn share up in sla_rules row by row (a subquery per
-- open ticket: 140 ms of the 200 ms those counts took). ticket_past_warn is the same rule given the
-- share, so a query over many tickets joins sla_rules once; ticket_is_at_risk stays its one spelling.
CREATE FUNCTION ticket_past_warn(st text, created timestamptz, due timestamptz, suspended timestamptz, warn_share numeric)
  RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE
  RETURN ticket_is_open(st) AND suspended IS NULL AND due >= now()
    AND now() >= created + (due - created) * coalesce(warn_share, 0.75);
CREATE OR REPLACE FUNCTION ticket_is_at_risk(st text, cat text, created timestamptz, due timestamptz, suspended timestamptz)
  RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE
  RETURN ticket_past_warn(st, created, due, suspended, (SELECT s.warn_share FROM sla_rules s WHERE s.category = cat));
