import { canRemove, moveItem, runsMeeting } from '../../../core/meeting-rules.ts';
import { pollSettings } from '../../../core/poll.ts';
import type { TopicInput } from '../../../core/topic-rules.ts';
import type { MeetingAccess, MeetingRecord, MemberRole } from '../../../core/types.ts';
import { memberReader } from './members.ts';
import { randomCode, randomId } from '../../../shared/ids.ts';
import type { MeetingChange, MeetingStore } from '../store.ts';
import type { Db } from './db.ts';
import { topicReader, topicWriter } from './topics.ts';

interface MeetingRow {
	id: string;
	owner_id: string;
	title: string;
	code: string;
	current_topic_id: string | null;
	created_at: number;
	access: MeetingAccess;
	ended_at: number | null;
}

const toMeeting = (row: MeetingRow): MeetingRecord => ({
	id: row.id,
	ownerId: row.owner_id,
	title: row.title,
	code: row.code,
	currentTopicId: row.current_topic_id,
	createdAt: row.created_at,
	access: row.access,
	endedAt: row.ended_at ?? null
});

const NOT_FOUND = {
	ok: false,
	reason: 'not-found',
	code: 'meeting-not-found',
	message: 'No such meeting.'
} as const;
const FORBIDDEN = {
	ok: false,
	reason: 'forbidden',
	code: 'hosts-only',
	message: 'Only the meeting’s hosts can do that.'
} as const;
const HOST_ONLY = {
	ok: false,
	reason: 'forbidden',
	code: 'host-only',
	message: 'Only the meeting’s host can do that.'
} as const;

