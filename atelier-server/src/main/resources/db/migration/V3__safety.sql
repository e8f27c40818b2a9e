-- Safeguards (issue 15). Portable SQL, as V1.

-- A key's tier decides whether its moderation: low is honoured; admin keys may call /v1/admin/*.
ALTER TABLE api_keys ADD COLUMN tier VARCHAR(16) NOT NULL DEFAULT 'preview';
ALTER TABLE api_keys ADD COLUMN admin INTEGER NOT NULL DEFAULT 0;

-- The operator's blocked terms, applied to every prompt. The version row in settings tells servers to reload.
CREATE TABLE blocklist (
    id       VARCHAR(40)  PRIMARY KEY,
    term     VARCHAR(100) NOT NULL UNIQUE,
    added_by VARCHAR(100) NOT NULL,
    added_at BIGINT       NOT NULL
);

-- The content filter's results for each stored image (JSON: category -> {filtered, severity}).
ALTER TABLE images ADD COLUMN filter_results TEXT;

-- Refused prompts, for audit: never the prompt itself, only its SHA-256 and length.
CREATE TABLE moderation_audit (
    id            VARCHAR(40)  PRIMARY KEY,
    at            BIGINT       NOT NULL,
    caller        VARCHAR(40)  NOT NULL,
    route         VARCHAR(16)  NOT NULL,
    model         VARCHAR(200) NOT NULL,
    prompt_sha256 VARCHAR(64)  NOT NULL,
    prompt_chars  INTEGER      NOT NULL,
    categories    VARCHAR(200) NOT NULL,
    blocklist     INTEGER      NOT NULL
);
CREATE INDEX moderation_audit_at ON moderation_audit (at);
