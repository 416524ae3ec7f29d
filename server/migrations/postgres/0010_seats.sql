-- Topics that elect several options: approval (`multiple`) with the highest totals elected, and
-- `ranked` counted by the single transferable vote. One seat is every earlier topic.
ALTER TABLE topics ADD COLUMN seats INTEGER NOT NULL DEFAULT 1 CHECK (seats BETWEEN 1 AND 20);
