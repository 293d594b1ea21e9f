-- Locating a report (README "Tickets: locating a report"): a compound's name spelt exactly inside the
-- typed address is found by equality on the name (src/lib/server/tickets/locate.sql) rather than by
-- scanning every compound for a name contained in the text.
CREATE INDEX compounds_name_live_idx ON compounds (name) WHERE retired_at IS NULL;
