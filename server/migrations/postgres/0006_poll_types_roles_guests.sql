-- Poll types, named or secret topics, changeable votes.
ALTER TABLE topics ADD COLUMN kind TEXT NOT NULL DEFAULT 'single'
	CHECK (kind IN ('single', 'multiple', 'yes-no', 'ranked', 'score'));
ALTER TABLE topics ADD COLUMN min_choices INTEGER NOT NULL DEFAULT 1 CHECK (min_choices BETWEEN 1 AND 20);
ALTER TABLE topics ADD COLUMN max_choices INTEGER NOT NULL DEFAULT 1 CHECK (max_choices BETWEEN 1 AND 20);
ALTER TABLE topics ADD COLUMN score_max INTEGER NOT NULL DEFAULT 5 CHECK (score_max BETWEEN 1 AND 10);
ALTER TABLE topics ADD COLUMN secret INTEGER NOT NULL DEFAULT 1 CHECK (secret IN (0, 1));
ALTER TABLE topics ADD COLUMN allow_change INTEGER NOT NULL DEFAULT 0 CHECK (allow_change IN (0, 1));

-- A vote holds the whole ballot as canonical JSON (`choice`): option ids, in order of preference
-- for ranked topics, or points per option for score topics. `option_id` keeps the option of
-- one-option ballots (single choice, yes/no) under the foreign key to the topic's options.
ALTER TABLE votes ALTER COLUMN option_id DROP NOT NULL;
ALTER TABLE votes ADD COLUMN choice TEXT;
UPDATE votes SET choice = json_build_array(option_id)::text;
ALTER TABLE votes ALTER COLUMN choice SET NOT NULL;
ALTER TABLE votes ADD CONSTRAINT votes_choice_json CHECK ((choice::jsonb) IS NOT NULL);

-- Guests: people who joined one meeting with its code and a display name, without an account.
ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'account' CHECK (kind IN ('account', 'guest'));
ALTER TABLE users ADD COLUMN display_name TEXT;
ALTER TABLE users ADD COLUMN guest_meeting_id TEXT REFERENCES meetings (id);

-- Who may vote in a meeting: signed-in accounts only, or guests too.
ALTER TABLE meetings ADD COLUMN access TEXT NOT NULL DEFAULT 'accounts'
	CHECK (access IN ('accounts', 'guests'));

-- People the host gave a role: co-hosts run the meeting with the host; observers see results
-- and cannot vote.
CREATE TABLE meeting_members (
	meeting_id TEXT NOT NULL REFERENCES meetings (id),
	user_id TEXT NOT NULL REFERENCES users (id),
	role TEXT NOT NULL CHECK (role IN ('cohost', 'observer')),
	added_at BIGINT NOT NULL,
	PRIMARY KEY (meeting_id, user_id)
);
