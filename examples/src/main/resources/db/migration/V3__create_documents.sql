-- Ingested documents and the stages of their pipeline.
CREATE TABLE pipeline_stages (
    name     TEXT PRIMARY KEY,
    position INT     NOT NULL UNIQUE,
    terminal BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE documents (
    id              BIGSERIAL PRIMARY KEY,
    owner_id        BIGINT      NOT NULL REFERENCES users (id),
    title           TEXT        NOT NULL,
    source_uri      TEXT,
    content_sha256  TEXT,
    pipeline_status TEXT        NOT NULL DEFAULT 'pending',
    error           TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The pipeline's work queue: documents not yet in a terminal state.
CREATE INDEX documents_in_flight_idx ON documents (pipeline_status, updated_at)
    WHERE pipeline_status NOT IN ('done', 'failed');
CREATE INDEX documents_owner_idx ON documents (owner_id);
