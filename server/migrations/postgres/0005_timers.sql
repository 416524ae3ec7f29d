-- When an open topic closes by itself (a host's countdown); NULL: no timer.
ALTER TABLE topics ADD COLUMN closes_at BIGINT;

CREATE INDEX topics_timers ON topics (closes_at) WHERE closes_at IS NOT NULL;
