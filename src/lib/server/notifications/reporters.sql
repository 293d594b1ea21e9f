-- The users who reported ticket $1 or a ticket merged into it (合并), except $2 (who closed it): the
-- user who filed each one from the app or the API (the actor of its `created` event; sources ui,
-- api, open311 — a hotline ticket was filed by an operator for a caller, who hears of it through the
-- upstream platform's webhook). Active users only; one row per (user, ticket they reported).
SELECT DISTINCT u.id AS "userId", t.id AS "ticketId", t.code
FROM tickets t
JOIN ticket_events e ON e.ticket_id = t.id AND e.kind = 'created'
JOIN users u ON u.id = e.actor_user_id AND u.disabled_at IS NULL
WHERE (t.id = $1 OR t.merged_into = $1) AND t.source IN ('ui', 'api', 'open311') AND u.id IS DISTINCT FROM $2
ORDER BY u.id, t.id
