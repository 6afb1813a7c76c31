-- Background jobs of the ingestion pipeline (drained before an upgrade: see migrator.properties).
CREATE TABLE ingestion_jobs (
    id          BIGSERIAL PRIMARY KEY,
    document_id BIGINT      NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    stage       TEXT        NOT NULL,
    state       TEXT        NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
    attempts    INT         NOT NULL DEFAULT 0,
    locked_by   TEXT,
    locked_at   TIMESTAMPTZ,
    run_after   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX ingestion_jobs_ready_idx ON ingestion_jobs (run_after) WHERE state = 'queued';
