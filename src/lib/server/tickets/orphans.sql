-- Open tickets whose holder cannot act on them, newest first: an assignee who is retired, not a grid
-- worker or steward, or outside the ticket's cell, building and street (ticket_assignee_reason,
-- migration 141); or a company that no longer manages its compound, a department retired or whose
-- area does not contain it (ticket_holder_ok, migration 350).
SELECT * FROM (
  SELECT t.id, t.code, t.status, t.address, t.created_at AS "createdAt", t.assignee_id AS "assigneeId",
    p.name AS "assigneeName", p.kind AS "assigneeKind", p.retired_at IS NOT NULL AS "assigneeRetired"
  FROM tickets t JOIN people p ON p.id = t.assignee_id
  WHERE ticket_is_open(t.status) AND ticket_assignee_reason(p.id, t.grid_cell_id, t.building_id, t.street_id) IS NULL
  UNION ALL
  SELECT t.id, t.code, t.status, t.address, t.created_at, NULL, coalesce(pc.name, d.name),
    CASE WHEN t.holder_company_id IS NOT NULL THEN 'company' ELSE 'department' END,
    coalesce(pc.retired_at, d.retired_at) IS NOT NULL
  FROM tickets t
  LEFT JOIN property_companies pc ON pc.id = t.holder_company_id
  LEFT JOIN departments d ON d.id = t.holder_department_id
  WHERE ticket_is_open(t.status) AND (t.holder_company_id IS NOT NULL OR t.holder_department_id IS NOT NULL)
    AND NOT ticket_holder_ok(t.holder_company_id, t.holder_department_id, t.compound_id,
      coalesce(t.community_id, t.district_id))
) o
ORDER BY id DESC
LIMIT $1
