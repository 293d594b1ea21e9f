-- Building footprints as features (no steward: people are not exported with the map layers).
SELECT b.id, b.geom, c.community_id AS area_id, NULL::timestamptz AS dt,
  json_build_object('code', b.code, 'compound_code', c.code, 'number', b.number, 'floors', b.floors,
    'households', b.households) AS props
FROM buildings b JOIN compounds c ON c.id = b.compound_id
WHERE b.retired_at IS NULL
