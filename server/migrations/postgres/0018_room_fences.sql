-- The highest fencing token seen per room (as sqlite/0018_room_fences.sql): several instances
-- serve rooms by lease (server/cluster/ownership.ts), and an instance that stalled past its lease
-- must not write a room's documents once a newer holder has claimed it. Loading, appending to and
-- compacting a room's document raise the room's token to the writer's, or refuse a lower one; the
-- row's lock queues a room's document writes behind each other's fence check.
CREATE TABLE room_fences (
	room TEXT PRIMARY KEY,
	token BIGINT NOT NULL
);
