-- Proxy votes in roll meetings (as sqlite/0016_proxies.sql): per-meeting settings, delegations
-- between roll entries, and the proxy's roll entry on each ballot cast for someone else.
ALTER TABLE meetings ADD COLUMN proxy_limit INTEGER NOT NULL DEFAULT 0
	CHECK (proxy_limit BETWEEN 0 AND 1000);
ALTER TABLE meetings ADD COLUMN proxy_revocable INTEGER NOT NULL DEFAULT 0
	CHECK (proxy_revocable IN (0, 1));

CREATE TABLE delegations (
	seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	meeting_id TEXT NOT NULL REFERENCES meetings (id),
	from_entry_id TEXT NOT NULL REFERENCES roll_entries (id),
	to_entry_id TEXT NOT NULL REFERENCES roll_entries (id),
	status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'revoked')),
	requested_by TEXT NOT NULL REFERENCES users (id),
	requested_at BIGINT NOT NULL,
	approved_by TEXT REFERENCES users (id),
	approved_at BIGINT,
	revoked_by TEXT REFERENCES users (id),
	revoked_at BIGINT,
	CHECK (from_entry_id <> to_entry_id),
	CHECK (status <> 'approved' OR approved_at IS NOT NULL),
	CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
);

CREATE UNIQUE INDEX delegations_standing ON delegations (meeting_id, from_entry_id)
	WHERE status <> 'revoked';
CREATE INDEX delegations_to ON delegations (meeting_id, to_entry_id, status);

-- One account may hold several ballots of a roll meeting's topic (its own and those it carries):
-- the (topic, user) uniqueness holds only outside roll meetings, where ballots have no entry.
ALTER TABLE votes DROP CONSTRAINT votes_topic_id_user_id_key;
CREATE UNIQUE INDEX votes_topic_user ON votes (topic_id, user_id) WHERE roll_entry_id IS NULL;
ALTER TABLE votes ADD COLUMN cast_by TEXT REFERENCES roll_entries (id);
ALTER TABLE votes ADD CONSTRAINT votes_cast_by_entry CHECK (cast_by IS NULL OR roll_entry_id IS NOT NULL);
