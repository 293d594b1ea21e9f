-- Facilities as points; their time is the opening date from its first instant as a UTC+8 day, as
-- the API reads a date (see party-orgs.sql: not 'Asia/Shanghai', whose 1986–1991 summer time moves it).
SELECT f.id, f.geom, coalesce(f.area_id, c.community_id) AS area_id,
  f.opened_on::timestamp AT TIME ZONE INTERVAL '+08:00' AS dt,
  json_build_object('code', f.code, 'type', f.type, 'name', f.name, 'capacity', f.capacity,
    'floor_area', f.floor_area, 'opened_on', to_char(f.opened_on, 'YYYY-MM-DD'), 'area_code', a.code,
    'compound_code', c.code) AS props
FROM facilities f LEFT JOIN areas a ON a.id = f.area_id LEFT JOIN compounds c ON c.id = f.compound_id
WHERE f.retired_at IS NULL
