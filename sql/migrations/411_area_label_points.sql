-- A new version of the areas layer (session 14): its tile now carries one label point per area, and
-- the map names an area at that point instead of once per tile its polygon crosses (文峰镇 was
-- drawn three times at the city view). Tile URLs carry the version and are immutable for a year.
UPDATE layer_versions SET version = version + 1, changed_at = now() WHERE layer = 'areas';
