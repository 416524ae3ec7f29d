-- The electorate: a roll of members per meeting, personal invitations binding a person to an
-- entry, and check-in at the door.

-- Roll meetings. `meetings.access` keeps its CHECK ('accounts', 'guests'), as in SQLite: a roll
-- meeting is stored as `access = 'guests'` (anyone with the code may join to follow, and new
-- devices redeem invitations as guests) with `electorate = 'roll'`; the adapter reads the pair as
-- the access `roll`.
ALTER TABLE meetings ADD COLUMN electorate TEXT NOT NULL DEFAULT 'open'
	CHECK (electorate IN ('open', 'roll'));
-- Raised by one with every change to the roll; entries and topics record versions.
ALTER TABLE meetings ADD COLUMN roll_version INTEGER NOT NULL DEFAULT 0 CHECK (roll_version >= 0);
-- Where "present" comes from: open connections, or check-in at the door.
ALTER TABLE meetings ADD COLUMN present_from TEXT NOT NULL DEFAULT 'connections'
	CHECK (present_from IN ('connections', 'check-in'));

-- Entries are never deleted: a removed entry keeps the version that removed it, so the roll a
-- topic opened with can be counted again later.
CREATE TABLE roll_entries (
	id TEXT PRIMARY KEY,
	meeting_id TEXT NOT NULL REFERENCES meetings (id),
	name TEXT NOT NULL,
	contact TEXT,
	member_number TEXT,
	added_version INTEGER NOT NULL,
	removed_version INTEGER,
	checked_in_at BIGINT,
	CHECK (removed_version IS NULL OR removed_version > added_version)
);

CREATE INDEX roll_entries_meeting ON roll_entries (meeting_id, removed_version);
CREATE UNIQUE INDEX roll_entries_number ON roll_entries (meeting_id, member_number)
	WHERE member_number IS NOT NULL AND removed_version IS NULL;

-- Personal invitations: only the SHA-256 of the code is kept. A redeemed invitation binds one
-- user (an account or a guest device) to the entry; revoking it (or issuing a new one, which
-- revokes the old) ends that binding.
CREATE TABLE invitations (
	id TEXT PRIMARY KEY,
	meeting_id TEXT NOT NULL REFERENCES meetings (id),
	entry_id TEXT NOT NULL REFERENCES roll_entries (id),
	code_hash TEXT NOT NULL UNIQUE,
	issued_at BIGINT NOT NULL,
	issued_by TEXT NOT NULL REFERENCES users (id),
	redeemed_at BIGINT,
	user_id TEXT REFERENCES users (id),
	revoked_at BIGINT,
	CHECK ((redeemed_at IS NULL) = (user_id IS NULL))
);

-- At most one live invitation per entry, and one live binding per user and meeting.
CREATE UNIQUE INDEX invitations_live ON invitations (entry_id) WHERE revoked_at IS NULL;
CREATE UNIQUE INDEX invitations_bound ON invitations (meeting_id, user_id)
	WHERE revoked_at IS NULL AND user_id IS NOT NULL;

-- In a roll meeting the ballot belongs to the roll entry: one counted vote per topic and entry,
-- whichever account or device cast it.
ALTER TABLE votes ADD COLUMN roll_entry_id TEXT REFERENCES roll_entries (id);
CREATE UNIQUE INDEX votes_topic_entry ON votes (topic_id, roll_entry_id)
	WHERE roll_entry_id IS NOT NULL;

-- The roll a topic opened with, and how many were on it.
ALTER TABLE topics ADD COLUMN roll_version INTEGER;
ALTER TABLE topics ADD COLUMN eligible INTEGER CHECK (eligible >= 0);

-- The roll's own audit chain per meeting (same entry format and hashing as a topic's chain; the
-- chain's id is the meeting's): who was added, edited, removed, invited, checked in, by whom.
-- (meeting_id, n) is unique, so two writers can never both extend the chain from the same head.
CREATE TABLE meeting_audit_log (
	seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	meeting_id TEXT NOT NULL REFERENCES meetings (id),
	n INTEGER NOT NULL,
	kind TEXT NOT NULL,
	payload TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL,
	UNIQUE (meeting_id, n)
);

CREATE FUNCTION meeting_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'meeting_audit_log is append-only';
END;
$$;

CREATE TRIGGER meeting_audit_log_no_update BEFORE UPDATE ON meeting_audit_log
	FOR EACH ROW EXECUTE FUNCTION meeting_audit_log_append_only();

CREATE TRIGGER meeting_audit_log_no_delete BEFORE DELETE ON meeting_audit_log
	FOR EACH ROW EXECUTE FUNCTION meeting_audit_log_append_only();

-- Door helpers: a role that checks members in. PostgreSQL widens the role's CHECK in place.
ALTER TABLE meeting_members DROP CONSTRAINT meeting_members_role_check;
ALTER TABLE meeting_members ADD CONSTRAINT meeting_members_role_check
	CHECK (role IN ('cohost', 'observer', 'door'));
