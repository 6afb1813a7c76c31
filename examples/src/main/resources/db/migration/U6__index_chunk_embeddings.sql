DROP INDEX IF EXISTS document_chunks_embedding_hnsw;
