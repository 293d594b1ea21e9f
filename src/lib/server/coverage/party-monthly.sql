-- Party-organization coverage of property companies in area $1 at the end of each of the last $2
-- months (Beijing days; the current month: today), counted as party.sql counts its total.
WITH today AS (
  SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS d
), days AS (
  SELECT least((date_trunc('month', today.d)::date - make_interval(months => i) + interval '1 month')::date - 1,
      today.d) AS d
  FROM today, generate_series($2::int - 1, 0, -1) AS i
), comm AS (
  SELECT id FROM areas WHERE path @> ARRAY[$1::int] AND level = 'community'
)
SELECT to_char(days.d, 'YYYY-MM') AS month, days.d::text AS date, co.*, hh.*
FROM days
CROSS JOIN LATERAL (
  SELECT count(*)::int AS companies,
    count(*) FILTER (WHERE s.party_status = 'own')::int AS own,
    count(*) FILTER (WHERE s.party_status = 'joint')::int AS joint,
    count(*) FILTER (WHERE s.party_status = 'instructor')::int AS instructor,
    count(*) FILTER (WHERE s.party_status = 'none')::int AS none
  FROM company_home_at(days.d) h JOIN comm ON comm.id = h.community_id
  JOIN property_companies pc ON pc.id = h.company_id
    AND (pc.retired_at IS NULL OR pc.retired_at >= (days.d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
  JOIN company_party_status_at(days.d) s ON s.company_id = h.company_id
) co
CROSS JOIN LATERAL (
  SELECT coalesce(sum(c.households) FILTER (WHERE c.company_id IS NOT NULL), 0)::int AS "managedHouseholds",
    coalesce(sum(c.households) FILTER (WHERE s.party_status IN ('own', 'joint')), 0)::int AS "coveredHouseholds",
    coalesce(sum(c.households) FILTER (WHERE c.company_id IS NULL), 0)::int AS "selfManagedHouseholds"
  FROM compounds c JOIN comm ON comm.id = c.community_id
  LEFT JOIN company_party_status_at(days.d) s ON s.company_id = c.company_id
  WHERE c.retired_at IS NULL OR c.retired_at >= (days.d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
) hh
ORDER BY days.d
