-- Secret topics keep who voted apart from what was voted, so that the database holds no link
-- between a voter and a choice once votes can no longer change (see docs/SECURITY.md and the
-- SQLite twin of this file). PostgreSQL keeps rows in insertion order with the inserting
-- transaction's id (`xmin`): the closing transaction therefore rewrites a topic's ballots and
-- participations (`sealBallots`), and their old row versions remain until VACUUM reclaims them.
CREATE TABLE participations (
	id TEXT PRIMARY KEY,
	topic_id TEXT NOT NULL REFERENCES topics (id),
	user_id TEXT NOT NULL REFERENCES users (id),
	roll_entry_id TEXT REFERENCES roll_entries (id),
	-- Roll meetings: the entry of the proxy who cast the ballot for its member (null: themselves).
	cast_by TEXT REFERENCES roll_entries (id)
);

-- One participation per voter outside roll meetings, and per member in them (a proxy's account
-- holds its own and those of the members it carries), as for `votes`.
CREATE UNIQUE INDEX participations_topic_user ON participations (topic_id, user_id)
	WHERE roll_entry_id IS NULL;
CREATE UNIQUE INDEX participations_topic_entry ON participations (topic_id, roll_entry_id)
	WHERE roll_entry_id IS NOT NULL;

CREATE TABLE ballots (
	tracker TEXT PRIMARY KEY,
	topic_id TEXT NOT NULL REFERENCES topics (id),
	option_id TEXT,
	choice TEXT NOT NULL CHECK ((choice::jsonb) IS NOT NULL),
	weight BIGINT CHECK (weight IS NULL OR weight > 0),
	participation_id TEXT REFERENCES participations (id),
	published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
	FOREIGN KEY (option_id, topic_id) REFERENCES options (id, topic_id)
);

CREATE INDEX ballots_topic ON ballots (topic_id, published);
CREATE UNIQUE INDEX ballots_link ON ballots (participation_id) WHERE participation_id IS NOT NULL;

ALTER TABLE topics ADD COLUMN ballots_apart INTEGER NOT NULL DEFAULT 0
	CHECK (ballots_apart IN (0, 1));

INSERT INTO participations (id, topic_id, user_id, roll_entry_id, cast_by)
	SELECT md5(random()::text || v.id::text), v.topic_id, v.user_id, v.roll_entry_id, v.cast_by
	FROM votes v JOIN topics t ON t.id = v.topic_id WHERE t.secret = 1 AND t.status = 'closed'
	ORDER BY random();
INSERT INTO ballots (tracker, topic_id, option_id, choice, weight, participation_id, published)
	SELECT v.tracker, v.topic_id, v.option_id, v.choice, v.weight, NULL, 1
	FROM votes v JOIN topics t ON t.id = v.topic_id WHERE t.secret = 1 AND t.status = 'closed'
	ORDER BY v.tracker;
DELETE FROM votes WHERE topic_id IN (SELECT id FROM topics WHERE secret = 1 AND status = 'closed');
UPDATE topics SET ballots_apart = 1 WHERE secret = 1 AND status = 'closed';
