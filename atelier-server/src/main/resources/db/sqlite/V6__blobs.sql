-- SQLite's half of version 6 (db/postgresql has the other): only the type of the bytes differs.
-- Images kept in the database (--blob-store database), written in the transaction that records them.
CREATE TABLE blobs (
    storage_key VARCHAR(200) PRIMARY KEY,
    data        BLOB         NOT NULL,
    created_at  BIGINT       NOT NULL
);

-- Blobs written to an outside store (a folder, S3) whose image row is not committed yet: a row left behind names
-- a blob to delete (the write failed or the job was lost between the two).
CREATE TABLE blob_intents (
    storage_key VARCHAR(200) PRIMARY KEY,
    created_at  BIGINT       NOT NULL
);
CREATE INDEX blob_intents_created ON blob_intents (created_at);
