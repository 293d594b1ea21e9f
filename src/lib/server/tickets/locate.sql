-- Compounds whose name may be the one in an address. $1 the name part with a space after every
-- character (name_chars, migration 142); $2 the name part's substrings that a compound's name could
-- be, typed exactly; $3 a building number's digits or NULL; $4 those substrings and their
-- one-character deletions (`nameVariants`); $5 which probe: false the near probe, true the loose one.
-- The near probe finds every name within one edit of a substring (a character changed, added or
-- left out) by the symmetric-delete index of migration 370, each string an equality probe. The
-- loose probe, tried only when the near one finds nothing, is pg_trgm's `%` over the characters
-- (the caller sets pg_trgm.similarity_threshold), which the trigram index on name_chars(name)
-- serves. Candidates are then ordered by word similarity (the name found within the text).
-- The 40 best names are picked first (a common ending such as 花园 makes thousands of names
-- similar in a large city), and only those are joined to their areas and points.
WITH hits AS (
  SELECT c.id, c.name FROM compounds c
  WHERE NOT $5::boolean AND c.retired_at IS NULL AND name_deletions(c.name) && $4::text[]
  UNION ALL
  SELECT c.id, c.name FROM compounds c
  WHERE $5::boolean AND c.retired_at IS NULL AND name_chars(c.name) % $1
), best AS (
  SELECT h.id, h.name = ANY($2::text[]) AS exact, word_similarity(name_chars(h.name), $1) AS sim
  FROM hits h
  ORDER BY exact DESC, sim DESC, h.id
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
