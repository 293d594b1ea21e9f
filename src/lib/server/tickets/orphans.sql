-- Open tickets whose assignee cannot act on them (retired, not a grid worker or steward, or outside
-- the ticket's cell, building and street: ticket_assignee_reason, migration 141), newest first.
SELECT t.id, t.code, t.status, t.address, t.created_at AS "createdAt", t.assignee_id AS "assigneeId",
  p.name AS "assigneeName", p.kind AS "assigneeKind", p.retired_at IS NOT NULL AS "assigneeRetired"
FROM tickets t JOIN people p ON p.id = t.assignee_id
WHERE ticket_is_open(t.status) AND ticket_assignee_reason(p.id, t.grid_cell_id, t.building_id, t.street_id) IS NULL
ORDER BY t.id DESC
LIMIT $1
