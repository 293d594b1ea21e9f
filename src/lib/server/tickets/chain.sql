-- The chain of responsibility of ticket $1: building → steward → grid cell and its worker →
-- compound → property company → the company's party organization (its own or joint branch, open
-- link today; else none) — and the ticket's assignee. Phones are removed by the service unless
-- the viewer may see staff phones.
SELECT b.id AS "buildingId", b.number AS "buildingNumber", b.floors AS "buildingFloors",
  st.id AS "stewardId", st.name AS "stewardName", st.phone AS "stewardPhone",
  gc.id AS "gridCellId", gc.code AS "gridCellCode", gc.name AS "gridCellName",
  w.id AS "workerId", w.name AS "workerName", w.phone AS "workerPhone",
  c.id AS "compoundId", c.name AS "compoundName", c.households AS "compoundHouseholds",
  co.id AS "companyId", co.name AS "companyName", ps.party_status AS "partyStatus",
  po.id AS "partyOrgId", po.name AS "partyOrgName", po.kind AS "partyOrgKind",
  a.id AS "assigneeId", a.name AS "assigneeName", a.kind AS "assigneeKind", a.phone AS "assigneePhone"
FROM tickets t
LEFT JOIN buildings b ON b.id = t.building_id
LEFT JOIN people st ON st.id = b.steward_id
LEFT JOIN grid_cells gc ON gc.id = t.grid_cell_id
LEFT JOIN people w ON w.id = gc.worker_id
LEFT JOIN compounds c ON c.id = t.compound_id
LEFT JOIN property_companies co ON co.id = coalesce(c.company_id, t.company_id)
LEFT JOIN company_party_status ps ON ps.company_id = co.id
LEFT JOIN LATERAL (
  SELECT o.id, o.name, o.kind FROM party_org_companies pc JOIN party_orgs o ON o.id = pc.org_id
  WHERE pc.company_id = co.id AND o.retired_at IS NULL AND pc.end_on IS NULL
  ORDER BY (o.kind = 'joint_branch'), o.id LIMIT 1
) po ON true
LEFT JOIN people a ON a.id = t.assignee_id
WHERE t.id = $1
