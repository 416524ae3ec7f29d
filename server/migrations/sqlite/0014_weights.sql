-- Weighted votes: a weight per roll member, a per-meeting switch, and what a topic and each of
-- its votes counted with. Weights are whole numbers of millionths (six decimals, exact; see
-- src/lib/core/weights.ts), at most one billion.
ALTER TABLE roll_entries ADD COLUMN weight INTEGER NOT NULL DEFAULT 1000000
	CHECK (weight > 0 AND weight <= 1000000000000000);
ALTER TABLE meetings ADD COLUMN weighted INTEGER NOT NULL DEFAULT 0 CHECK (weighted IN (0, 1));
-- The weight of the roll a topic opened with, as a decimal string (a sum may pass 64 bits); null:
-- the topic counts heads only.
ALTER TABLE topics ADD COLUMN eligible_weight TEXT;
-- The weight a vote counted with (weighted topics; null elsewhere), in millionths.
ALTER TABLE votes ADD COLUMN weight INTEGER CHECK (weight IS NULL OR weight > 0);
