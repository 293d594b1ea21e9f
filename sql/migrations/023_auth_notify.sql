-- Any change to users, sessions or API keys is announced, so every instance drops its cache of
-- signed-in users at once (a disabled user or a revoked key stops working immediately).
CREATE FUNCTION auth_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('auth_changed', TG_TABLE_NAME);
  RETURN NULL;
END $$;
CREATE TRIGGER users_auth_changed AFTER UPDATE OR DELETE ON users FOR EACH STATEMENT EXECUTE FUNCTION auth_changed_notify();
CREATE TRIGGER sessions_auth_changed AFTER DELETE OR UPDATE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION auth_changed_notify();
CREATE TRIGGER api_keys_auth_changed AFTER UPDATE OR DELETE ON api_keys FOR EACH STATEMENT EXECUTE FUNCTION auth_changed_notify();
