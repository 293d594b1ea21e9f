-- Tickets as points: never the reporter's name or phone; the description (residents' free text) only
-- where /*description*/ is replaced by it. community_id, grid_cell_id, building_id and assignee_id
-- are there for the scope condition (alias t). Time: when the ticket came in.
SELECT t.id, t.geom, t.community_id AS area_id, t.created_at AS dt,
  t.community_id, t.grid_cell_id, t.building_id, t.assignee_id,
  json_build_object('code', t.code, 'category', t.category, 'urgency', t.urgency, 'status', t.status,
    'description', /*description*/NULL, 'source', t.source, 'created_at', t.created_at, 'due_at', t.due_at,
    'resolved_at', t.resolved_at, 'closed_at', t.closed_at, 'satisfaction', t.satisfaction) AS props
FROM tickets t
