-- How long after closing a ballot may still arrive and count (0: refused at once).
ALTER TABLE topics ADD COLUMN late_grace_seconds INTEGER NOT NULL DEFAULT 0
	CHECK (late_grace_seconds BETWEEN 0 AND 86400);
