-- The staging tables of one import (dropped at the end of its transaction).
CREATE TEMP TABLE import_rows (row int PRIMARY KEY, code text, p jsonb NOT NULL, geom geometry) ON COMMIT DROP;
CREATE TEMP TABLE import_rejects (row int NOT NULL, field text NOT NULL, reason text NOT NULL) ON COMMIT DROP;
