-- Stored answers of figures that take seconds to count at city scale (the companies' service
-- figures over a window of days): one row per question (its key names the query and its
-- parameters), answered while younger than REDGRID_FIGURES_MAX_AGE_SECONDS and refreshed in the
-- background (src/lib/server/analysis/snapshot.ts). Shared by every app instance; losing the table's
-- rows loses nothing but time.
CREATE TABLE figure_snapshots (
  key          text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
  computed_at  timestamptz NOT NULL,
  body         jsonb NOT NULL
);
