/** The storage port in PostgreSQL's SQL: reads and writes only, every decision is a use case's. */
import type { AuditKind } from '../../../core/audit-chain.ts';
import type { Choice } from '../../../core/poll.ts';
import type { MemberRole } from '../../../core/types.ts';
import type { AsyncPort } from '../port.ts';
import {
	settings,
	toAuditEntry,
	toMeeting,
	toSession,
	toTopic,
	toUser,
	toVote,
	toBallot,
	type AuditRow,
	type BallotRow,
	type MeetingRow,
	type OptionRow,
	type SessionRow,
	type TopicRow,
	type UserRow,
	type VoteRow
} from '../rows.ts';
import type { Sql } from './db.ts';
import { postgresIdentityPort } from './identities.ts';
import { postgresProxyPort } from './proxy-port.ts';
import { postgresRollPort } from './roll-port.ts';

const bytes = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/**
 * The port over one connection or transaction (`sql` is the transaction of a write). Names sort
 * with `COLLATE "C"`, as SQLite sorts them.
 */
export function postgresPort(sql: Sql): AsyncPort {
	return {
		...postgresRollPort(sql),
		...postgresProxyPort(sql),
		...postgresIdentityPort((text, params) => sql.unsafe(text, params)),
		async lockTopics(ids) {
			if (ids.length === 0) return;
			// Row locks in one order, so two batches of the same topics queue instead of deadlocking.
			await sql`SELECT id FROM topics WHERE id IN ${sql(ids)} ORDER BY id COLLATE "C" FOR UPDATE`;
		},
		async lockMeeting(id) {
			await sql`SELECT id FROM meetings WHERE id = ${id} FOR UPDATE`;
		},

		async getTopic(id) {
			// Both at once: one round trip.
			const [[row], options] = await Promise.all([
				sql<(TopicRow & { audit_n: number | null; audit_hash: string | null })[]>`
					SELECT t.*, a.n AS audit_n, a.hash AS audit_hash FROM topics t
					LEFT JOIN LATERAL (
						SELECT n, hash FROM audit_log WHERE topic_id = t.id ORDER BY n DESC LIMIT 1
					) a ON true
					WHERE t.id = ${id}`,
				sql<
					OptionRow[]
				>`SELECT id, topic_id, label, position FROM options WHERE topic_id = ${id} ORDER BY position`
			]);
			if (!row) return null;
			const { audit_n, audit_hash, ...topic } = row;
			return {
				...toTopic(topic, options),
				...(audit_n !== null ? { audit: { entries: audit_n, head: audit_hash! } } : {})
			};
		},
		async topicIdsByOwner(ownerId) {
			const rows = await sql<{ id: string }[]>`
				SELECT id FROM topics WHERE owner_id = ${ownerId} AND meeting_id IS NULL
				ORDER BY created_at DESC, id COLLATE "C"`;
			return rows.map((row) => row.id);
		},
		async timedTopicIds() {
			const rows = await sql<
				{ id: string }[]
			>`SELECT id FROM topics WHERE closes_at IS NOT NULL AND status = 'open'`;
			return rows.map((row) => row.id);
		},
		async insertTopic({ id, ownerId, input, createdAt, agenda }) {
			const s = settings(input);
			await sql`
				INSERT INTO topics (id, owner_id, created_at, meeting_id, agenda_position, status,
				  title, description, late_grace_seconds, hide_results, results_before_voting, majority,
				  quorum, kind, min_choices, max_choices, score_max, secret, allow_change, seats)
				VALUES (${id}, ${ownerId}, ${createdAt}, ${agenda?.meetingId ?? null},
				  ${agenda?.position ?? null}, 'draft', ${s[0]}, ${s[1]}, ${s[2]}, ${s[3]}, ${s[4]},
				  ${s[5]}, ${s[6]}, ${s[7]}, ${s[8]}, ${s[9]}, ${s[10]}, ${s[11]}, ${s[12]}, ${s[13]})`;
		},
		async insertOption({ id, topicId, label, position }) {
			await sql`INSERT INTO options (id, topic_id, label, position) VALUES (${id}, ${topicId}, ${label}, ${position})`;
		},
		async deleteOptions(topicId) {
			await sql`DELETE FROM options WHERE topic_id = ${topicId}`;
		},
		async updateDraft(id, input) {
			const s = settings(input);
			await sql`
				UPDATE topics SET title = ${s[0]}, description = ${s[1]}, late_grace_seconds = ${s[2]},
				  hide_results = ${s[3]}, results_before_voting = ${s[4]}, majority = ${s[5]},
				  quorum = ${s[6]}, kind = ${s[7]}, min_choices = ${s[8]}, max_choices = ${s[9]},
				  score_max = ${s[10]}, secret = ${s[11]}, allow_change = ${s[12]}, seats = ${s[13]}
				WHERE id = ${id} AND status = 'draft'`;
		},
		async setStatus(id, status, now, present) {
			await sql`
				UPDATE topics SET status = ${status}::text,
				  opened_at = CASE WHEN ${status}::text = 'open' THEN ${now}::bigint ELSE opened_at END,
				  closed_at = CASE WHEN ${status}::text = 'closed' THEN ${now}::bigint ELSE NULL END,
				  present_at_close = CASE WHEN ${status}::text = 'closed' THEN ${present}::integer ELSE NULL END,
				  closes_at = NULL
				WHERE id = ${id}`;
		},
		async setClosesAt(id, closesAt) {
			await sql`UPDATE topics SET closes_at = ${closesAt}::bigint WHERE id = ${id}`;
		},
		async setResultsHidden(id, hidden) {
			await sql`UPDATE topics SET hide_results = ${hidden ? 1 : 0} WHERE id = ${id}`;
		},
		async deleteDraftTopic(id) {
			await sql`DELETE FROM options WHERE topic_id = ${id}`;
			await sql`DELETE FROM topics WHERE id = ${id} AND status = 'draft'`;
		},

		async lastAudit(topicId) {
			const [row] = await sql<{ n: number; hash: string }[]>`
				SELECT n, hash FROM audit_log WHERE topic_id = ${topicId} ORDER BY n DESC LIMIT 1`;
			return row ?? null;
		},
		async insertAudit(entry) {
			await sql`
				INSERT INTO audit_log (topic_id, n, kind, payload, created_at, prev_hash, hash)
				VALUES (${entry.topicId}, ${entry.n}, ${entry.kind}, ${JSON.stringify(entry.payload)},
				  ${entry.at}, ${entry.prev}, ${entry.hash})`;
		},
		async auditEntries(topicId) {
			const rows = await sql<AuditRow[]>`
				SELECT topic_id, n, kind, payload, created_at, prev_hash, hash FROM audit_log
				WHERE topic_id = ${topicId} ORDER BY n`;
			return rows.map(toAuditEntry);
		},
		async auditPage(topicId, after, last, limit) {
			const rows = await (after === null
				? sql<AuditRow[]>`
					SELECT topic_id, n, kind, payload, created_at, prev_hash, hash FROM audit_log
					WHERE topic_id = ${topicId} AND n <= ${last} ORDER BY n LIMIT ${limit}`
				: sql<AuditRow[]>`
					SELECT topic_id, n, kind, payload, created_at, prev_hash, hash FROM audit_log
					WHERE topic_id = ${topicId} AND n > ${after} AND n <= ${last}
					ORDER BY n LIMIT ${limit}`);
			return rows.map(toAuditEntry);
		},
		async lastClosingHash(topicId) {
			const [row] = await sql<{ hash: string }[]>`
				SELECT hash FROM audit_log WHERE topic_id = ${topicId} AND kind = 'topic.closed'
				ORDER BY n DESC LIMIT 1`;
			return row?.hash ?? null;
		},
		async latestOf(topicId, kinds) {
			const [row] = await sql<{ kind: AuditKind; payload: string }[]>`
				SELECT kind, payload FROM audit_log WHERE topic_id = ${topicId} AND kind IN ${sql(kinds)}
				ORDER BY n DESC LIMIT 1`;
			return row ? { kind: row.kind, payload: JSON.parse(row.payload) } : null;
		},
		async insertPaper({ id, topicId, batch, addedBy, addedAt }) {
			await sql`
				INSERT INTO paper_ballots (id, topic_id, ballots, counts, note, added_by, added_at)
				VALUES (${id}, ${topicId}, ${batch.ballots}, ${JSON.stringify(batch.counts)},
				  ${batch.note}, ${addedBy}, ${addedAt})`;
		},
		async paperBatches(topicId) {
			const rows = await sql<{ ballots: number; counts: string; note: string }[]>`
				SELECT ballots, counts, note FROM paper_ballots WHERE topic_id = ${topicId}
				ORDER BY added_at, seq`;
			return rows.map((row) => ({
				ballots: row.ballots,
				counts: JSON.parse(row.counts) as Record<string, number>,
				note: row.note
			}));
		},
		async votedEntryIds(topicId) {
			const rows = await sql<{ roll_entry_id: string }[]>`
				SELECT roll_entry_id FROM votes WHERE topic_id = ${topicId} AND roll_entry_id IS NOT NULL
				UNION ALL
				SELECT roll_entry_id FROM participations
				WHERE topic_id = ${topicId} AND roll_entry_id IS NOT NULL`;
			return rows.map((row) => row.roll_entry_id);
		},
		async voterNames(topicId) {
			const rows = await sql<{ name: string; guest: boolean }[]>`
				SELECT COALESCE(u.display_name, u.username) AS name, u.kind = 'guest' AS guest
				FROM (SELECT user_id FROM votes WHERE topic_id = ${topicId}
				      UNION ALL SELECT user_id FROM participations WHERE topic_id = ${topicId}) v
				JOIN users u ON u.id = v.user_id
				ORDER BY COALESCE(u.display_name, u.username) COLLATE "C", v.user_id COLLATE "C"`;
			return rows.map((row) => ({ name: row.name, guest: row.guest }));
		},
		async refusedBefore(topicId, ballotId) {
			const rows = await sql`
				SELECT 1 FROM audit_log WHERE topic_id = ${topicId} AND kind = 'vote.refused'
				AND payload::jsonb ->> 'ballotId' = ${ballotId} LIMIT 1`;
			return rows.length > 0;
		},

		async participation(topicId, voter) {
			const [row] =
				'entryId' in voter
					? await sql<{ id: string }[]>`
						SELECT id FROM participations
						WHERE topic_id = ${topicId} AND roll_entry_id = ${voter.entryId}`
					: await sql<{ id: string }[]>`
						SELECT id FROM participations
						WHERE topic_id = ${topicId} AND user_id = ${voter.userId} AND roll_entry_id IS NULL`;
			return row?.id ?? null;
		},
		async insertParticipation(p) {
			await sql`
				INSERT INTO participations (id, topic_id, user_id, roll_entry_id)
				VALUES (${p.id}, ${p.topicId}, ${p.userId}, ${p.rollEntryId})`;
		},
		async ballotByTracker(topicId, tracker) {
			const [row] = await sql<BallotRow[]>`
				SELECT tracker, choice, weight, participation_id FROM ballots
				WHERE topic_id = ${topicId} AND tracker = ${tracker}`;
			return row ? toBallot(row) : null;
		},
		async participationsOf(topicId, userIds) {
			if (userIds.length === 0) return [];
			const rows = await sql<{ id: string; user_id: string }[]>`
				SELECT id, user_id FROM participations
				WHERE topic_id = ${topicId} AND roll_entry_id IS NULL AND user_id IN ${sql(userIds)}`;
			return rows.map((row) => ({ userId: row.user_id, id: row.id }));
		},
		async ballotsByTrackers(topicId, trackers) {
			if (trackers.length === 0) return [];
			const rows = await sql<BallotRow[]>`
				SELECT tracker, choice, weight, participation_id FROM ballots
				WHERE topic_id = ${topicId} AND tracker IN ${sql(trackers)}`;
			return rows.map(toBallot);
		},
		async linkedBallot(participationId) {
			const [row] = await sql<BallotRow[]>`
				SELECT tracker, choice, weight, participation_id FROM ballots
				WHERE participation_id = ${participationId}`;
			return row ? toBallot(row) : null;
		},
		async insertBallot(b) {
			await sql`
				INSERT INTO ballots (tracker, topic_id, option_id, choice, weight, participation_id,
				  published)
				VALUES (${b.tracker}, ${b.topicId}, ${b.optionId}, ${b.choice}, ${b.weight},
				  ${b.participationId}, ${b.published ? 1 : 0})`;
		},
		async deleteBallot(tracker) {
			await sql`DELETE FROM ballots WHERE tracker = ${tracker}`;
		},
		async unpublishedBallots(topicId) {
			const rows = await sql<BallotRow[]>`
				SELECT tracker, choice, weight, participation_id FROM ballots
				WHERE topic_id = ${topicId} AND published = 0 ORDER BY tracker COLLATE "C"`;
			return rows.map(toBallot);
		},
		async sealBallots(topicId) {
			// New row versions for all of the topic's ballots and participations, written by this
			// transaction in an order of their own: neither xmin nor position pairs them any more.
			await sql`
				WITH gone AS (DELETE FROM ballots WHERE topic_id = ${topicId} RETURNING *)
				INSERT INTO ballots (tracker, topic_id, option_id, choice, weight, participation_id,
				  published)
				SELECT tracker, topic_id, option_id, choice, weight, NULL, 1 FROM gone
				ORDER BY tracker COLLATE "C"`;
			await sql`
				WITH gone AS (DELETE FROM participations WHERE topic_id = ${topicId} RETURNING *)
				INSERT INTO participations (id, topic_id, user_id, roll_entry_id, cast_by)
				SELECT id, topic_id, user_id, roll_entry_id, cast_by FROM gone ORDER BY id COLLATE "C"`;
		},
		async moveVotesApart(topicId) {
			await sql`
				INSERT INTO participations (id, topic_id, user_id, roll_entry_id, cast_by)
				SELECT md5(random()::text || id::text), topic_id, user_id, roll_entry_id, cast_by
				FROM votes WHERE topic_id = ${topicId} ORDER BY random()`;
			await sql`
				INSERT INTO ballots (tracker, topic_id, option_id, choice, weight, participation_id,
				  published)
				SELECT tracker, topic_id, option_id, choice, weight, NULL, 1
				FROM votes WHERE topic_id = ${topicId} ORDER BY tracker COLLATE "C"`;
			await sql`DELETE FROM votes WHERE topic_id = ${topicId}`;
		},
		async setBallotsApart(topicId) {
			await sql`UPDATE topics SET ballots_apart = 1 WHERE id = ${topicId}`;
		},

		async findVote(topicId, userId) {
			const [row] = await sql<VoteRow[]>`
				SELECT topic_id, user_id, choice, ballot_id, tracker, created_at FROM votes
				WHERE topic_id = ${topicId} AND user_id = ${userId}`;
			return row ? toVote(row) : null;
		},
		async insertVote(vote, optionId, choice, rollEntryId) {
			await sql`
				INSERT INTO votes (topic_id, user_id, option_id, choice, ballot_id, tracker, created_at,
				  roll_entry_id)
				VALUES (${vote.topicId}, ${vote.userId}, ${optionId}, ${choice}, ${vote.ballotId},
				  ${vote.tracker}, ${vote.createdAt}, ${rollEntryId})`;
		},
		async replaceVote(vote, optionId, choice) {
			await sql`
				UPDATE votes SET option_id = ${optionId}, choice = ${choice}, ballot_id = ${vote.ballotId},
				  tracker = ${vote.tracker}, created_at = ${vote.createdAt}
				WHERE topic_id = ${vote.topicId} AND user_id = ${vote.userId}`;
		},
		async voteChoices(topicId) {
			const rows = await sql<{ choice: string }[]>`SELECT choice FROM (
				  SELECT choice, id, NULL AS tracker FROM votes WHERE topic_id = ${topicId}
				  UNION ALL SELECT choice, NULL, tracker FROM ballots WHERE topic_id = ${topicId}
				) b ORDER BY id, tracker COLLATE "C"`;
			return rows.map((row) => JSON.parse(row.choice) as Choice);
		},
		async ballotGroups(topicId) {
			const rows = await sql<{ choice: string; count: string }[]>`
				SELECT choice, count(*) AS count FROM votes WHERE topic_id = ${topicId} GROUP BY choice
				UNION ALL SELECT choice, count(*) FROM ballots WHERE topic_id = ${topicId} GROUP BY choice`;
			return rows.map((row) => ({
				choice: JSON.parse(row.choice) as Choice,
				count: Number(row.count)
			}));
		},
		async namedVotes(topicId) {
			// A ballot cast by proxy is named by the member it counts for, with the proxy beside it.
			const rows = await sql<
				{
					user_id: string;
					name: string;
					proxy: string | null;
					choice: string;
					created_at: number;
				}[]
			>`
				SELECT v.user_id, p.name AS proxy, v.choice, v.created_at,
				  CASE WHEN v.cast_by IS NULL THEN COALESCE(u.display_name, u.username) ELSE r.name END AS name
				FROM votes v JOIN users u ON u.id = v.user_id
				LEFT JOIN roll_entries r ON r.id = v.roll_entry_id
				LEFT JOIN roll_entries p ON p.id = v.cast_by
				WHERE v.topic_id = ${topicId}
				ORDER BY CASE WHEN v.cast_by IS NULL THEN COALESCE(u.display_name, u.username)
				  ELSE r.name END COLLATE "C", v.user_id COLLATE "C", r.id COLLATE "C"`;
			return rows.map((row) => ({
				userId: row.user_id,
				name: row.name,
				...(row.proxy !== null ? { proxy: row.proxy } : {}),
				choice: JSON.parse(row.choice) as Choice,
				at: row.created_at
			}));
		},
		async votesOf(topicId, userIds) {
			if (userIds.length === 0) return [];
			const rows = await sql<VoteRow[]>`
				SELECT topic_id, user_id, choice, ballot_id, tracker, created_at FROM votes
				WHERE topic_id = ${topicId} AND user_id IN ${sql(userIds)}`;
			return rows.map(toVote);
		},
		async guestMeetingsOf(userIds) {
			if (userIds.length === 0) return [];
			const rows = await sql<{ id: string; guest_meeting_id: string | null }[]>`
				SELECT id, guest_meeting_id FROM users WHERE id IN ${sql(userIds)}`;
			return rows.map((row) => ({ userId: row.id, meetingId: row.guest_meeting_id }));
		},
		async memberRoles(meetingId, userIds) {
			if (userIds.length === 0) return [];
			const rows = await sql<{ user_id: string; role: MemberRole }[]>`
				SELECT user_id, role FROM meeting_members
				WHERE meeting_id = ${meetingId} AND user_id IN ${sql(userIds)}`;
			return rows.map((row) => ({ userId: row.user_id, role: row.role }));
		},

		async getMeeting(id) {
			const [row] = await sql<MeetingRow[]>`SELECT * FROM meetings WHERE id = ${id}`;
			return row ? toMeeting(row) : null;
		},
		async meetingByCode(code) {
			const [row] = await sql<MeetingRow[]>`SELECT * FROM meetings WHERE code = ${code}`;
			return row ? toMeeting(row) : null;
		},
		async meetingsRunBy(userId) {
			const rows = await sql<MeetingRow[]>`
				SELECT * FROM meetings WHERE owner_id = ${userId}
				  OR id IN (SELECT meeting_id FROM meeting_members WHERE user_id = ${userId} AND role = 'cohost')
				ORDER BY created_at DESC, id COLLATE "C"`;
			return rows.map(toMeeting);
		},
		async insertMeeting(m) {
			// A roll meeting is stored as guests-may-join plus `electorate = 'roll'` (0011_roll.sql).
			const roll = m.access === 'roll';
			await sql`
				INSERT INTO meetings (id, owner_id, title, code, created_at, access, electorate)
				VALUES (${m.id}, ${m.ownerId}, ${m.title}, ${m.code}, ${m.createdAt},
				  ${roll ? 'guests' : m.access}, ${roll ? 'roll' : 'open'})`;
		},
		async codeTaken(code) {
			const rows = await sql`SELECT 1 FROM meetings WHERE code = ${code}`;
			return rows.length > 0;
		},
		async agendaIds(meetingId) {
			const rows = await sql<{ id: string }[]>`
				SELECT id FROM topics WHERE meeting_id = ${meetingId}
				ORDER BY agenda_position, created_at`;
			return rows.map((row) => row.id);
		},
		async setAgendaPosition(topicId, position) {
			await sql`UPDATE topics SET agenda_position = ${position} WHERE id = ${topicId}`;
		},
		async setCurrentTopic(meetingId, topicId) {
			await sql`UPDATE meetings SET current_topic_id = ${topicId} WHERE id = ${meetingId}`;
		},
		async setAccess(meetingId, access) {
			// A roll meeting takes guests (to follow, and to redeem invitations on new devices).
			const roll = access === 'roll';
			await sql`
				UPDATE meetings SET access = ${roll ? 'guests' : access}, electorate = ${roll ? 'roll' : 'open'}
				WHERE id = ${meetingId}`;
		},
		async setEnded(meetingId, now) {
			await sql`UPDATE meetings SET ended_at = ${now} WHERE id = ${meetingId} AND ended_at IS NULL`;
		},
		async memberRole(meetingId, userId) {
			const [row] = await sql<{ role: MemberRole }[]>`
				SELECT role FROM meeting_members WHERE meeting_id = ${meetingId} AND user_id = ${userId}`;
			return row?.role ?? null;
		},
		async memberList(meetingId) {
			const rows = await sql<{ user_id: string; name: string; role: MemberRole }[]>`
				SELECT m.user_id, COALESCE(u.display_name, u.username) AS name, m.role
				FROM meeting_members m JOIN users u ON u.id = m.user_id
				WHERE m.meeting_id = ${meetingId} ORDER BY m.role COLLATE "C", COALESCE(u.display_name, u.username) COLLATE "C"`;
			return rows.map((row) => ({ userId: row.user_id, name: row.name, role: row.role }));
		},
		async accountIdByName(username) {
			const [row] = await sql<{ id: string }[]>`
				SELECT id FROM users WHERE username = ${username} AND kind = 'account'`;
			return row?.id ?? null;
		},
		async upsertMember(meetingId, userId, role, now) {
			await sql`
				INSERT INTO meeting_members (meeting_id, user_id, role, added_at)
				VALUES (${meetingId}, ${userId}, ${role}, ${now})
				ON CONFLICT (meeting_id, user_id) DO UPDATE SET role = excluded.role`;
		},
		async removeMember(meetingId, userId) {
			await sql`DELETE FROM meeting_members WHERE meeting_id = ${meetingId} AND user_id = ${userId}`;
		},

		async insertUser(user) {
			const result = await sql`
				INSERT INTO users (id, username, password_hash, created_at)
				VALUES (${user.id}, ${user.username}, ${user.passwordHash}, ${user.createdAt})
				ON CONFLICT (username) DO NOTHING`;
			return result.count === 1;
		},
		async insertGuest(guest) {
			await sql`
				INSERT INTO users (id, username, password_hash, created_at, kind, display_name, guest_meeting_id)
				VALUES (${guest.id}, ${guest.username}, '', ${guest.createdAt}, 'guest',
				  ${guest.displayName}, ${guest.meetingId})`;
		},
		async userById(id) {
			const [row] = await sql<UserRow[]>`SELECT * FROM users WHERE id = ${id}`;
			return row ? toUser(row) : null;
		},
		async accountByName(username) {
			const [row] = await sql<UserRow[]>`
				SELECT * FROM users WHERE username = ${username} AND kind = 'account'`;
			return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
		},

		async insertSession(session) {
			await sql`
				INSERT INTO sessions (id, user_id, secret_hash, created_at, expires_at)
				VALUES (${session.id}, ${session.userId}, ${bytes(session.secretHash)},
				  ${session.createdAt}, ${session.expiresAt})`;
		},
		async findSession(id) {
			const [row] = await sql<SessionRow[]>`
				SELECT s.*, u.username, u.created_at AS user_created_at, u.display_name, u.guest_meeting_id
				FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ${id}`;
			return row ? toSession(row) : null;
		},
		async setSessionExpiry(id, expiresAt) {
			await sql`UPDATE sessions SET expires_at = ${expiresAt} WHERE id = ${id}`;
		},
		async deleteSession(id) {
			await sql`DELETE FROM sessions WHERE id = ${id}`;
		},
		async deleteExpiredSessions(now) {
			const result = await sql`DELETE FROM sessions WHERE expires_at <= ${now}`;
			return result.count;
		},

		async documentUpdates(name) {
			const rows = await sql<{ data: Buffer }[]>`
				SELECT data FROM document_updates WHERE name = ${name} ORDER BY seq`;
			return rows.map((row) => new Uint8Array(row.data));
		},
		async appendDocumentUpdate(name, update) {
			await sql`INSERT INTO document_updates (name, data) VALUES (${name}, ${bytes(update)})`;
		},
		async passFence(room, token) {
			// One statement: the row's lock (taken by the insert or the update) queues the room's
			// next document write behind this transaction.
			const [row] = await sql<{ token: string }[]>`
				INSERT INTO room_fences (room, token) VALUES (${room}, ${token})
				ON CONFLICT (room) DO UPDATE SET token = GREATEST(room_fences.token, EXCLUDED.token)
				RETURNING token`;
			return Number(row.token) === token;
		},
		async clearDocument(name) {
			await sql`DELETE FROM document_updates WHERE name = ${name}`;
		}
	};
}
