import { managesTopic } from '../../../core/meeting-rules.ts';
import { pollRules } from '../../../core/poll.ts';
import { decideDraftEdit, transition, type TopicInput } from '../../../core/topic-rules.ts';
import type { MeetingAccess, MemberRole, TopicWithOptions } from '../../../core/types.ts';
import { randomId } from '../../../shared/ids.ts';
import { db, type UseCase } from '../port.ts';
import { rollAtOpening } from './roll.ts';
import type { TopicChange, TopicEdit } from '../store.ts';
import { sealTopic } from './ballots-apart.ts';
import { appendAudit, recordLots } from './audit.ts';

export interface Standing {
	id: string;
	ownerId: string;
	access: MeetingAccess;
	role: MemberRole | null;
}

/** A meeting's host and access, with `userId`'s role in it. */
export function* meetingStanding(meetingId: string, userId: string): UseCase<Standing | null> {
	const meeting = yield* db.getMeeting(meetingId);
	if (!meeting) return null;
	const role = yield* db.memberRole(meetingId, userId);
	return { id: meetingId, ownerId: meeting.ownerId, access: meeting.access, role };
}

/**
 * Inserts a draft topic with its options. Meetings pass their id and the topic's place on the
 * agenda. Returns the new topic's id.
 */
export function* writeTopic(
	ownerId: string,
	input: TopicInput,
	now: number,
	agenda: { meetingId: string; position: number } | null = null
): UseCase<string> {
	const id = randomId(10);
	yield* db.insertTopic({ id, ownerId, input, createdAt: now, agenda });
	for (const [position, label] of input.options.entries()) {
		yield* db.insertOption({ id: randomId(10), topicId: id, label, position });
	}
	return id;
}

const NOT_FOUND = {
	ok: false,
	reason: 'not-found',
	code: 'topic-not-found',
	message: 'No such topic.'
} as const;

/** The topic, locked, with `actorId`'s standing in its meeting; or the refusal. */
function* withStanding(id: string, actorId: string) {
	yield* db.lockTopics([id]);
	const topic = yield* db.getTopic(id);
	if (!topic) return NOT_FOUND;
	const meeting = topic.meetingId ? yield* meetingStanding(topic.meetingId, actorId) : null;
	return { ok: true, topic, meeting } as const;
}

/** The topic, locked, if it exists and `actorId` manages it; otherwise the refusal. */
function* owned(id: string, actorId: string) {
	const found = yield* withStanding(id, actorId);
	if (!found.ok) return found;
	const { topic, meeting } = found;
	if (!managesTopic(topic, actorId, meeting)) {
		return {
			ok: false,
			reason: 'forbidden',
			code: 'topic-managers-only',
			message: 'Only the topic’s owner or the meeting’s hosts can do that.'
		} as const;
	}
	return { ok: true, topic } as const;
}

function* reread(id: string): UseCase<TopicChange> {
	return { ok: true, topic: (yield* db.getTopic(id))! };
}

export function* createTopic(
	ownerId: string,
	input: TopicInput,
	now: number
): UseCase<TopicWithOptions> {
	const id = yield* writeTopic(ownerId, input, now);
	return (yield* db.getTopic(id))!;
}

export function* getTopic(id: string): UseCase<TopicWithOptions | null> {
	return yield* db.getTopic(id);
}

export function* topicsOf(ownerId: string): UseCase<TopicWithOptions[]> {
	const topics: TopicWithOptions[] = [];
	for (const id of yield* db.topicIdsByOwner(ownerId)) topics.push((yield* db.getTopic(id))!);
	return topics;
}

export function* timedTopics(): UseCase<TopicWithOptions[]> {
	const topics: TopicWithOptions[] = [];
	for (const id of yield* db.timedTopicIds()) {
		const topic = yield* db.getTopic(id);
		if (topic) topics.push(topic);
	}
	return topics;
}

