-- Area names an address may contain: districts, streets and communities (and the city), with a
-- district's short name (吉州区 → 吉州) for addresses that drop the suffix.
SELECT id, name,
  CASE WHEN level = 'district' AND length(name) >= 3 THEN regexp_replace(name, '(区|县|市)$', '') END AS short
FROM areas WHERE retired_at IS NULL
ORDER BY length(name) DESC, id