export function sqliteMeetings(db: Db): MeetingStore {
	const readTopic = topicReader(db);
	const writeTopic = topicWriter(db);
	const byId = db.prepare<[string], MeetingRow>('SELECT * FROM meetings WHERE id = ?');
	const byCode = db.prepare<[string], MeetingRow>('SELECT * FROM meetings WHERE code = ?');
	const byOwner = db.prepare<[string, string], MeetingRow>(
		`SELECT * FROM meetings WHERE owner_id = ?
		   OR id IN (SELECT meeting_id FROM meeting_members WHERE user_id = ? AND role = 'cohost')
		 ORDER BY created_at DESC, id`
	);
	const insert = db.prepare(
		'INSERT INTO meetings (id, owner_id, title, code, created_at) VALUES (?, ?, ?, ?, ?)'
	);
	const agendaIds = db
		.prepare<[string], string>(
			'SELECT id FROM topics WHERE meeting_id = ? ORDER BY agenda_position, created_at'
		)
		.pluck();
	const setPosition = db.prepare('UPDATE topics SET agenda_position = ? WHERE id = ?');
	const setCurrent = db.prepare('UPDATE meetings SET current_topic_id = ? WHERE id = ?');
	const removeOptions = db.prepare('DELETE FROM options WHERE topic_id = ?');
	const removeTopic = db.prepare("DELETE FROM topics WHERE id = ? AND status = 'draft'");
	const codeTaken = db.prepare<[string], number>('SELECT 1 FROM meetings WHERE code = ?').pluck();

	const members = memberReader(db);
	const setAccess = db.prepare('UPDATE meetings SET access = ? WHERE id = ?');
	const setEnded = db.prepare('UPDATE meetings SET ended_at = ? WHERE id = ? AND ended_at IS NULL');
	const memberList = db.prepare<[string], { user_id: string; name: string; role: MemberRole }>(
		`SELECT m.user_id, COALESCE(u.display_name, u.username) AS name, m.role
		 FROM meeting_members m JOIN users u ON u.id = m.user_id
		 WHERE m.meeting_id = ? ORDER BY m.role, name`
	);
	const accountByName = db
		.prepare<[string], string>("SELECT id FROM users WHERE username = ? AND kind = 'account'")
		.pluck();
	const upsertMember = db.prepare(
		`INSERT INTO meeting_members (meeting_id, user_id, role, added_at) VALUES (?, ?, ?, ?)
		 ON CONFLICT (meeting_id, user_id) DO UPDATE SET role = excluded.role`
	);
	const removeMember = db.prepare(
		'DELETE FROM meeting_members WHERE meeting_id = ? AND user_id = ?'
	);

	const agenda = (meetingId: string) => agendaIds.all(meetingId).map((id) => readTopic(id)!);

	/**
	 * Runs a change to a meeting inside one transaction, after checking the actor runs it (the
	 * host or a co-host; `hostOnly` for what only the host may do).
	 */
	function hostChange(
		fn: (meeting: MeetingRecord, ids: string[]) => MeetingChange | void,
		hostOnly = false
	) {
		return db.transaction((meetingId: string, actorId: string): MeetingChange => {
			const row = byId.get(meetingId);
			if (!row) return NOT_FOUND;
			if (hostOnly && row.owner_id !== actorId) return HOST_ONLY;
			const role = members.role(meetingId, actorId);
			if (!runsMeeting({ ownerId: row.owner_id }, actorId, role)) return FORBIDDEN;
			const result = fn(toMeeting(row), agendaIds.all(meetingId));
			if (result) return result;
			return { ok: true, meeting: toMeeting(byId.get(meetingId)!), agenda: agenda(meetingId) };
		});
	}

	const renumber = (ids: string[]) => ids.forEach((id, position) => setPosition.run(position, id));

	return {
		async create(ownerId, title, now) {
			const id = randomId(10);
			let code = randomCode();
			while (codeTaken.get(code)) code = randomCode();
			insert.run(id, ownerId, title, code, now);
			return toMeeting(byId.get(id)!);
		},
		async get(id) {
			const row = byId.get(id);
			return row ? toMeeting(row) : null;
		},
		async getByCode(code) {
			const row = byCode.get(code);
			return row ? toMeeting(row) : null;
		},
		async listByOwner(ownerId) {
			return byOwner.all(ownerId, ownerId).map(toMeeting);
		},
		async agenda(meetingId) {
			return agenda(meetingId);
		},
		async addTopic(meetingId, actorId, input: TopicInput, now) {
			return hostChange((meeting, ids) => {
				writeTopic(actorId, input, now, { meetingId: meeting.id, position: ids.length });
			}).immediate(meetingId, actorId);
		},
		async moveTopic(meetingId, actorId, topicId, delta) {
			return hostChange((_, ids) => renumber(moveItem(ids, topicId, delta))).immediate(
				meetingId,
				actorId
			);
		},
		async duplicateTopic(meetingId, actorId, topicId, now) {
			return hostChange((meeting, ids) => {
				const topic = readTopic(topicId);
				if (!topic || topic.meetingId !== meeting.id) return NOT_FOUND;
				const copy = writeTopic(
					actorId,
					{
						title: topic.title,
						description: topic.description,
						options: topic.options.map((option) => option.label),
						lateGraceSeconds: topic.lateGraceSeconds,
						hideResults: topic.hideResults,
						resultsBeforeVoting: topic.resultsBeforeVoting,
						majority: topic.majority,
						quorum: topic.quorum,
						...pollSettings(topic)
					},
					now,
					{ meetingId: meeting.id, position: ids.length }
				);
				const order = [...ids];
				order.splice(ids.indexOf(topicId) + 1, 0, copy);
				renumber(order);
			}).immediate(meetingId, actorId);
		},
		async removeTopic(meetingId, actorId, topicId) {
			return hostChange((meeting, ids) => {
				const topic = readTopic(topicId);
				if (!topic || topic.meetingId !== meeting.id) return NOT_FOUND;
				if (!canRemove(topic)) {
					return {
						ok: false,
						reason: 'invalid',
						code: 'topic-not-removable',
						message: 'Only topics that were never opened can be removed.'
					};
				}
				if (meeting.currentTopicId === topicId) setCurrent.run(null, meeting.id);
				removeOptions.run(topicId);
				removeTopic.run(topicId);
				renumber(ids.filter((id) => id !== topicId));
			}).immediate(meetingId, actorId);
		},
		async setCurrent(meetingId, actorId, topicId) {
			return hostChange((meeting, ids) => {
				if (topicId !== null && !ids.includes(topicId)) {
					return {
						ok: false,
						reason: 'invalid',
						code: 'topic-not-on-agenda',
						message: 'That topic is not on this agenda.'
					};
				}
				setCurrent.run(topicId, meeting.id);
			}).immediate(meetingId, actorId);
		},
		async setAccess(meetingId, actorId, access) {
			return hostChange((meeting) => {
				setAccess.run(access, meeting.id);
			}, true).immediate(meetingId, actorId);
		},
		async end(meetingId, actorId, now) {
			return hostChange((meeting) => {
				setEnded.run(now, meeting.id);
			}, true).immediate(meetingId, actorId);
		},
		async members(meetingId) {
			return memberList
				.all(meetingId)
				.map((row) => ({ userId: row.user_id, name: row.name, role: row.role }));
		},
		async role(meetingId, userId) {
			return members.role(meetingId, userId);
		},
		async setMember(meetingId, actorId, username, role, now) {
			return hostChange((meeting) => {
				const userId = accountByName.get(username);
				if (!userId) {
					return {
						ok: false,
						reason: 'invalid',
						code: 'account-unknown',
						message: 'No account has that username.'
					};
				}
				if (userId === meeting.ownerId) {
					return {
						ok: false,
						reason: 'invalid',
						code: 'host-already-runs',
						message: 'The host already runs the meeting.'
					};
				}
				if (role) upsertMember.run(meeting.id, userId, role, now);
				else removeMember.run(meeting.id, userId);
			}, true).immediate(meetingId, actorId);
		}
	};
}
