/**
 * Paper ballots and the list of who has voted. Adding a batch locks the topic, lets
 * `lib/core/paper.ts` decide, and writes the batch with its `paper.added` audit entry in one
 * transaction; a batch added after the close may change the lots the count draws, which are
 * recorded again as for a late ballot.
 */
import { managesTopic } from '../../../core/meeting-rules.ts';
import {
	paperFits,
	paperMessages,
	paperWindow,
	parsePaperBatch,
	type PaperError
} from '../../../core/paper.ts';
import { pollRules } from '../../../core/poll.ts';
import { participantVotedList, rollVotedList, type VotedList } from '../../../core/voted-list.ts';
import type { TopicWithOptions } from '../../../core/types.ts';
import { randomId } from '../../../shared/ids.ts';
import { db, type UseCase } from '../port.ts';
import { appendAudit, countTopic, recordLots } from './audit.ts';
import { meetingStanding } from './topics.ts';

export type PaperChange =
	| { ok: true; topic: TopicWithOptions }
	| {
			ok: false;
			reason: 'not-found' | 'forbidden' | 'invalid-transition' | 'invalid';
			code: PaperError | 'topic-not-found' | 'topic-managers-only';
			message: string;
	  };

/** Where each refusal sits: a batch that does not fit, or a topic that takes none now. */
const WINDOW: ReadonlySet<PaperError> = new Set([
	'paper-topic-not-open',
	'paper-too-late',
	'paper-meeting-ended'
]);

export function* addPaper(
	topicId: string,
	actorId: string,
	raw: unknown,
	now: number
): UseCase<PaperChange> {
	yield* db.lockTopics([topicId]);
	const topic = yield* db.getTopic(topicId);
	if (!topic) {
		return { ok: false, reason: 'not-found', code: 'topic-not-found', message: 'No such topic.' };
	}
	const standing = topic.meetingId ? yield* meetingStanding(topic.meetingId, actorId) : null;
	if (!managesTopic(topic, actorId, standing)) {
		return {
			ok: false,
			reason: 'forbidden',
			code: 'topic-managers-only',
			message: 'Only the topic’s owner or the meeting’s hosts can do that.'
		};
	}
	const meeting = topic.meetingId ? yield* db.getMeeting(topic.meetingId) : null;
	const closed = paperWindow(topic, meeting?.endedAt ?? null, now);
	if (closed) {
		const reason = WINDOW.has(closed) ? 'invalid-transition' : 'invalid';
		return { ok: false, reason, code: closed, message: paperMessages[closed] };
	}
	const check = parsePaperBatch(
		pollRules(topic),
		topic.options.map((option) => option.id),
		raw
	);
	if (!check.ok) return { ok: false, reason: 'invalid', code: check.code, message: check.message };
	// A roll meeting's topic: votes and paper together stay within the roll it opened with.
	if (topic.eligible !== null && topic.eligible !== undefined) {
		const over = paperFits(topic.eligible, (yield* countTopic(topic)).turnout, check.batch.ballots);
		if (over) return { ok: false, reason: 'invalid', code: over, message: paperMessages[over] };
	}
	yield* db.insertPaper({
		id: randomId(12),
		topicId,
		batch: check.batch,
		addedBy: actorId,
		addedAt: now
	});
	yield* appendAudit(topicId, 'paper.added', { by: actorId, ...check.batch }, now);
	// Paper added after the close can change a closed count's lots, as a late ballot can.
	if (topic.status === 'closed') yield* recordLots(topic, now);
	return { ok: true, topic: (yield* db.getTopic(topicId))! };
}

/**
 * Who has voted on the topic (never what): the roll the topic opened with, each member voted or
 * not, in a roll meeting (the roll now while a draft, or for a topic opened before the meeting
 * took a roll); elsewhere who voted. Callers give it only to those who manage the topic.
 */
export function* votedList(topicId: string): UseCase<VotedList | null> {
	const topic = yield* db.getTopic(topicId);
	if (!topic) return null;
	const meeting = topic.meetingId ? yield* db.getMeeting(topic.meetingId) : null;
	const version = topic.rollVersion ?? (meeting?.access === 'roll' ? meeting.rollVersion : null);
	if (meeting && version !== null) {
		return rollVotedList(
			yield* db.rollHistory(meeting.id),
			version,
			yield* db.votedEntryIds(topicId),
			yield* db.proxyCasts(topicId)
		);
	}
	return participantVotedList(yield* db.voterNames(topicId));
}
