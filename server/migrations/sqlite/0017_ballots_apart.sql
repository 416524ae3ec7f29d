-- Secret topics keep who voted apart from what was voted, so that the database holds no link
-- between a voter and a choice once votes can no longer change (see docs/SECURITY.md).
--
-- `participations`: who voted (the eligibility record), one per voter and topic, with no choice,
-- no tracker, no ballot id and no time. `ballots`: what was voted, with its tracker and weight and
-- no voter. `ballots.participation_id` links a ballot to its voter only while the topic is open
-- and lets votes change (a change finds the old ballot through it); it is never written where
-- changes are not allowed, and the closing transaction clears it. Both tables are WITHOUT ROWID
-- and keyed by random values, so neither row ids nor insertion order pair them up.
CREATE TABLE participations (
	id TEXT PRIMARY KEY,
	topic_id TEXT NOT NULL REFERENCES topics (id),
	user_id TEXT NOT NULL REFERENCES users (id),
	roll_entry_id TEXT REFERENCES roll_entries (id),
	-- Roll meetings: the entry of the proxy who cast the ballot for its member (null: themselves).
	cast_by TEXT REFERENCES roll_entries (id)
) STRICT, WITHOUT ROWID;

-- One participation per voter outside roll meetings, and per member in them (a proxy's account
-- holds its own and those of the members it carries), as for `votes`.
CREATE UNIQUE INDEX participations_topic_user ON participations (topic_id, user_id)
	WHERE roll_entry_id IS NULL;
CREATE UNIQUE INDEX participations_topic_entry ON participations (topic_id, roll_entry_id)
	WHERE roll_entry_id IS NOT NULL;

-- `published`: its `ballot.published` audit entry is written (at the close, in tracker order, or
-- at once for a late ballot).
CREATE TABLE ballots (
	tracker TEXT PRIMARY KEY,
	topic_id TEXT NOT NULL REFERENCES topics (id),
	option_id TEXT,
	choice TEXT NOT NULL CHECK (json_valid(choice)),
	weight INTEGER CHECK (weight IS NULL OR weight > 0),
	participation_id TEXT REFERENCES participations (id),
	published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
	FOREIGN KEY (option_id, topic_id) REFERENCES options (id, topic_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX ballots_topic ON ballots (topic_id, published);
CREATE UNIQUE INDEX ballots_link ON ballots (participation_id) WHERE participation_id IS NOT NULL;

-- Whether the topic stores its votes apart: set when a secret topic first opens. Secret topics
-- already open keep their `votes` rows until they close, and move apart then.
ALTER TABLE topics ADD COLUMN ballots_apart INTEGER NOT NULL DEFAULT 0
	CHECK (ballots_apart IN (0, 1));

-- Closed secret topics move apart now: their audit logs already published every ballot.
INSERT INTO participations (id, topic_id, user_id, roll_entry_id, cast_by)
	SELECT lower(hex(randomblob(12))), v.topic_id, v.user_id, v.roll_entry_id, v.cast_by
	FROM votes v JOIN topics t ON t.id = v.topic_id WHERE t.secret = 1 AND t.status = 'closed';
INSERT INTO ballots (tracker, topic_id, option_id, choice, weight, participation_id, published)
	SELECT v.tracker, v.topic_id, v.option_id, v.choice, v.weight, NULL, 1
	FROM votes v JOIN topics t ON t.id = v.topic_id WHERE t.secret = 1 AND t.status = 'closed';
DELETE FROM votes WHERE topic_id IN (SELECT id FROM topics WHERE secret = 1 AND status = 'closed');
UPDATE topics SET ballots_apart = 1 WHERE secret = 1 AND status = 'closed';
