-- A ticket's events, oldest first: the actor (user), for whom a manager acted, and the holder after.
SELECT e.id, e.at, e.kind, e.from_status AS "from", e.to_status AS "to", e.note,
  u.display_name AS actor, u.role AS "actorRole", ob.name AS "onBehalfOf", e.on_behalf_of AS "onBehalfOfId",
  e.assignee_id AS "assigneeId", a.name AS "assigneeName", e.photo IS NOT NULL AS "hasPhoto"
FROM ticket_events e
LEFT JOIN users u ON u.id = e.actor_user_id
LEFT JOIN people ob ON ob.id = e.on_behalf_of
LEFT JOIN people a ON a.id = e.assignee_id
WHERE e.ticket_id = $1
ORDER BY e.id
