-- PostgreSQL's half of version 6 (db/sqlite has the other): only the type of the bytes differs.
-- Images kept in the database (--blob-store database), written in the transaction that records them.
CREATE TABLE blobs (
    storage_key VARCHAR(200) PRIMARY KEY,
    data        BYTEA        NOT NULL,
    created_at  BIGINT       NOT NULL
);
-- PNG and JPEG bytes do not compress: stored out of line without a compression attempt
ALTER TABLE blobs ALTER COLUMN data SET STORAGE EXTERNAL;

-- Blobs written to an outside store (a folder, S3) whose image row is not committed yet: a row left behind names
-- a blob to delete (the write failed or the job was lost between the two).
CREATE TABLE blob_intents (
    storage_key VARCHAR(200) PRIMARY KEY,
    created_at  BIGINT       NOT NULL
);
CREATE INDEX blob_intents_created ON blob_intents (created_at);
