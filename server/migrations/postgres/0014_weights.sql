-- Weighted votes (as sqlite/0013_weights.sql): a weight per roll member in millionths, a
-- per-meeting switch, the weight of the roll a weighted topic opened with (a decimal string: a
-- sum may pass 64 bits), and the weight each vote counted with.
ALTER TABLE roll_entries ADD COLUMN weight BIGINT NOT NULL DEFAULT 1000000
	CHECK (weight > 0 AND weight <= 1000000000000000);
ALTER TABLE meetings ADD COLUMN weighted INTEGER NOT NULL DEFAULT 0 CHECK (weighted IN (0, 1));
ALTER TABLE topics ADD COLUMN eligible_weight TEXT;
ALTER TABLE votes ADD COLUMN weight BIGINT CHECK (weight IS NULL OR weight > 0);
