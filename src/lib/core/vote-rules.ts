import { parseChoice, pollRules, validChoice } from './poll.ts';
import { onRollAt } from './roll-rules.ts';
import type {
	BallotRequest,
	Decision,
	MeetingAccess,
	RefusalReason,
	TopicWithOptions,
	VoteRecord,
	Voter
} from './types.ts';

const BALLOT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** The keys a ballot request may carry: `ballotId`, one of `choice` or `optionId`, and `castAt`. */
const REQUEST_KEYS = new Set(['ballotId', 'choice', 'optionId', 'castAt']);

/**
 * Reads an untrusted value (from a voter's `plenum/vote` message or a request body) as a ballot request:
 * exactly `{ ballotId, choice, castAt? }` or `{ ballotId, optionId, castAt? }`. Anything else
 * (another key, both `choice` and `optionId`, a `castAt` that is no number) is refused, so the
 * rules below only see well-formed input. An empty choice is well formed; that it names too few
 * options is the poll type's call (`invalid-choice`).
 */
export function parseBallotRequest(value: unknown): BallotRequest | null {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
	if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
		return null;
	}
	const keys = Object.keys(value);
	if (!keys.every((key) => REQUEST_KEYS.has(key))) return null;
	const { ballotId, optionId, choice, castAt } = value as Record<string, unknown>;
	if (typeof ballotId !== 'string' || !BALLOT_ID.test(ballotId)) return null;
	if (castAt !== undefined && (typeof castAt !== 'number' || !Number.isFinite(castAt))) return null;
	if (choice !== undefined) {
		if (optionId !== undefined) return null;
		const parsed = parseChoice(choice, { allowEmpty: true });
		return parsed ? { ballotId, choice: parsed } : null;
	}
	if (typeof optionId !== 'string' || optionId.length === 0 || optionId.length > 64) return null;
	return { ballotId, choice: [optionId] };
}

/** The meeting a topic belongs to, as far as voting is concerned. */
export interface VotingMeeting {
	id: string;
	access: MeetingAccess;
}

/**
 * Whether this voter may vote on the topic at all: observers never do; guests only on the topics
 * of the meeting they joined, and only if that meeting lets guests vote. In a roll meeting only
 * people bound to an entry that was on the roll the topic opened with vote (`not-eligible` for
 * everyone else, the host and door helpers included); how they signed in does not matter.
 */
export function eligibility(
	topic: Pick<TopicWithOptions, 'meetingId'> & { rollVersion?: number | null },
	meeting: VotingMeeting | null,
	voter: Voter
): RefusalReason | null {
	if (voter.role === 'observer') return 'observer';
	if (voter.guestOf !== null && (!meeting || meeting.id !== voter.guestOf)) {
		return 'not-a-participant';
	}
	if (meeting?.access === 'roll') {
		const entry = voter.rollEntry;
		// A topic still a draft has no version yet; it is refused as not open anyway.
		const version = topic.rollVersion ?? Number.MAX_SAFE_INTEGER;
		return entry && onRollAt(entry, version) ? null : 'not-eligible';
	}
	if (voter.guestOf !== null && meeting?.access !== 'guests') return 'guests-not-allowed';
	return null;
}

/**
 * The vote rule. Given the topic as stored and the voter's counted vote (if any), decides whether
 * a new ballot is counted at server time `now`. Re-sending a ballot that was already counted is a
 * duplicate, not a second vote, so clients can retry freely after reconnecting. A ballot arriving
 * after the topic closed counts only within the topic's grace period (ballots cast offline before
 * the close, sent when the voter is back). A second ballot replaces the first only where the
 * owner allowed changing votes; otherwise the first one stands.
 */
export function decideVote(
	topic: TopicWithOptions | null,
	existing: VoteRecord | null,
	request: BallotRequest,
	now: number,
	ineligible: RefusalReason | null = null
): Decision {
	if (existing && existing.ballotId === request.ballotId) {
		return { ok: true, kind: 'duplicate', vote: existing };
	}
	if (!topic) return { ok: false, reason: 'unknown-topic' };
	if (ineligible) return { ok: false, reason: ineligible };
	if (topic.status === 'draft') return { ok: false, reason: 'topic-not-open' };
	const late = topic.status === 'closed';
	if (late && !withinGrace(topic, now)) return { ok: false, reason: 'topic-closed' };
	const optionIds = topic.options.map((option) => option.id);
	const names = Array.isArray(request.choice) ? request.choice : Object.keys(request.choice);
	if (!names.every((id) => optionIds.includes(id))) {
		return { ok: false, reason: 'unknown-option' };
	}
	if (!validChoice(pollRules(topic), optionIds, request.choice)) {
		return { ok: false, reason: 'invalid-choice' };
	}
	if (existing) {
		if (!topic.allowChange) return { ok: false, reason: 'already-voted', vote: existing };
		return { ok: true, kind: 'change', late, previous: existing };
	}
	return { ok: true, kind: 'accept', late };
}

function withinGrace(topic: TopicWithOptions, now: number): boolean {
	return topic.closedAt !== null && now - topic.closedAt <= topic.lateGraceSeconds * 1000;
}

/** Explanations of each refusal, returned by the API (the UI shows its own translations). */
export const refusalMessages: Record<RefusalReason, string> = {
	'not-signed-in': 'Sign in to vote.',
	'unknown-topic': 'This topic does not exist.',
	'topic-not-open': 'Voting has not started yet.',
	'topic-closed': 'Voting on this topic closed before your ballot arrived.',
	'unknown-option': 'That choice is not one of this topic’s options.',
	'invalid-choice': 'That ballot does not fit this topic’s rules.',
	'already-voted': 'You have already voted on this topic; only your first vote counts.',
	observer: 'Observers follow the results but do not vote.',
	'guests-not-allowed': 'This meeting is for signed-in accounts only.',
	'not-a-participant': 'Join the meeting to vote on its topics.',
	'not-eligible':
		'Only the members on this meeting’s roll vote, each with their personal invitation. You can follow the results.',
	delegated: 'You handed your vote to a proxy, who votes for you while the delegation stands.',
	'not-a-proxy': 'That member has not handed their vote to you.',
	'malformed-ballot': 'The ballot could not be read.'
};
