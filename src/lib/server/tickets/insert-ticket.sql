-- A routed ticket: $1 id, then its district, code, category, urgency, status, description,
-- reporter, source, point ($11 lon, $12 lat), the routed areas and assignee, times, duplicate,
-- photo and the reporter's unit / room text. The address is filled by the tickets_fill_address
-- trigger (migration 140) in this same transaction.
INSERT INTO tickets (id, district_id, code, category, urgency, status, description, reporter_name, reporter_phone,
  source, geom, street_id, community_id, grid_cell_id, compound_id, building_id, company_id, assignee_id,
  created_at, accept_due_at, due_at, duplicate_of, photo, address_detail)
VALUES ($1, $2, ticket_code($1, $19), $3, $4, $5, $6, $7, $8, $9, ST_SetSRID(ST_MakePoint($10, $11), 4326), $12, $13,
  $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
