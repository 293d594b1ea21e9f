-- The organisations that may hold ticket $1 (ticket_holder_ok, migration 350), each with whether the
-- routing rule of its category proposes it: the compound's property company, and the active
-- departments whose area contains the ticket (the most local first). `rule` is the routing rule's
-- holder ('grid', 'company' or a department kind).
WITH t AS (
  SELECT t.id, t.category, t.compound_id, coalesce(t.community_id, t.district_id) AS place,
         r.holder AS rule
  FROM tickets t
  LEFT JOIN routing_rules r ON r.category = t.category AND r.inside_compound = (t.compound_id IS NOT NULL)
  WHERE t.id = $1
)
SELECT 'company' AS kind, pc.id, pc.name, NULL AS "departmentKind", t.rule, t.rule = 'company' AS proposed, 0 AS depth
FROM t JOIN compounds c ON c.id = t.compound_id JOIN property_companies pc ON pc.id = c.company_id
WHERE ticket_holder_ok(pc.id, NULL, t.compound_id, t.place)
UNION ALL
SELECT 'department', d.id, d.name, d.kind, t.rule, false, coalesce(array_length(a.path, 1), 0)
FROM t JOIN departments d ON ticket_holder_ok(NULL, d.id, t.compound_id, t.place)
LEFT JOIN areas a ON a.id = d.area_id
ORDER BY 1, 7 DESC, 3
