-- Accounts and sessions. Only the SHA-256 of a session's secret is stored.
CREATE TABLE users (
	id TEXT PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	secret_hash BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT;

CREATE INDEX sessions_user ON sessions (user_id);

-- Topics (polls) and their options.
CREATE TABLE topics (
	id TEXT PRIMARY KEY,
	owner_id TEXT NOT NULL REFERENCES users (id),
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
	created_at INTEGER NOT NULL,
	opened_at INTEGER,
	closed_at INTEGER
) STRICT;

CREATE INDEX topics_owner ON topics (owner_id, created_at);

CREATE TABLE options (
	id TEXT PRIMARY KEY,
	topic_id TEXT NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
	label TEXT NOT NULL,
	position INTEGER NOT NULL,
	UNIQUE (topic_id, position),
	UNIQUE (id, topic_id)
) STRICT;

-- One counted vote per user and topic; the option must belong to the same topic.
CREATE TABLE votes (
	id INTEGER PRIMARY KEY,
	topic_id TEXT NOT NULL REFERENCES topics (id),
	user_id TEXT NOT NULL REFERENCES users (id),
	option_id TEXT NOT NULL,
	ballot_id TEXT NOT NULL,
	tracker TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	UNIQUE (topic_id, user_id),
	FOREIGN KEY (option_id, topic_id) REFERENCES options (id, topic_id)
) STRICT;

CREATE INDEX votes_topic_option ON votes (topic_id, option_id);

-- Append-only, hash-chained per topic: each entry carries the previous entry's hash.
CREATE TABLE audit_log (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	topic_id TEXT NOT NULL REFERENCES topics (id),
	n INTEGER NOT NULL,
	kind TEXT NOT NULL,
	payload TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL,
	UNIQUE (topic_id, n)
) STRICT;

CREATE INDEX audit_log_refusals ON audit_log (topic_id, kind);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE (ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE (ABORT, 'audit_log is append-only');
END;

-- Yjs updates of each collaborative document, appended before they are broadcast and
-- compacted into one row when the document is stored.
CREATE TABLE document_updates (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL,
	data BLOB NOT NULL
) STRICT;

CREATE INDEX document_updates_name ON document_updates (name, seq);
