-- Party-organization coverage of property companies in area $1 at the end of Beijing day $2 (NULL:
-- today), per child
-- (key) and in total (key 0). Companies count once, in their home community (company_home_at), so
-- children sum to the total; households count per compound: covered when the compound's company has
-- its own or a joint branch. Companies and compounds retired by the end of that day do not count.
-- (The day goes into the functions as an expression of $2, not a column of `day`: a lateral argument
-- made the query four times slower.)
WITH day AS (
  SELECT (coalesce($2::date, (now() AT TIME ZONE 'Asia/Shanghai')::date) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
    AS day_end
), kids AS (
  SELECT id FROM areas WHERE parent_id = $1 AND retired_at IS NULL
), comm AS (
  SELECT c.id, k.id AS child_id FROM areas c LEFT JOIN kids k ON c.path @> ARRAY[k.id]
  WHERE c.path @> ARRAY[$1::int] AND c.level = 'community'
), keys AS (
  SELECT id AS key FROM kids UNION ALL SELECT 0
), co AS (
  SELECT CASE WHEN GROUPING(comm.child_id) = 1 THEN 0 ELSE comm.child_id END AS key,
    count(*)::int AS companies,
    count(*) FILTER (WHERE s.party_status = 'own')::int AS own,
    count(*) FILTER (WHERE s.party_status = 'joint')::int AS joint,
    count(*) FILTER (WHERE s.party_status = 'instructor')::int AS instructor,
    count(*) FILTER (WHERE s.party_status = 'none')::int AS none
  FROM day CROSS JOIN company_home_at(coalesce($2::date, (now() AT TIME ZONE 'Asia/Shanghai')::date)) h JOIN comm ON comm.id = h.community_id
  JOIN property_companies pc ON pc.id = h.company_id AND (pc.retired_at IS NULL OR pc.retired_at >= day.day_end)
  JOIN company_party_status_at(coalesce($2::date, (now() AT TIME ZONE 'Asia/Shanghai')::date)) s ON s.company_id = h.company_id
  GROUP BY GROUPING SETS ((comm.child_id), ())
), hh AS (
  SELECT CASE WHEN GROUPING(comm.child_id) = 1 THEN 0 ELSE comm.child_id END AS key,
    coalesce(sum(c.households) FILTER (WHERE c.company_id IS NOT NULL), 0)::int AS managed_households,
    coalesce(sum(c.households) FILTER (WHERE s.party_status IN ('own', 'joint')), 0)::int AS covered_households,
    coalesce(sum(c.households) FILTER (WHERE c.company_id IS NULL), 0)::int AS self_managed_households
  FROM day CROSS JOIN compounds c JOIN comm ON comm.id = c.community_id
  LEFT JOIN company_party_status_at(coalesce($2::date, (now() AT TIME ZONE 'Asia/Shanghai')::date)) s ON s.company_id = c.company_id
  WHERE c.retired_at IS NULL OR c.retired_at >= day.day_end
  GROUP BY GROUPING SETS ((comm.child_id), ())
)
SELECT k.key, coalesce(co.companies, 0) AS companies, coalesce(co.own, 0) AS own, coalesce(co.joint, 0) AS joint,
  coalesce(co.instructor, 0) AS instructor, coalesce(co.none, 0) AS none,
  coalesce(hh.managed_households, 0) AS "managedHouseholds", coalesce(hh.covered_households, 0) AS "coveredHouseholds",
  coalesce(hh.self_managed_households, 0) AS "selfManagedHouseholds"
FROM keys k LEFT JOIN co ON co.key = k.key LEFT JOIN hh ON hh.key = k.key
