-- Facility-siting runs (planning page, POST /api/siting): the request, live progress and the result,
-- in the database so that any app instance can answer GET /api/siting/{id}. The instance that took
-- the POST runs the solve; a run whose progress stops for minutes is reported as lost.
CREATE TABLE siting_runs (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      int NOT NULL REFERENCES users (id),
  status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  request      jsonb NOT NULL,
  progress     jsonb NOT NULL DEFAULT '{}',
  result       jsonb,
  error        jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  CHECK ((status = 'done') = (result IS NOT NULL))
);
CREATE INDEX siting_runs_user_idx ON siting_runs (user_id, created_at DESC);
CREATE INDEX siting_runs_created_idx ON siting_runs (created_at);
