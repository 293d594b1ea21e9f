-- Analysis and coverage: indexes for the density, dashboard and coverage queries, and the rule that
-- gives each property company one home community (so that children's company counts sum to the parent's).

-- Time windows over the whole city (density, time series) without a district.
CREATE INDEX tickets_created_idx ON tickets (created_at);
-- First sign-for (签收) of a ticket: median response time.
CREATE INDEX ticket_events_accepted_idx ON ticket_events (ticket_id, at) WHERE kind = 'accepted';
-- A building counts where its point-on-surface lies (grid cells, patrol, facility reach): indexed,
-- so that "which buildings lie in this cell" is an index scan, not a loop over footprints.
CREATE INDEX buildings_point_idx ON buildings USING gist (ST_PointOnSurface(geom)) WHERE retired_at IS NULL;

-- A company manages compounds in several communities; it is counted once, in the community where it
-- manages the most households (ties: the lowest community id).
CREATE VIEW company_home AS
SELECT DISTINCT ON (company_id) company_id, community_id
FROM compounds
WHERE company_id IS NOT NULL AND retired_at IS NULL
GROUP BY company_id, community_id
ORDER BY company_id, sum(households) DESC, community_id;
