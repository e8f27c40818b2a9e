-- The arena's ballot policy (docs/studio.md, "Which votes count"): when each image of a battle was first sent and so
-- when both had been delivered (in the database, as a battle's two images may be served by two processes),
-- and the voter's client address (grouped as the studio's limits group it), so a vote's look time, session and
-- subnet can be judged.
ALTER TABLE arena_battles ADD COLUMN sent_a BIGINT;
ALTER TABLE arena_battles ADD COLUMN sent_b BIGINT;
ALTER TABLE arena_battles ADD COLUMN shown_at BIGINT;
ALTER TABLE arena_battles ADD COLUMN voter_address VARCHAR(64);
CREATE INDEX arena_battles_voter ON arena_battles (voter_address, voted_at);
