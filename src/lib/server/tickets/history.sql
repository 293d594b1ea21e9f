-- A ticket's events, oldest first: the actor (user), for whom a manager acted, and the holder after
-- (a person, or a company or department: migration 350).
SELECT e.id, e.at, e.kind, e.from_status AS "from", e.to_status AS "to", e.note,
  u.display_name AS actor, u.role AS "actorRole", ob.name AS "onBehalfOf", e.on_behalf_of AS "onBehalfOfId",
  e.assignee_id AS "assigneeId", coalesce(a.name, hc.name, hd.name) AS "assigneeName",
  e.holder_company_id AS "holderCompanyId", e.holder_department_id AS "holderDepartmentId",
  e.photo IS NOT NULL AS "hasPhoto"
FROM ticket_events e
LEFT JOIN users u ON u.id = e.actor_user_id
LEFT JOIN people ob ON ob.id = e.on_behalf_of
LEFT JOIN people a ON a.id = e.assignee_id
LEFT JOIN property_companies hc ON hc.id = e.holder_company_id
LEFT JOIN departments hd ON hd.id = e.holder_department_id
WHERE e.ticket_id = $1
ORDER BY e.id
