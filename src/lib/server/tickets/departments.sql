-- Departments that hold tickets, with their area's name (NULL: the whole city); active first.
SELECT d.id, d.kind, d.name, d.area_id AS "areaId", a.name AS "areaName", d.retired_at IS NOT NULL AS retired
FROM departments d LEFT JOIN areas a ON a.id = d.area_id
ORDER BY d.retired_at IS NOT NULL, d.kind, d.name
