-- New versions of the layers whose tiles changed without a data change (session 13): the areas tile
-- sends communities from z12, not z11 (the map draws them from z12), and the base map leaves out
-- land-use parcels under about 4 x 4 px below z14. Tile URLs carry the version and are immutable
-- for a year, so a browser that kept a z11 tile of the old kind would keep it; a new version is a
-- new URL. (The tiles are also gzipped at another level now: the same MVT, so no new version.)
UPDATE layer_versions SET version = version + 1, changed_at = now() WHERE layer IN ('areas', 'basemap');
