-- A meeting can be ended by its host: its join code stops working (guests and code lookups are
-- refused); people already in it keep their results and audit logs.
ALTER TABLE meetings ADD COLUMN ended_at BIGINT;
