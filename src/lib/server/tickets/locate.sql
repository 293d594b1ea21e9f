-- Compounds whose name may be the one in an address ($1 the name part with a space after every
-- character, see name_chars in migration 142; $2 the name part's substrings that a compound's name
-- could be, typed exactly; $3 a building number's digits or NULL). The caller sets
-- pg_trgm.similarity_threshold for the `%` probe, which the trigram index on name_chars(name)
-- serves (`<%` with the name on its left, as before, cannot use it: every name was compared).
-- Candidates are then ordered by word similarity (the name found within the text).
-- The 40 best names are picked first from the two index probes (a common ending such as 花园 makes
-- thousands of names similar in a large city), and only those are joined to their areas and points.
WITH hits AS (
  SELECT c.id, false AS exact FROM compounds c
  WHERE c.retired_at IS NULL AND name_chars(c.name) % $1
  UNION ALL
  SELECT c.id, true FROM compounds c
  WHERE c.retired_at IS NULL AND c.name = ANY($2::text[])
), best AS (
  SELECT h.id, bool_or(h.exact) AS exact, word_similarity(name_chars(c.name), $1) AS sim
  FROM hits h JOIN compounds c ON c.id = h.id
  GROUP BY h.id, c.name
  ORDER BY bool_or(h.exact) DESC, sim DESC, h.id
  LIMIT 40
)
SELECT c.id, c.name, c.district_id AS "districtId", cm.parent_id AS "streetId", c.community_id AS "communityId",
  d.name AS "districtName", s.name AS "streetName", cm.name AS "communityName",
  ST_X(cp.pt) AS lon, ST_Y(cp.pt) AS lat,
  b.id AS "buildingId", b.number AS "buildingNumber", ST_X(b.pt) AS "buildingLon", ST_Y(b.pt) AS "buildingLat"
FROM best
JOIN compounds c ON c.id = best.id
JOIN areas cm ON cm.id = c.community_id
JOIN areas s ON s.id = cm.parent_id
JOIN areas d ON d.id = c.district_id
CROSS JOIN LATERAL (SELECT ST_PointOnSurface(c.geom) AS pt) cp
LEFT JOIN LATERAL (
  SELECT bb.id, bb.number, ST_PointOnSurface(bb.geom) AS pt FROM buildings bb
  WHERE bb.compound_id = c.id AND bb.retired_at IS NULL AND regexp_replace(bb.number, '\D', '', 'g') = $3
  ORDER BY bb.code LIMIT 1
) b ON $3::text IS NOT NULL
ORDER BY best.exact DESC, best.sim DESC, c.id
