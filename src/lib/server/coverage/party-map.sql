-- GeoJSON: the compounds of companies without a party organization in area $1 (tickets over $2 days),
-- as of the end of Beijing day $3 (NULL: now).
WITH day AS (
  SELECT coalesce(($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai', now()) AS day_end
), comm AS (
  SELECT id FROM areas WHERE path @> ARRAY[$1::int] AND level = 'community'
), cmp AS (
  SELECT c.id, c.name, c.households, c.geom, pc.name AS company, s.party_status,
    (SELECT count(*) FROM tickets t WHERE t.compound_id = c.id AND t.created_at < day.day_end
      AND t.created_at >= day.day_end - make_interval(days => $2::int))::int AS tickets
  FROM day CROSS JOIN compounds c JOIN comm ON comm.id = c.community_id
  JOIN company_party_status_at(coalesce($3::date, (now() AT TIME ZONE 'Asia/Shanghai')::date)) s ON s.company_id = c.company_id
  JOIN property_companies pc ON pc.id = c.company_id AND (pc.retired_at IS NULL OR pc.retired_at >= day.day_end)
  WHERE s.party_status IN ('instructor', 'none') AND (c.retired_at IS NULL OR c.retired_at >= day.day_end)
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
  'type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(geom, 6)::json,
  'properties', json_build_object('kind', 'compound', 'name', name, 'company', company, 'partyStatus', party_status,
    'households', households, 'tickets', tickets,
    'rate', CASE WHEN households > 0 THEN round(tickets * 1000.0 / households, 2) END))), '[]'::json)) AS fc
FROM cmp
