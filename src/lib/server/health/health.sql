-- The versions of the database and PostGIS, and the row counts of the main tables.
SELECT current_setting('server_version') AS postgres, postgis_lib_version() AS postgis,
       (SELECT count(*) FROM areas) AS areas, (SELECT count(*) FROM grid_cells) AS grid_cells,
       (SELECT count(*) FROM compounds) AS compounds, (SELECT count(*) FROM buildings) AS buildings,
       (SELECT count(*) FROM property_companies) AS companies, (SELECT count(*) FROM party_orgs) AS party_orgs,
       (SELECT count(*) FROM facilities) AS facilities, (SELECT count(*) FROM tickets) AS tickets
