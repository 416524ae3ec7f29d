-- Proxy votes in roll meetings: a member (a roll entry) hands their vote to another member, who
-- then casts a separate ballot for them (see src/lib/core/proxy-rules.ts).

-- Per meeting: how many members one person may carry (0: proxies off), and whether a member may
-- take back a delegation the hosts approved (the hosts always may).
ALTER TABLE meetings ADD COLUMN proxy_limit INTEGER NOT NULL DEFAULT 0
	CHECK (proxy_limit BETWEEN 0 AND 1000);
ALTER TABLE meetings ADD COLUMN proxy_revocable INTEGER NOT NULL DEFAULT 0
	CHECK (proxy_revocable IN (0, 1));

-- A delegation from one roll entry to another: requested by the member (waiting for the hosts),
-- approved (granted by a host, or a request a host approved), or revoked (taken back, refused,
-- or ended when either member left the roll). Rows are never deleted, so the minutes can name
-- every proxy that stood.
CREATE TABLE delegations (
	id TEXT PRIMARY KEY,
	meeting_id TEXT NOT NULL REFERENCES meetings (id),
	from_entry_id TEXT NOT NULL REFERENCES roll_entries (id),
	to_entry_id TEXT NOT NULL REFERENCES roll_entries (id),
	status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'revoked')),
	requested_by TEXT NOT NULL REFERENCES users (id),
	requested_at INTEGER NOT NULL,
	approved_by TEXT REFERENCES users (id),
	approved_at INTEGER,
	revoked_by TEXT REFERENCES users (id),
	revoked_at INTEGER,
	CHECK (from_entry_id <> to_entry_id),
	CHECK (status <> 'approved' OR approved_at IS NOT NULL),
	CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
) STRICT;

-- One standing delegation (requested or approved) per member who hands over their vote.
CREATE UNIQUE INDEX delegations_standing ON delegations (meeting_id, from_entry_id)
	WHERE status <> 'revoked';
CREATE INDEX delegations_to ON delegations (meeting_id, to_entry_id, status);

-- A proxy casts one ballot per member they carry, so one account may hold several ballots of a
-- roll meeting's topic: the votes table is rebuilt without its UNIQUE (topic_id, user_id), which
-- stays as a partial index for ballots outside roll meetings (roll ballots are unique per entry,
-- `votes_topic_entry`). `cast_by` is the roll entry of the proxy who cast a ballot for
-- `roll_entry_id` (null: the member cast it themselves).
CREATE TABLE votes_v3 (
	id INTEGER PRIMARY KEY,
	topic_id TEXT NOT NULL REFERENCES topics (id),
	user_id TEXT NOT NULL REFERENCES users (id),
	option_id TEXT,
	choice TEXT NOT NULL CHECK (json_valid(choice)),
	ballot_id TEXT NOT NULL,
	tracker TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	roll_entry_id TEXT REFERENCES roll_entries (id),
	weight INTEGER CHECK (weight IS NULL OR weight > 0),
	cast_by TEXT REFERENCES roll_entries (id),
	CHECK (cast_by IS NULL OR roll_entry_id IS NOT NULL),
	FOREIGN KEY (option_id, topic_id) REFERENCES options (id, topic_id)
) STRICT;

INSERT INTO votes_v3 (id, topic_id, user_id, option_id, choice, ballot_id, tracker, created_at,
	roll_entry_id, weight)
	SELECT id, topic_id, user_id, option_id, choice, ballot_id, tracker, created_at, roll_entry_id,
		weight
	FROM votes;
DROP TABLE votes;
ALTER TABLE votes_v3 RENAME TO votes;
CREATE INDEX votes_topic_option ON votes (topic_id, option_id);
CREATE UNIQUE INDEX votes_topic_user ON votes (topic_id, user_id) WHERE roll_entry_id IS NULL;
CREATE UNIQUE INDEX votes_topic_entry ON votes (topic_id, roll_entry_id)
	WHERE roll_entry_id IS NOT NULL;
