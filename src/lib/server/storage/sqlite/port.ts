/** The storage port in SQLite's SQL: reads and writes only, every decision is a use case's. */
import type { AuditKind } from '../../../core/audit-chain.ts';
import type { Choice } from '../../../core/poll.ts';
import type { MemberRole } from '../../../core/types.ts';
import type { Port } from '../port.ts';
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
import { preparer, type Db } from './db.ts';
import { sqliteProxyPort } from './proxy-port.ts';
import { sqliteRollPort } from './roll-port.ts';
import { sqliteIdentityPort } from './identities.ts';

export function sqlitePort(db: Db): Port {
	const prepare = preparer(db);
	const topic = prepare<[string], TopicRow>('SELECT * FROM topics WHERE id = ?');
	const options = prepare<[string], OptionRow>(
		'SELECT * FROM options WHERE topic_id = ? ORDER BY position'
	);
	const lastAudit = prepare<[string], { n: number; hash: string }>(
		'SELECT n, hash FROM audit_log WHERE topic_id = ? ORDER BY n DESC LIMIT 1'
	);
	const byOwner = prepare<[string], string>(
		'SELECT id FROM topics WHERE owner_id = ? AND meeting_id IS NULL ORDER BY created_at DESC, id'
	).pluck();
	const timed = prepare<[], string>(
		"SELECT id FROM topics WHERE closes_at IS NOT NULL AND status = 'open'"
	).pluck();
	const insertTopic = prepare(
		`INSERT INTO topics (id, owner_id, created_at, meeting_id, agenda_position, status,
		   title, description, late_grace_seconds, hide_results, results_before_voting, majority,
		   quorum, kind, min_choices, max_choices, score_max, secret, allow_change, seats)
		 VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const insertOption = prepare(
		'INSERT INTO options (id, topic_id, label, position) VALUES (?, ?, ?, ?)'
	);
	const deleteOptions = prepare('DELETE FROM options WHERE topic_id = ?');
	const updateDraft = prepare(
		`UPDATE topics SET title = ?, description = ?, late_grace_seconds = ?, hide_results = ?,
		   results_before_voting = ?, majority = ?, quorum = ?, kind = ?, min_choices = ?,
		   max_choices = ?, score_max = ?, secret = ?, allow_change = ?, seats = ?
		 WHERE id = ? AND status = 'draft'`
	);
	const setStatus = prepare(
		`UPDATE topics SET status = @status,
		   opened_at = CASE WHEN @status = 'open' THEN @now ELSE opened_at END,
		   closed_at = CASE WHEN @status = 'closed' THEN @now ELSE NULL END,
		   present_at_close = CASE WHEN @status = 'closed' THEN @present ELSE NULL END,
		   closes_at = NULL
		 WHERE id = @id`
	);
	const setClosesAt = prepare('UPDATE topics SET closes_at = ? WHERE id = ?');
	const setHidden = prepare('UPDATE topics SET hide_results = ? WHERE id = ?');
	const deleteDraft = prepare("DELETE FROM topics WHERE id = ? AND status = 'draft'");

	const insertAudit = prepare(
		'INSERT INTO audit_log (topic_id, n, kind, payload, created_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);
	const auditList = prepare<[string], AuditRow>(
		'SELECT topic_id, n, kind, payload, created_at, prev_hash, hash FROM audit_log WHERE topic_id = ? ORDER BY n'
	);
	const auditFirstPage = prepare<[string, number, number], AuditRow>(
		`SELECT topic_id, n, kind, payload, created_at, prev_hash, hash FROM audit_log
		 WHERE topic_id = ? AND n <= ? ORDER BY n LIMIT ?`
	);
	const auditPage = prepare<[string, number, number, number], AuditRow>(
		`SELECT topic_id, n, kind, payload, created_at, prev_hash, hash FROM audit_log
		 WHERE topic_id = ? AND n > ? AND n <= ? ORDER BY n LIMIT ?`
	);
	const closing = prepare<[string], string>(
		"SELECT hash FROM audit_log WHERE topic_id = ? AND kind = 'topic.closed' ORDER BY n DESC LIMIT 1"
	).pluck();
	const latestOf = prepare<[string, string], { kind: AuditKind; payload: string }>(
		`SELECT kind, payload FROM audit_log WHERE topic_id = ? AND kind IN (SELECT value FROM json_each(?))
		 ORDER BY n DESC LIMIT 1`
	);
	const refusedBefore = prepare<[string, string], number>(
		`SELECT 1 FROM audit_log WHERE topic_id = ? AND kind = 'vote.refused'
		 AND json_extract(payload, '$.ballotId') = ? LIMIT 1`
	);

	const insertPaper = prepare(
		`INSERT INTO paper_ballots (id, topic_id, ballots, counts, note, added_by, added_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`
	);
	const paperBatches = prepare<[string], { ballots: number; counts: string; note: string }>(
		'SELECT ballots, counts, note FROM paper_ballots WHERE topic_id = ? ORDER BY added_at, rowid'
	);
	// A topic's voters are in `votes` or, kept apart, in `participations`: never in both.
	const votedEntries = prepare<[string, string], string>(
		`SELECT roll_entry_id FROM votes WHERE topic_id = ? AND roll_entry_id IS NOT NULL
			 UNION ALL
			 SELECT roll_entry_id FROM participations WHERE topic_id = ? AND roll_entry_id IS NOT NULL`
	).pluck();
	const voterNames = prepare<[string, string], { name: string; guest: number }>(
		`SELECT COALESCE(u.display_name, u.username) AS name, u.kind = 'guest' AS guest
		 FROM (SELECT user_id FROM votes WHERE topic_id = ?
		       UNION ALL SELECT user_id FROM participations WHERE topic_id = ?) v
		 JOIN users u ON u.id = v.user_id ORDER BY name, v.user_id`
	);

	const participationByUser = prepare<[string, string], string>(
		'SELECT id FROM participations WHERE topic_id = ? AND user_id = ? AND roll_entry_id IS NULL'
	).pluck();
	const participationsOf = prepare<[string, string], { id: string; user_id: string }>(
		`SELECT id, user_id FROM participations
		 WHERE topic_id = ? AND roll_entry_id IS NULL AND user_id IN (SELECT value FROM json_each(?))`
	);
	const ballotsByTrackers = prepare<[string, string], BallotRow>(
		`SELECT tracker, choice, weight, participation_id FROM ballots
		 WHERE topic_id = ? AND tracker IN (SELECT value FROM json_each(?))`
	);
	const participationByEntry = prepare<[string, string], string>(
		'SELECT id FROM participations WHERE topic_id = ? AND roll_entry_id = ?'
	).pluck();
	const insertParticipation = prepare(
		'INSERT INTO participations (id, topic_id, user_id, roll_entry_id) VALUES (?, ?, ?, ?)'
	);
	const ballotByTracker = prepare<[string, string], BallotRow>(
		'SELECT tracker, choice, weight, participation_id FROM ballots WHERE topic_id = ? AND tracker = ?'
	);
	const linkedBallot = prepare<[string], BallotRow>(
		'SELECT tracker, choice, weight, participation_id FROM ballots WHERE participation_id = ?'
	);
	const insertBallot = prepare(
		`INSERT INTO ballots (tracker, topic_id, option_id, choice, weight, participation_id, published)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`
	);
	const deleteBallot = prepare('DELETE FROM ballots WHERE tracker = ?');
	const unpublished = prepare<[string], BallotRow>(
		`SELECT tracker, choice, weight, participation_id FROM ballots
		 WHERE topic_id = ? AND published = 0 ORDER BY tracker`
	);
	const sealBallots = prepare(
		`UPDATE ballots SET participation_id = NULL, published = 1
		 WHERE topic_id = ? AND (participation_id IS NOT NULL OR published = 0)`
	);
	const moveParticipations = prepare(
		`INSERT INTO participations (id, topic_id, user_id, roll_entry_id, cast_by)
		 SELECT lower(hex(randomblob(12))), topic_id, user_id, roll_entry_id, cast_by FROM votes
		 WHERE topic_id = ?`
	);
	const moveBallots = prepare(
		`INSERT INTO ballots (tracker, topic_id, option_id, choice, weight, participation_id, published)
		 SELECT tracker, topic_id, option_id, choice, weight, NULL, 1 FROM votes WHERE topic_id = ?`
	);
	const deleteVotes = prepare('DELETE FROM votes WHERE topic_id = ?');
	const setApart = prepare('UPDATE topics SET ballots_apart = 1 WHERE id = ?');

	const findVote = prepare<[string, string], VoteRow>(
		'SELECT * FROM votes WHERE topic_id = ? AND user_id = ?'
	);
	const insertVote = prepare(
		'INSERT INTO votes (topic_id, user_id, option_id, choice, ballot_id, tracker, created_at, roll_entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
	);
	const replaceVote = prepare(
		`UPDATE votes SET option_id = ?, choice = ?, ballot_id = ?, tracker = ?, created_at = ?
		 WHERE topic_id = ? AND user_id = ?`
	);
	const choices = prepare<[string, string], string>(
		`SELECT choice FROM (SELECT choice, id, NULL AS tracker FROM votes WHERE topic_id = ?
			   UNION ALL SELECT choice, NULL, tracker FROM ballots WHERE topic_id = ?)
			 ORDER BY id, tracker`
	).pluck();
	const groups = prepare<[string, string], { choice: string; count: number }>(
		`SELECT choice, count(*) AS count FROM votes WHERE topic_id = ? GROUP BY choice
		 UNION ALL SELECT choice, count(*) FROM ballots WHERE topic_id = ? GROUP BY choice`
	);
	// A ballot cast by proxy is named by the member it counts for, with the proxy beside it.
	const named = prepare<
		[string],
		{ user_id: string; name: string; proxy: string | null; choice: string; created_at: number }
	>(
		`SELECT v.user_id, p.name AS proxy, v.choice, v.created_at,
		   CASE WHEN v.cast_by IS NULL THEN COALESCE(u.display_name, u.username) ELSE r.name END AS name
		 FROM votes v JOIN users u ON u.id = v.user_id
		 LEFT JOIN roll_entries r ON r.id = v.roll_entry_id
		 LEFT JOIN roll_entries p ON p.id = v.cast_by
		 WHERE v.topic_id = ? ORDER BY name, v.user_id, r.id`
	);
	const votesOf = prepare<[string, string], VoteRow>(
		'SELECT * FROM votes WHERE topic_id = ? AND user_id IN (SELECT value FROM json_each(?))'
	);
	const guestsOf = prepare<[string], { id: string; guest_meeting_id: string | null }>(
		'SELECT id, guest_meeting_id FROM users WHERE id IN (SELECT value FROM json_each(?))'
	);
	const rolesOf = prepare<[string, string], { user_id: string; role: MemberRole }>(
		`SELECT user_id, role FROM meeting_members
		 WHERE meeting_id = ? AND user_id IN (SELECT value FROM json_each(?))`
	);

	const meeting = prepare<[string], MeetingRow>('SELECT * FROM meetings WHERE id = ?');
	const meetingByCode = prepare<[string], MeetingRow>('SELECT * FROM meetings WHERE code = ?');
	const runBy = prepare<[string, string], MeetingRow>(
		`SELECT * FROM meetings WHERE owner_id = ?
		   OR id IN (SELECT meeting_id FROM meeting_members WHERE user_id = ? AND role = 'cohost')
		 ORDER BY created_at DESC, id`
	);
	const insertMeeting = prepare(
		'INSERT INTO meetings (id, owner_id, title, code, created_at, access, electorate) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);
	const codeTaken = prepare<[string], number>('SELECT 1 FROM meetings WHERE code = ?').pluck();
	const agendaIds = prepare<[string], string>(
		'SELECT id FROM topics WHERE meeting_id = ? ORDER BY agenda_position, created_at'
	).pluck();
	const setPosition = prepare('UPDATE topics SET agenda_position = ? WHERE id = ?');
	const setCurrent = prepare('UPDATE meetings SET current_topic_id = ? WHERE id = ?');
	const setAccess = prepare('UPDATE meetings SET access = ?, electorate = ? WHERE id = ?');
	const setEnded = prepare('UPDATE meetings SET ended_at = ? WHERE id = ? AND ended_at IS NULL');
	const role = prepare<[string, string], MemberRole>(
		'SELECT role FROM meeting_members WHERE meeting_id = ? AND user_id = ?'
	).pluck();
	const memberList = prepare<[string], { user_id: string; name: string; role: MemberRole }>(
		`SELECT m.user_id, COALESCE(u.display_name, u.username) AS name, m.role
		 FROM meeting_members m JOIN users u ON u.id = m.user_id
		 WHERE m.meeting_id = ? ORDER BY m.role, name`
	);
	const accountId = prepare<[string], string>(
		"SELECT id FROM users WHERE username = ? AND kind = 'account'"
	).pluck();
	const upsertMember = prepare(
		`INSERT INTO meeting_members (meeting_id, user_id, role, added_at) VALUES (?, ?, ?, ?)
		 ON CONFLICT (meeting_id, user_id) DO UPDATE SET role = excluded.role`
	);
	const removeMember = prepare('DELETE FROM meeting_members WHERE meeting_id = ? AND user_id = ?');

	const insertUser = prepare(
		'INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (username) DO NOTHING'
	);
	const insertGuest = prepare(
		`INSERT INTO users (id, username, password_hash, created_at, kind, display_name, guest_meeting_id)
		 VALUES (?, ?, '', ?, 'guest', ?, ?)`
	);
	const userById = prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
	const accountByName = prepare<[string], UserRow>(
		"SELECT * FROM users WHERE username = ? AND kind = 'account'"
	);

	const insertSession = prepare(
		'INSERT INTO sessions (id, user_id, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'
	);
	const findSession = prepare<[string], SessionRow>(
		`SELECT s.*, u.username, u.created_at AS user_created_at, u.display_name, u.guest_meeting_id
		 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`
	);
	const setExpiry = prepare('UPDATE sessions SET expires_at = ? WHERE id = ?');
	const deleteSession = prepare('DELETE FROM sessions WHERE id = ?');
	const deleteExpired = prepare('DELETE FROM sessions WHERE expires_at <= ?');

	const documentUpdates = prepare<[string], Buffer>(
		'SELECT data FROM document_updates WHERE name = ? ORDER BY seq'
	).pluck();
	const appendUpdate = prepare('INSERT INTO document_updates (name, data) VALUES (?, ?)');
	const clearDocument = prepare('DELETE FROM document_updates WHERE name = ?');
	const fenceOf = prepare<[string], number>('SELECT token FROM room_fences WHERE room = ?').pluck();
	const raiseFence = prepare(
		'INSERT INTO room_fences (room, token) VALUES (?, ?) ON CONFLICT (room) DO UPDATE SET token = excluded.token'
	);

	return {
		...sqliteRollPort(db),
		...sqliteProxyPort(db),
		...sqliteIdentityPort(db),
		lockTopics() {},
		lockMeeting() {},

		getTopic(id) {
			const row = topic.get(id);
			if (!row) return null;
			const head = lastAudit.get(id);
			return {
				...toTopic(row, options.all(id)),
				...(head ? { audit: { entries: head.n, head: head.hash } } : {})
			};
		},
		topicIdsByOwner: (ownerId) => byOwner.all(ownerId),
		timedTopicIds: () => timed.all(),
		insertTopic({ id, ownerId, input, createdAt, agenda }) {
			insertTopic.run(
				id,
				ownerId,
				createdAt,
				agenda?.meetingId ?? null,
				agenda?.position ?? null,
				...settings(input)
			);
		},
		insertOption({ id, topicId, label, position }) {
			insertOption.run(id, topicId, label, position);
		},
		deleteOptions(topicId) {
			deleteOptions.run(topicId);
		},
		updateDraft(id, input) {
			updateDraft.run(...settings(input), id);
		},
		setStatus(id, status, now, present) {
			setStatus.run({ id, status, now, present });
		},
		setClosesAt(id, closesAt) {
			setClosesAt.run(closesAt, id);
		},
		setResultsHidden(id, hidden) {
			setHidden.run(hidden ? 1 : 0, id);
		},
		deleteDraftTopic(id) {
			deleteOptions.run(id);
			deleteDraft.run(id);
		},

		lastAudit: (topicId) => lastAudit.get(topicId) ?? null,
		insertAudit(entry) {
			insertAudit.run(
				entry.topicId,
				entry.n,
				entry.kind,
				JSON.stringify(entry.payload),
				entry.at,
				entry.prev,
				entry.hash
			);
		},
		auditEntries: (topicId) => auditList.all(topicId).map(toAuditEntry),
		auditPage: (topicId, after, last, limit) =>
			(after === null
				? auditFirstPage.all(topicId, last, limit)
				: auditPage.all(topicId, after, last, limit)
			).map(toAuditEntry),
		lastClosingHash: (topicId) => closing.get(topicId) ?? null,
		latestOf(topicId, kinds) {
			const row = latestOf.get(topicId, JSON.stringify(kinds));
			return row ? { kind: row.kind, payload: JSON.parse(row.payload) } : null;
		},
		refusedBefore: (topicId, ballotId) => refusedBefore.get(topicId, ballotId) !== undefined,

		insertPaper({ id, topicId, batch, addedBy, addedAt }) {
			insertPaper.run(
				id,
				topicId,
				batch.ballots,
				JSON.stringify(batch.counts),
				batch.note,
				addedBy,
				addedAt
			);
		},
		paperBatches: (topicId) =>
			paperBatches.all(topicId).map((row) => ({
				ballots: row.ballots,
				counts: JSON.parse(row.counts) as Record<string, number>,
				note: row.note
			})),
		votedEntryIds: (topicId) => votedEntries.all(topicId, topicId),
		voterNames: (topicId) =>
			voterNames.all(topicId, topicId).map((row) => ({ name: row.name, guest: row.guest === 1 })),

		participation: (topicId, voter) =>
			('entryId' in voter
				? participationByEntry.get(topicId, voter.entryId)
				: participationByUser.get(topicId, voter.userId)) ?? null,
		insertParticipation(p) {
			insertParticipation.run(p.id, p.topicId, p.userId, p.rollEntryId);
		},
		ballotByTracker(topicId, tracker) {
			const row = ballotByTracker.get(topicId, tracker);
			return row ? toBallot(row) : null;
		},
		participationsOf: (topicId, userIds) =>
			participationsOf
				.all(topicId, JSON.stringify(userIds))
				.map((row) => ({ userId: row.user_id, id: row.id })),
		ballotsByTrackers: (topicId, trackers) =>
			ballotsByTrackers.all(topicId, JSON.stringify(trackers)).map(toBallot),
		linkedBallot(participationId) {
			const row = linkedBallot.get(participationId);
			return row ? toBallot(row) : null;
		},
		insertBallot(b) {
			insertBallot.run(
				b.tracker,
				b.topicId,
				b.optionId,
				b.choice,
				b.weight,
				b.participationId,
				b.published ? 1 : 0
			);
		},
		deleteBallot(tracker) {
			deleteBallot.run(tracker);
		},
		unpublishedBallots: (topicId) => unpublished.all(topicId).map(toBallot),
		sealBallots(topicId) {
			sealBallots.run(topicId);
		},
		moveVotesApart(topicId) {
			moveParticipations.run(topicId);
			moveBallots.run(topicId);
			deleteVotes.run(topicId);
		},
		setBallotsApart(topicId) {
			setApart.run(topicId);
		},

		findVote(topicId, userId) {
			const row = findVote.get(topicId, userId);
			return row ? toVote(row) : null;
		},
		insertVote(vote, optionId, choice, rollEntryId) {
			insertVote.run(
				vote.topicId,
				vote.userId,
				optionId,
				choice,
				vote.ballotId,
				vote.tracker,
				vote.createdAt,
				rollEntryId
			);
		},
		replaceVote(vote, optionId, choice) {
			replaceVote.run(
				optionId,
				choice,
				vote.ballotId,
				vote.tracker,
				vote.createdAt,
				vote.topicId,
				vote.userId
			);
		},
		voteChoices: (topicId) =>
			choices.all(topicId, topicId).map((text) => JSON.parse(text) as Choice),
		ballotGroups: (topicId) =>
			groups
				.all(topicId, topicId)
				.map((row) => ({ choice: JSON.parse(row.choice) as Choice, count: row.count })),
		namedVotes: (topicId) =>
			named.all(topicId).map((row) => ({
				userId: row.user_id,
				name: row.name,
				...(row.proxy !== null ? { proxy: row.proxy } : {}),
				choice: JSON.parse(row.choice) as Choice,
				at: row.created_at
			})),
		votesOf: (topicId, userIds) => votesOf.all(topicId, JSON.stringify(userIds)).map(toVote),
		guestMeetingsOf: (userIds) =>
			guestsOf
				.all(JSON.stringify(userIds))
				.map((row) => ({ userId: row.id, meetingId: row.guest_meeting_id })),
		memberRoles: (meetingId, userIds) =>
			rolesOf
				.all(meetingId, JSON.stringify(userIds))
				.map((row) => ({ userId: row.user_id, role: row.role })),

		getMeeting(id) {
			const row = meeting.get(id);
			return row ? toMeeting(row) : null;
		},
		meetingByCode(code) {
			const row = meetingByCode.get(code);
			return row ? toMeeting(row) : null;
		},
		meetingsRunBy: (userId) => runBy.all(userId, userId).map(toMeeting),
		insertMeeting(m) {
			insertMeeting.run(
				m.id,
				m.ownerId,
				m.title,
				m.code,
				m.createdAt,
				m.access === 'roll' ? 'guests' : m.access,
				m.access === 'roll' ? 'roll' : 'open'
			);
		},
		codeTaken: (code) => codeTaken.get(code) !== undefined,
		agendaIds: (meetingId) => agendaIds.all(meetingId),
		setAgendaPosition(topicId, position) {
			setPosition.run(position, topicId);
		},
		setCurrentTopic(meetingId, topicId) {
			setCurrent.run(topicId, meetingId);
		},
		setAccess(meetingId, access) {
			// A roll meeting takes guests (to follow, and to redeem invitations on new devices).
			if (access === 'roll') setAccess.run('guests', 'roll', meetingId);
			else setAccess.run(access, 'open', meetingId);
		},
		setEnded(meetingId, now) {
			setEnded.run(now, meetingId);
		},
		memberRole: (meetingId, userId) => role.get(meetingId, userId) ?? null,
		memberList: (meetingId) =>
			memberList
				.all(meetingId)
				.map((row) => ({ userId: row.user_id, name: row.name, role: row.role })),
		accountIdByName: (username) => accountId.get(username) ?? null,
		upsertMember(meetingId, userId, role, now) {
			upsertMember.run(meetingId, userId, role, now);
		},
		removeMember(meetingId, userId) {
			removeMember.run(meetingId, userId);
		},

		insertUser: (user) =>
			insertUser.run(user.id, user.username, user.passwordHash, user.createdAt).changes === 1,
		insertGuest(guest) {
			insertGuest.run(
				guest.id,
				guest.username,
				guest.createdAt,
				guest.displayName,
				guest.meetingId
			);
		},
		userById(id) {
			const row = userById.get(id);
			return row ? toUser(row) : null;
		},
		accountByName(username) {
			const row = accountByName.get(username);
			return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
		},

		insertSession(session) {
			insertSession.run(
				session.id,
				session.userId,
				Buffer.from(session.secretHash),
				session.createdAt,
				session.expiresAt
			);
		},
		findSession(id) {
			const row = findSession.get(id);
			return row ? toSession(row) : null;
		},
		setSessionExpiry(id, expiresAt) {
			setExpiry.run(expiresAt, id);
		},
		deleteSession(id) {
			deleteSession.run(id);
		},
		deleteExpiredSessions: (now) => deleteExpired.run(now).changes,

		documentUpdates: (name) => documentUpdates.all(name).map((data) => new Uint8Array(data)),
		appendDocumentUpdate(name, update) {
			appendUpdate.run(name, update);
		},
		passFence(room, token) {
			const seen = fenceOf.get(room);
			if (seen !== undefined && seen > token) return false;
			if (seen !== token) raiseFence.run(room, token);
			return true;
		},
		clearDocument(name) {
			clearDocument.run(name);
		}
	};
}
