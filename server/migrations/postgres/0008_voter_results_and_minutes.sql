-- Whether voters see live results before they have voted (otherwise only after voting, or, with
-- hide_results, only once voting closes), and how many participants had the meeting open when
-- voting closed, for the minutes.
ALTER TABLE topics ADD COLUMN results_before_voting INTEGER NOT NULL DEFAULT 0
	CHECK (results_before_voting IN (0, 1));
ALTER TABLE topics ADD COLUMN present_at_close INTEGER CHECK (present_at_close >= 0);