/**
 * Opens or closes a topic for those who manage it, with its audit entry. Closing a closed topic
 * changes nothing and writes nothing (`already-closed`), so two timers firing for one topic on two
 * instances close it once.
 */
export function* changeStatus(
	id: string,
	actorId: string,
	action: 'open' | 'close',
	now: number,
	present: number | null
): UseCase<TopicChange> {
	const found = yield* owned(id, actorId);
	if (!found.ok) return found;
	const { topic } = found;
	const next = transition(topic.status, action);
	if (!next.ok) {
		return { ok: false, reason: 'invalid-transition', code: next.code, message: next.reason };
	}
	yield* db.setStatus(id, next.status, now, next.status === 'closed' ? present : null);
	if (action === 'open') {
		// A secret topic keeps who voted apart from what was voted from its first opening on.
		if (topic.secret && !topic.ballotsApart && topic.openedAt === null) {
			yield* db.setBallotsApart(id);
		}
		// A roll meeting's topic keeps the roll it opened with: who is eligible never shifts.
		const roll = yield* rollAtOpening(topic.meetingId, topic);
		if (roll) yield* db.setTopicRoll(id, roll.version, roll.eligible);
		// A weighted topic records the roll's weight; one opened without it counts heads.
		if (roll || topic.eligibleWeight != null) yield* db.setTopicWeight(id, roll?.weight ?? null);
		// The replay of the log counts with the rules and options the topic opened with.
		yield* appendAudit(
			id,
			'topic.opened',
			{
				by: actorId,
				rules: pollRules(topic),
				options: topic.options.map((o) => o.id),
				...(roll ? { roll } : {})
			},
			now
		);
	} else {
		// A secret topic publishes its ballots (tracker order, closing time) and forgets which
		// voter cast which, before the closing entry that seeds its lots.
		yield* sealTopic(topic, now);
		// The closing entry names the head it closes, so the chain states its own length.
		const head = yield* db.lastAudit(id);
		yield* appendAudit(
			id,
			'topic.closed',
			{ by: actorId, entries: head?.n ?? 0, head: head?.hash ?? null },
			now
		);
		// Lots the count draws are seeded by the closing entry, so recorded after it.
		yield* recordLots((yield* db.getTopic(id))!, now);
	}
	return yield* reread(id);
}

/** A draft's new settings; options keep their id where their label stays. */
export function* editDraft(id: string, actorId: string, patch: unknown): UseCase<TopicEdit> {
	const found = yield* withStanding(id, actorId);
	if (!found.ok) return found;
	const { topic, meeting } = found;
	const decision = decideDraftEdit(topic, actorId, meeting, patch);
	if (!decision.ok) return decision;
	const input = decision.value;
	yield* db.updateDraft(id, input);
	const idOf = new Map(topic.options.map((option) => [option.label, option.id]));
	yield* db.deleteOptions(id);
	for (const [position, label] of input.options.entries()) {
		yield* db.insertOption({ id: idOf.get(label) ?? randomId(10), topicId: id, label, position });
	}
	return { ok: true, topic: (yield* db.getTopic(id))! };
}

/** Starts (a time) or stops (null) the countdown of an open topic. */
export function* setTimer(
	id: string,
	actorId: string,
	closesAt: number | null
): UseCase<TopicChange> {
	const found = yield* owned(id, actorId);
	if (!found.ok) return found;
	if (found.topic.status !== 'open') {
		return {
			ok: false,
			reason: 'invalid-transition',
			code: 'timer-needs-open',
			message: 'A timer runs only while voting is open.'
		};
	}
	yield* db.setClosesAt(id, closesAt);
	return yield* reread(id);
}

export function* setResultsHidden(
	id: string,
	actorId: string,
	hidden: boolean
): UseCase<TopicChange> {
	const found = yield* owned(id, actorId);
	if (!found.ok) return found;
	yield* db.setResultsHidden(id, hidden);
	return yield* reread(id);
}
