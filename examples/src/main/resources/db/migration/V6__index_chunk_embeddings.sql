-- An HNSW index for cosine similarity search. Built CONCURRENTLY so that a large table stays writable:
-- PostgreSQL refuses that inside a transaction, so Migrator runs this migration alone, outside any
-- transaction, journaling its start and end (no configuration needed: the statement says it all).
CREATE INDEX CONCURRENTLY IF NOT EXISTS document_chunks_embedding_hnsw
    ON document_chunks USING hnsw (embedding vector_cosine_ops)
    WITH (m = 16, ef_construction = 64);
