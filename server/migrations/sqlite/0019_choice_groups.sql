-- Counting reads each topic's ballots grouped by what they say (as postgres/0019_choice_groups.sql):
-- these indexes hold the groups in order, so a tally write of a topic with 10,000 ballots on four
-- options reads four runs of index entries instead of sorting 10,000 rows. Ordered by choice and
-- then by key, they reveal no order of casting.
CREATE INDEX votes_topic_choice ON votes (topic_id, choice);
CREATE INDEX ballots_topic_choice ON ballots (topic_id, choice);
