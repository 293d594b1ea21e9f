-- Historic tickets: routed like new ones (district, street, community, grid cell, compound, building
-- by the point; smallest code on shared edges), the accept deadline from the category; due_at comes
-- from the file or, when it has none, from the SLA on the working-day calendar (computed by the
-- importer with the tickets' own dueTimes; the fallback below is only for a row staged without it),
-- and a 'created' event each. A ticket whose code
-- exists is left alone: its history belongs to the workflow, not to a file.
WITH ins AS (
  INSERT INTO tickets (code, district_id, street_id, community_id, grid_cell_id, compound_id, building_id,
    company_id, category, urgency, status, description, source, geom, created_at, accept_due_at, due_at,
    resolved_at, closed_at, satisfaction)
  SELECT r.code, d.id, s.id, c.id, gc.id, cmp.id, b.id, cmp.company_id, r.p ->> 'category',
    coalesce(r.p ->> 'urgency', sla.urgency), coalesce(r.p ->> 'status', 'closed'), r.p ->> 'description', 'import',
    r.geom, (r.p ->> 'created_at')::timestamptz,
    (r.p ->> 'created_at')::timestamptz + make_interval(hours => sla.accept_hours),
    coalesce((r.p ->> 'due_at')::timestamptz, (r.p ->> 'created_at')::timestamptz
      + make_interval(hours => coalesce(sla.resolve_hours, sla.resolve_working_days * 24))),
    (r.p ->> 'resolved_at')::timestamptz, (r.p ->> 'closed_at')::timestamptz, (r.p ->> 'satisfaction')::int
  FROM import_rows r JOIN sla_rules sla ON sla.category = r.p ->> 'category'
  JOIN LATERAL (SELECT id FROM areas WHERE level = 'district' AND retired_at IS NULL AND ST_Covers(geom, r.geom) ORDER BY code LIMIT 1) d ON true
  LEFT JOIN LATERAL (SELECT id FROM areas WHERE level = 'street' AND retired_at IS NULL AND ST_Covers(geom, r.geom) ORDER BY code LIMIT 1) s ON true
  LEFT JOIN LATERAL (SELECT id FROM areas WHERE level = 'community' AND retired_at IS NULL AND ST_Covers(geom, r.geom) ORDER BY code LIMIT 1) c ON true
  LEFT JOIN LATERAL (SELECT id FROM grid_cells WHERE retired_at IS NULL AND ST_Covers(geom, r.geom) ORDER BY code LIMIT 1) gc ON true
  LEFT JOIN LATERAL (SELECT id, company_id FROM compounds WHERE retired_at IS NULL AND ST_Covers(geom, r.geom) ORDER BY code LIMIT 1) cmp ON true
  LEFT JOIN LATERAL (SELECT id FROM buildings WHERE retired_at IS NULL AND geom && ST_Expand(r.geom, 0.0005)
    AND ST_DWithin(geom::geography, r.geom::geography, 30) ORDER BY ST_Distance(geom::geography, r.geom::geography), code LIMIT 1) b ON true
  WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.code = r.code)
  ORDER BY r.row
  RETURNING id, district_id, created_at, status
), ev AS (
  INSERT INTO ticket_events (ticket_id, district_id, at, kind, to_status, note)
  SELECT id, district_id, created_at, 'created', status, 'imported' FROM ins
)
SELECT true AS inserted FROM ins
