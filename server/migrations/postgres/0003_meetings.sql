-- Meetings: a host's ordered agenda of topics, joined by a short code.
CREATE TABLE meetings (
	id TEXT PRIMARY KEY,
	owner_id TEXT NOT NULL REFERENCES users (id),
	title TEXT NOT NULL,
	code TEXT NOT NULL UNIQUE,
	current_topic_id TEXT REFERENCES topics (id),
	created_at BIGINT NOT NULL
);

CREATE INDEX meetings_owner ON meetings (owner_id, created_at);

ALTER TABLE topics ADD COLUMN meeting_id TEXT REFERENCES meetings (id);
ALTER TABLE topics ADD COLUMN agenda_position INTEGER;

CREATE INDEX topics_meeting ON topics (meeting_id, agenda_position);
