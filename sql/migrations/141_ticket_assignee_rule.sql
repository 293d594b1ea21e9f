-- Who can act on a ticket (the dispatch rule of README "Tickets: dispatch"): the ticket's grid
-- cell's worker, its building's steward, or another grid worker of its street; an active person of
-- that kind. Returns why ('cell_worker', 'building_steward', 'street_worker'), or NULL when the
-- person cannot act on it. Dispatch offers, the server enforces and the admin's orphan check lists
-- with this one function.
CREATE FUNCTION ticket_assignee_reason(person int, grid_cell int, building int, street int) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN (
    SELECT CASE
      WHEN p.kind = 'grid_worker' AND EXISTS (SELECT 1 FROM grid_cells gc WHERE gc.id = grid_cell AND gc.worker_id = p.id)
        THEN 'cell_worker'
      WHEN p.kind = 'steward' AND EXISTS (SELECT 1 FROM buildings b WHERE b.id = building AND b.steward_id = p.id)
        THEN 'building_steward'
      WHEN p.kind = 'grid_worker' AND EXISTS (
        SELECT 1 FROM grid_cells gc JOIN areas cm ON cm.id = gc.community_id
        WHERE gc.worker_id = p.id AND gc.retired_at IS NULL AND cm.parent_id = street)
        THEN 'street_worker'
    END
    FROM people p WHERE p.id = person AND p.retired_at IS NULL);
