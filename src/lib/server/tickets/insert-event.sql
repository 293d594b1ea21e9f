-- One workflow event: who acted ($6 user), for whom ($8 person, when a manager did the assignee's
-- work), who holds the ticket after it ($9 person, $11 company, $12 department; migration 350) and a
-- photo taken in the field ($10, migration 271).
INSERT INTO ticket_events (ticket_id, district_id, kind, from_status, to_status, actor_user_id, note, on_behalf_of,
  assignee_id, photo, holder_company_id, holder_department_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
RETURNING id
