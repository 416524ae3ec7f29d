-- Results hidden while voting is open (against group-think), the majority a winner needs, and
-- the minimum turnout (quorum) for the result to stand.
ALTER TABLE topics ADD COLUMN hide_results INTEGER NOT NULL DEFAULT 0 CHECK (hide_results IN (0, 1));
ALTER TABLE topics ADD COLUMN majority TEXT NOT NULL DEFAULT 'simple'
	CHECK (majority IN ('simple', 'absolute', 'two-thirds'));
ALTER TABLE topics ADD COLUMN quorum INTEGER NOT NULL DEFAULT 0 CHECK (quorum BETWEEN 0 AND 1000000);
