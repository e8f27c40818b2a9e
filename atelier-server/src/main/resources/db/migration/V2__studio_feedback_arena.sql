-- The web studio, feedback and the arena (issue 6). Portable SQL, as V1.

-- Jobs made from the studio, by browser user (the job itself is in jobs; this is its owner and search text).
CREATE TABLE studio_jobs (
    job_id       VARCHAR(40) PRIMARY KEY,
    user_id      VARCHAR(40) NOT NULL,
    prompt_lower TEXT        NOT NULL,
    created_at   BIGINT      NOT NULL
);
CREATE INDEX studio_jobs_user_created ON studio_jobs (user_id, created_at);

-- One row per image and user: the current thumbs vote (1 up, -1 down, 0 none) and a report, if any.
CREATE TABLE feedback (
    image_id      VARCHAR(40) NOT NULL,
    job_id        VARCHAR(40) NOT NULL,
    user_id       VARCHAR(40) NOT NULL,
    vote          INTEGER     NOT NULL,
    report_reason VARCHAR(40),
    report_note   TEXT,
    updated_at    BIGINT      NOT NULL,
    PRIMARY KEY (image_id, user_id)
);
CREATE INDEX feedback_job ON feedback (job_id);

-- A blind battle: contestant_a is shown on the left. vote is null until the user votes.
CREATE TABLE arena_battles (
    id           VARCHAR(40)  PRIMARY KEY,
    user_id      VARCHAR(40)  NOT NULL,
    prompt       TEXT         NOT NULL,
    seed         BIGINT       NOT NULL,
    contestant_a VARCHAR(100) NOT NULL,
    contestant_b VARCHAR(100) NOT NULL,
    job_a        VARCHAR(40)  NOT NULL,
    job_b        VARCHAR(40)  NOT NULL,
    vote         VARCHAR(16),
    source       VARCHAR(16)  NOT NULL,
    created_at   BIGINT       NOT NULL,
    voted_at     BIGINT
);
CREATE INDEX arena_battles_voted ON arena_battles (voted_at);
