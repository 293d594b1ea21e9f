-- The routing rules with their category's names (migration 350), in the SLA table's order.
SELECT r.category, r.inside_compound AS "insideCompound", r.holder, s.name_zh AS "categoryZh", s.name_en AS "categoryEn"
FROM routing_rules r JOIN sla_rules s ON s.category = r.category
ORDER BY s.urgency, r.category, r.inside_compound DESC
