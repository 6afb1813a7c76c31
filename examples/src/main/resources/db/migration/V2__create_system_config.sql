-- Runtime settings operators may change; seeded with defaults that never overwrite their changes.
CREATE TABLE system_config (
    key         TEXT PRIMARY KEY,
    value       JSONB       NOT NULL,
    description TEXT,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
