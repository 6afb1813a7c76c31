-- Language detection result, used to pick the chunker.
ALTER TABLE documents ADD COLUMN language TEXT NOT NULL DEFAULT 'und';
COMMENT ON COLUMN documents.language IS 'BCP 47 tag detected at ingestion; und when unknown';
