import type {
	BallotRequest,
	Decision,
	RefusalReason,
	TopicWithOptions,
	VoteRecord
} from './types.ts';

const BALLOT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Reads an untrusted value (from a voter's Yjs document or a request body) as a ballot request.
 * Anything but two short id strings is refused, so the rules below only see well-formed input.
 */
export function parseBallotRequest(value: unknown): BallotRequest | null {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
	const { ballotId, optionId } = value as Record<string, unknown>;
	if (typeof ballotId !== 'string' || !BALLOT_ID.test(ballotId)) return null;
	if (typeof optionId !== 'string' || optionId.length === 0 || optionId.length > 64) return null;
	return { ballotId, optionId };
}

/**
 * The single-choice vote rule. Given the topic as stored and the voter's existing vote (if any),
 * decides whether a new ballot is counted at server time `now`. Re-sending a ballot that was
 * already counted is a duplicate, not a second vote, so clients can retry freely after
 * reconnecting. A ballot arriving after the topic closed counts only within the topic's grace
 * period (ballots cast offline before the close, sent when the voter is back).
 */
export function decideVote(
	topic: TopicWithOptions | null,
	existing: VoteRecord | null,
	request: BallotRequest,
	now: number
): Decision {
	if (existing && existing.ballotId === request.ballotId) {
		return { ok: true, kind: 'duplicate', vote: existing };
	}
	if (!topic) return { ok: false, reason: 'unknown-topic' };
	if (topic.status === 'draft') return { ok: false, reason: 'topic-not-open' };
	const late = topic.status === 'closed';
	if (late && !withinGrace(topic, now)) return { ok: false, reason: 'topic-closed' };
	if (!topic.options.some((option) => option.id === request.optionId)) {
		return { ok: false, reason: 'unknown-option' };
	}
	if (existing) return { ok: false, reason: 'already-voted', vote: existing };
	return { ok: true, kind: 'accept', late };
}

function withinGrace(topic: TopicWithOptions, now: number): boolean {
	return topic.closedAt !== null && now - topic.closedAt <= topic.lateGraceSeconds * 1000;
}

/** Human-readable explanations of each refusal, shown to the voter and returned by the API. */
export const refusalMessages: Record<RefusalReason, string> = {
	'not-signed-in': 'Sign in to vote.',
	'unknown-topic': 'This topic does not exist.',
	'topic-not-open': 'Voting has not started yet.',
	'topic-closed': 'Voting on this topic closed before your ballot arrived.',
	'unknown-option': 'That choice is not one of this topic’s options.',
	'already-voted': 'You have already voted on this topic; only your first vote counts.',
	'malformed-ballot': 'The ballot could not be read.'
};
