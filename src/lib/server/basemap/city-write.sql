-- Writes a city import's compounds and buildings (city-merge.sql) into the areas already there:
-- each compound into the community that holds its point on surface; each building into the named
-- compound that holds its point on surface, else into its community's compound of scattered
-- buildings (散居楼栋: the union of their footprints); what lies in no community is left out. Then a
-- grid cell for every community that has none (the community's own polygon). Codes: 'osm' and the
-- OSM id (a feature without one: its number in the import). Returns what was written.
CREATE TEMP TABLE city_place ON COMMIT DROP AS
SELECT f.what, f.n, a.id AS community_id, a.code, a.name,
  (SELECT d.id FROM areas d WHERE d.level = 'district' AND d.id = ANY (a.path)) AS district_id
FROM city_feature f CROSS JOIN LATERAL (
  SELECT id, code, name, path FROM areas WHERE level = 'community' AND retired_at IS NULL
    AND ST_Covers(geom, ST_PointOnSurface(f.geom)) ORDER BY code LIMIT 1) a;

CREATE TEMP TABLE city_compound_ids ON COMMIT DROP AS
WITH ins AS (
  INSERT INTO compounds (code, name, community_id, district_id, geom)
  SELECT 'osm' || coalesce(c.osm_id::text, 'c' || c.n), coalesce(c.name, '小区 ' || coalesce(c.osm_id::text, c.n::text)),
    p.community_id, p.district_id, c.geom
  FROM city_feature c JOIN city_place p ON p.what = c.what AND p.n = c.n WHERE c.what = 'compound'
  RETURNING id, code, geom
) SELECT * FROM ins;

-- each building's compound: the named one that holds it, else (NULL) its community's scattered buildings
CREATE TEMP TABLE city_building_home ON COMMIT DROP AS
SELECT b.n, p.community_id, p.code AS community_code, p.name AS community_name, p.district_id,
  (SELECT k.id FROM city_compound_ids k WHERE ST_Covers(k.geom, ST_PointOnSurface(b.geom)) ORDER BY k.code LIMIT 1) AS compound_id
FROM city_feature b JOIN city_place p ON p.what = b.what AND p.n = b.n WHERE b.what = 'building';

WITH scattered AS (
  INSERT INTO compounds (code, name, community_id, district_id, geom)
  SELECT h.community_code || '-scattered', min(h.community_name) || '散居楼栋', h.community_id, min(h.district_id),
    ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(b.geom)), 3))
  FROM city_building_home h JOIN city_feature b ON b.what = 'building' AND b.n = h.n
  WHERE h.compound_id IS NULL GROUP BY h.community_id, h.community_code
  RETURNING id, community_id
)
UPDATE city_building_home h SET compound_id = s.id FROM scattered s
WHERE h.compound_id IS NULL AND h.community_id = s.community_id;

WITH b_in AS (
  INSERT INTO buildings (code, compound_id, district_id, number, floors, geom)
  SELECT 'osm' || coalesce(b.osm_id::text, 'b' || b.n), h.compound_id, h.district_id,
    coalesce(b.name, coalesce(b.osm_id::text, b.n::text)), b.floors, b.geom
  FROM city_feature b JOIN city_building_home h ON b.what = 'building' AND h.n = b.n
  RETURNING 1
), cells AS (
  INSERT INTO grid_cells (code, name, community_id, district_id, geom)
  SELECT a.code || '01', a.name || '第1网格', a.id,
    (SELECT d.id FROM areas d WHERE d.level = 'district' AND d.id = ANY (a.path)), a.geom
  FROM areas a WHERE a.level = 'community' AND a.retired_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM grid_cells g WHERE g.community_id = a.id AND g.retired_at IS NULL)
  RETURNING 1
)
SELECT (SELECT count(*) FROM city_compound_ids)::int AS compounds,
  (SELECT count(DISTINCT compound_id) FROM city_building_home WHERE compound_id NOT IN (SELECT id FROM city_compound_ids))::int AS scattered,
  (SELECT count(*) FROM b_in)::int AS buildings,
  (SELECT count(*) FROM cells)::int AS grid_cells,
  ((SELECT count(*) FROM city_feature WHERE what = 'building') - (SELECT count(*) FROM city_place WHERE what = 'building'))::int AS buildings_outside,
  ((SELECT count(*) FROM city_feature WHERE what = 'compound') - (SELECT count(*) FROM city_place WHERE what = 'compound'))::int AS compounds_outside;
