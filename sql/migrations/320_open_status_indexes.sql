-- The open-ticket partial indexes on the one SQL spelling of "open", ticket_is_open(status)
-- (migration 140), so that queries written with it keep using them: PostgreSQL matches a partial
-- index only when the query's condition implies the index's predicate, and it does not know that
-- NOT IN ('resolved', 'closed', 'rejected') and IN ('new', 'assigned', 'accepted', 'in_progress')
-- name the same rows. Both sides inline to status = ANY ('{new,assigned,accepted,in_progress}').
DROP INDEX tickets_open_geom_idx;
CREATE INDEX tickets_open_geom_idx ON tickets USING gist (geom) WHERE ticket_is_open(status);
DROP INDEX tickets_open_category_idx;
CREATE INDEX tickets_open_category_idx ON tickets (category, created_at) WHERE ticket_is_open(status);
DROP INDEX tickets_open_community_idx;
CREATE INDEX tickets_open_community_idx ON tickets (community_id) WHERE ticket_is_open(status);
