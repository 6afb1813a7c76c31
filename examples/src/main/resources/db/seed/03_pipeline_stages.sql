-- Reference data: the stages of the ingestion pipeline. Idempotent: safe to run on every change.
INSERT INTO pipeline_stages (name, position, terminal) VALUES
    ('pending',   1, false),
    ('parsing',   2, false),
    ('chunking',  3, false),
    ('embedding', 4, false),
    ('done',      5, true),
    ('failed',    6, true)
ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, terminal = EXCLUDED.terminal
WHERE (pipeline_stages.position, pipeline_stages.terminal) IS DISTINCT FROM (EXCLUDED.position, EXCLUDED.terminal);
