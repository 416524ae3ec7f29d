-- Counted paper ballots a host adds to a topic, one row per batch (see `lib/core/paper.ts`): how
-- many ballots, the count per option (JSON `{ optionId: n }`), a note, who added it and when. The
-- count adds them to the stored votes; each batch also has its `paper.added` audit entry, from
-- which `yarn audit:verify` replays the same totals. Batches are never changed or removed.
CREATE TABLE paper_ballots (
	seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	topic_id TEXT NOT NULL REFERENCES topics (id),
	ballots INTEGER NOT NULL CHECK (ballots > 0),
	counts TEXT NOT NULL,
	note TEXT NOT NULL,
	added_by TEXT NOT NULL REFERENCES users (id),
	added_at BIGINT NOT NULL
);

CREATE INDEX paper_ballots_topic ON paper_ballots (topic_id, added_at);

CREATE FUNCTION paper_ballots_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'paper_ballots is append-only';
END;
$$;

CREATE TRIGGER paper_ballots_no_update BEFORE UPDATE ON paper_ballots
	FOR EACH ROW EXECUTE FUNCTION paper_ballots_append_only();

CREATE TRIGGER paper_ballots_no_delete BEFORE DELETE ON paper_ballots
	FOR EACH ROW EXECUTE FUNCTION paper_ballots_append_only();
