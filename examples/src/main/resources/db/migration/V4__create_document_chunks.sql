-- Chunks of each document with their embedding (all-MiniLM-L6-v2 produces 384 dimensions).
CREATE TABLE document_chunks (
    id          BIGSERIAL PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    chunk_index INT    NOT NULL,
    content     TEXT   NOT NULL,
    token_count INT    NOT NULL CHECK (token_count >= 0),
    embedding   vector(384),
    UNIQUE (document_id, chunk_index)
);
