-- Functions used by CHECK constraints must not depend on the caller's search_path: pg_restore runs
-- with an empty one, and would otherwise fail on "function st_isvalid(geometry) does not exist".
ALTER FUNCTION geom_ok(geometry) SET search_path = public, pg_catalog;
ALTER FUNCTION is_valid_credit_code(text) SET search_path = public, pg_catalog;
