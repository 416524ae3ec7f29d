-- The highest fencing token seen per room (as postgres/0018_room_fences.sql): several instances
-- serve rooms by lease, and an instance that stalled past its lease must not write a room's
-- documents once a newer holder has claimed it. One instance on SQLite never writes a row here.
CREATE TABLE room_fences (
	room TEXT PRIMARY KEY,
	token INTEGER NOT NULL
) WITHOUT ROWID;
