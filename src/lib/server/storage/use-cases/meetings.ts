import { canRemove, moveItem, runsMeeting } from '../../../core/meeting-rules.ts';
import { pollSettings } from '../../../core/poll.ts';
import type { TopicInput } from '../../../core/topic-rules.ts';
import type {
	MeetingAccess,
	MeetingMember,
	MeetingRecord,
	MemberRole,
	TopicWithOptions
} from '../../../core/types.ts';
import { randomCode, randomId } from '../../../shared/ids.ts';
import { db, type UseCase } from '../port.ts';
import type { MeetingChange } from '../store.ts';
import { writeTopic } from './topics.ts';

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

export function* createMeeting(
	ownerId: string,
	title: string,
	now: number
): UseCase<MeetingRecord> {
	let code = randomCode();
	while (yield* db.codeTaken(code)) code = randomCode();
	const meeting: MeetingRecord = {
		id: randomId(10),
		ownerId,
		title,
		code,
		currentTopicId: null,
		createdAt: now,
		access: 'accounts',
		endedAt: null,
		rollVersion: 0,
		presentFrom: 'connections',
		rollGroup: null
	};
	yield* db.insertMeeting(meeting);
	return (yield* db.getMeeting(meeting.id))!;
}

export function* getMeeting(id: string): UseCase<MeetingRecord | null> {
	return yield* db.getMeeting(id);
}

export function* meetingByCode(code: string): UseCase<MeetingRecord | null> {
	return yield* db.meetingByCode(code);
}

export function* meetingsRunBy(userId: string): UseCase<MeetingRecord[]> {
	return yield* db.meetingsRunBy(userId);
}

export function* agenda(meetingId: string): UseCase<TopicWithOptions[]> {
	const topics: TopicWithOptions[] = [];
	for (const id of yield* db.agendaIds(meetingId)) topics.push((yield* db.getTopic(id))!);
	return topics;
}

export function* members(meetingId: string): UseCase<MeetingMember[]> {
	return yield* db.memberList(meetingId);
}

export function* role(meetingId: string, userId: string): UseCase<MemberRole | null> {
	return yield* db.memberRole(meetingId, userId);
}

/**
 * A change to a meeting, after locking it and checking the actor runs it (the host or a co-host;
 * `hostOnly` for what only the host may do). `change` returns a refusal, or nothing when done.
 */
function* hostChange(
	meetingId: string,
	actorId: string,
	change: (meeting: MeetingRecord, ids: string[]) => UseCase<MeetingChange | void>,
	hostOnly = false
): UseCase<MeetingChange> {
	yield* db.lockMeeting(meetingId);
	const meeting = yield* db.getMeeting(meetingId);
	if (!meeting) return NOT_FOUND;
	if (hostOnly && meeting.ownerId !== actorId) return HOST_ONLY;
	const role = yield* db.memberRole(meetingId, actorId);
	if (!runsMeeting(meeting, actorId, role)) return FORBIDDEN;
	const refused = yield* change(meeting, yield* db.agendaIds(meetingId));
	if (refused) return refused;
	return {
		ok: true,
		meeting: (yield* db.getMeeting(meetingId))!,
		agenda: yield* agenda(meetingId)
	};
}

function* renumber(ids: string[]): UseCase<void> {
	for (const [position, id] of ids.entries()) yield* db.setAgendaPosition(id, position);
}

export function* addTopic(
	meetingId: string,
	actorId: string,
	input: TopicInput,
	now: number
): UseCase<MeetingChange> {
	return yield* hostChange(meetingId, actorId, function* (meeting, ids) {
		yield* writeTopic(actorId, input, now, { meetingId: meeting.id, position: ids.length });
	});
}

export function* moveTopic(
	meetingId: string,
	actorId: string,
	topicId: string,
	delta: -1 | 1
): UseCase<MeetingChange> {
	return yield* hostChange(meetingId, actorId, function* (_, ids) {
		yield* renumber(moveItem(ids, topicId, delta));
	});
}

export function* duplicateTopic(
	meetingId: string,
	actorId: string,
	topicId: string,
	now: number
): UseCase<MeetingChange> {
	return yield* hostChange(meetingId, actorId, function* (meeting, ids) {
		const topic = yield* db.getTopic(topicId);
		if (!topic || topic.meetingId !== meeting.id) return NOT_FOUND;
		const copy = yield* writeTopic(
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
		yield* renumber(order);
	});
}

/** Removes a topic that was never opened. */
export function* removeTopic(
	meetingId: string,
	actorId: string,
	topicId: string
): UseCase<MeetingChange> {
	return yield* hostChange(meetingId, actorId, function* (meeting, ids) {
		yield* db.lockTopics([topicId]);
		const topic = yield* db.getTopic(topicId);
		if (!topic || topic.meetingId !== meeting.id) return NOT_FOUND;
		if (!canRemove(topic)) {
			return {
				ok: false,
				reason: 'invalid',
				code: 'topic-not-removable',
				message: 'Only topics that were never opened can be removed.'
			};
		}
		if (meeting.currentTopicId === topicId) yield* db.setCurrentTopic(meeting.id, null);
		yield* db.deleteDraftTopic(topicId);
		yield* renumber(ids.filter((id) => id !== topicId));
	});
}

export function* setCurrent(
	meetingId: string,
	actorId: string,
	topicId: string | null
): UseCase<MeetingChange> {
	return yield* hostChange(meetingId, actorId, function* (meeting, ids) {
		if (topicId !== null && !ids.includes(topicId)) {
			return {
				ok: false,
				reason: 'invalid',
				code: 'topic-not-on-agenda',
				message: 'That topic is not on this agenda.'
			};
		}
		yield* db.setCurrentTopic(meeting.id, topicId);
	});
}

export function* setAccess(
	meetingId: string,
	actorId: string,
	access: MeetingAccess
): UseCase<MeetingChange> {
	return yield* hostChange(
		meetingId,
		actorId,
		function* (meeting) {
			yield* db.setAccess(meeting.id, access);
		},
		true
	);
}

/** Ends the meeting; ending twice keeps the first time. */
export function* endMeeting(
	meetingId: string,
	actorId: string,
	now: number
): UseCase<MeetingChange> {
	return yield* hostChange(
		meetingId,
		actorId,
		function* (meeting) {
			yield* db.setEnded(meeting.id, now);
		},
		true
	);
}

export function* setMember(
	meetingId: string,
	actorId: string,
	username: string,
	role: MemberRole | null,
	now: number
): UseCase<MeetingChange> {
	return yield* hostChange(
		meetingId,
		actorId,
		function* (meeting) {
			const userId = yield* db.accountIdByName(username);
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
			if (role) yield* db.upsertMember(meeting.id, userId, role, now);
			else yield* db.removeMember(meeting.id, userId);
		},
		true
	);
}
