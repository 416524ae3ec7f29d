-- Accounts and sessions. Only the SHA-256 of a session's secret is stored. Times are epoch
-- milliseconds (BIGINT), flags are 0/1 integers, JSON is kept as the text that was hashed: the
-- same values the SQLite schema holds.
CREATE TABLE users (
	id TEXT PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL,
	created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	secret_hash BYTEA NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Topics (polls) and their options.
CREATE TABLE topics (
	id TEXT PRIMARY KEY,
	owner_id TEXT NOT NULL REFERENCES users (id),
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
	created_at BIGINT NOT NULL,
	opened_at BIGINT,
	closed_at BIGINT
);

CREATE INDEX topics_owner ON topics (owner_id, created_at);

CREATE TABLE options (
	id TEXT PRIMARY KEY,
	topic_id TEXT NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
	label TEXT NOT NULL,
	position INTEGER NOT NULL,
	UNIQUE (topic_id, position),
	UNIQUE (id, topic_id)
);

-- One counted vote per user and topic, enforced by the constraint whatever instance writes it;
-- the option must belong to the same topic.
CREATE TABLE votes (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	topic_id TEXT NOT NULL REFERENCES topics (id),
	user_id TEXT NOT NULL REFERENCES users (id),
	option_id TEXT NOT NULL,
	ballot_id TEXT NOT NULL,
	tracker TEXT NOT NULL UNIQUE,
	created_at BIGINT NOT NULL,
	UNIQUE (topic_id, user_id),
	FOREIGN KEY (option_id, topic_id) REFERENCES options (id, topic_id)
);

CREATE INDEX votes_topic_option ON votes (topic_id, option_id);

-- Append-only, hash-chained per topic: each entry carries the previous entry's hash. (topic_id, n)
-- is unique, so two writers can never both extend the chain from the same head.
CREATE TABLE audit_log (
	seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	topic_id TEXT NOT NULL REFERENCES topics (id),
	n INTEGER NOT NULL,
	kind TEXT NOT NULL,
	payload TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL,
	UNIQUE (topic_id, n)
);

CREATE INDEX audit_log_refusals ON audit_log (topic_id, kind);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Yjs updates of each collaborative document, appended before they are broadcast and
-- compacted into one row when the document is stored.
CREATE TABLE document_updates (
	seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name TEXT NOT NULL,
	data BYTEA NOT NULL
);

CREATE INDEX document_updates_name ON document_updates (name, seq);
