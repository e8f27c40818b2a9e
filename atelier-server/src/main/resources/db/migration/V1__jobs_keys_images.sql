-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Times are epoch milliseconds, flags are 0/1 integers.
CREATE TABLE api_keys (
    id              VARCHAR(40)  PRIMARY KEY,
    name            VARCHAR(200) NOT NULL,
    hash            VARCHAR(64)  NOT NULL UNIQUE,
    prefix          VARCHAR(32)  NOT NULL,
    rate_per_minute INTEGER      NOT NULL,
    daily_quota     INTEGER      NOT NULL,
    created_at      BIGINT       NOT NULL,
    revoked_at      BIGINT
);

CREATE TABLE key_usage (
    key_id   VARCHAR(40)  NOT NULL,
    end_user VARCHAR(200) NOT NULL,
    day      VARCHAR(10)  NOT NULL,
    requests BIGINT       NOT NULL,
    images   BIGINT       NOT NULL,
    PRIMARY KEY (key_id, end_user, day)
);

CREATE TABLE jobs (
    id               VARCHAR(40)  PRIMARY KEY,
    key_id           VARCHAR(40)  NOT NULL,
    idempotency_key  VARCHAR(200),
    model            VARCHAR(200) NOT NULL,
    batch_key        VARCHAR(64),
    spec             TEXT         NOT NULL,
    n                INTEGER      NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    attempts         INTEGER      NOT NULL,
    max_attempts     INTEGER      NOT NULL,
    lease_owner      VARCHAR(100),
    lease_expires_at BIGINT,
    cancel_requested INTEGER      NOT NULL,
    progress_step    INTEGER      NOT NULL,
    progress_total   INTEGER      NOT NULL,
    seed             BIGINT,
    error_code       VARCHAR(64),
    error_message    TEXT,
    created_at       BIGINT       NOT NULL,
    started_at       BIGINT,
    finished_at      BIGINT,
    UNIQUE (key_id, idempotency_key)
);
CREATE INDEX jobs_state_created ON jobs (state, created_at);
CREATE INDEX jobs_batch ON jobs (batch_key, state, created_at);

CREATE TABLE images (
    id          VARCHAR(40)  PRIMARY KEY,
    job_id      VARCHAR(40)  NOT NULL,
    idx         INTEGER      NOT NULL,
    seed        BIGINT       NOT NULL,
    format      VARCHAR(8)   NOT NULL,
    storage_key VARCHAR(200) NOT NULL,
    bytes       BIGINT       NOT NULL,
    created_at  BIGINT       NOT NULL,
    UNIQUE (job_id, idx)
);

CREATE TABLE settings (
    name  VARCHAR(100) PRIMARY KEY,
    value TEXT         NOT NULL
);
