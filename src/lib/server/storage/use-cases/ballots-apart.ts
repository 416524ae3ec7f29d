/**
 * Votes on secret topics, kept apart: who voted (`participations`) and what was voted (`ballots`,
 * with the tracker) are separate rows that nothing stored pairs up once the vote can no longer
 * change. The link (`ballots.participation_id`) is written only while the topic is open and lets
 * votes change, and the closing transaction clears it (`sealTopic`). A ballot's tracker is
 * derived from the topic and the ballot id the voter's device made (`lib/core/trackers.ts`), and
 * the server keeps no ballot id: the device that cast a ballot can have its receipt again by
 * sending it again, and nobody else can find it. What an operator can still learn is stated in
 * `docs/SECURITY.md`.
 */
import { canonicalJson, type AuditKind } from '../../../core/audit-chain.ts';
import type { Choice } from '../../../core/poll.ts';
import { ballotTracker } from '../../../core/trackers.ts';
import type { TopicWithOptions, VoteRecord } from '../../../core/types.ts';
import { formatWeight } from '../../../core/weights.ts';
import { randomId } from '../../../shared/ids.ts';
import { db, just, together, type ApartBallot, type UseCase } from '../port.ts';
import { appendAudit, type AuditHead } from './audit.ts';

/** The voter's counted vote on a secret topic as the vote rules see it, and how it is held. */
export interface ApartVote {
	participationId: string;
	/** The vote: complete when the request's ballot id leads to it or it is linked, else sealed. */
	vote: VoteRecord;
	/** The ballot linked to the participation (open topic that lets votes change). */
	linked: ApartBallot | null;
}

const record = (
	topicId: string,
	userId: string,
	ballot: ApartBallot,
	ballotId: string,
	now: number
): VoteRecord => ({
	topicId,
	userId,
	choice: ballot.choice,
	ballotId,
	tracker: ballot.tracker,
	createdAt: now
});

/**
 * What a vote batch read at once of a secret topic: the participations of its voters outside a
 * roll by user (null: none) and the ballots its requests' ids name by tracker (null: none). The
 * batch drops an entry once it writes what the entry stands for (`forgetApart`), so a later ballot
 * of the same voter or id in the batch reads it again.
 */
export interface ApartReads {
	participations: Map<string, string | null>;
	ballots: Map<string, ApartBallot | null>;
}

/** Reads a batch's voters and ballot ids of one secret topic at once (one round trip). */
export function* readApart(
	topicId: string,
	userIds: string[],
	ballotIds: string[]
): UseCase<ApartReads> {
	const trackers = ballotIds.map((ballotId) => ballotTracker(topicId, ballotId));
	const [participations, ballots] = yield* together(
		db.participationsOf(topicId, userIds),
		db.ballotsByTrackers(topicId, trackers)
	);
	const reads: ApartReads = {
		participations: new Map(userIds.map((userId) => [userId, null])),
		ballots: new Map(trackers.map((tracker) => [tracker, null]))
	};
	for (const { userId, id } of participations) reads.participations.set(userId, id);
	for (const ballot of ballots) reads.ballots.set(ballot.tracker, ballot);
	return reads;
}

/** After the batch stored a voter's ballot: what it read of them and of these trackers is stale. */
export function forgetApart(reads: ApartReads | undefined, userId: string, trackers: string[]) {
	reads?.participations.delete(userId);
	for (const tracker of trackers) reads?.ballots.delete(tracker);
}

function participationOf(
	topicId: string,
	voter: { userId: string; entryId: string | null },
	reads: ApartReads | undefined
): UseCase<string | null> {
	if (voter.entryId) return db.participation(topicId, { entryId: voter.entryId });
	const known = reads?.participations.get(voter.userId);
	return known !== undefined ? just(known) : db.participation(topicId, { userId: voter.userId });
}

function ballotOf(
	topicId: string,
	tracker: string,
	reads: ApartReads | undefined
): UseCase<ApartBallot | null> {
	const known = reads?.ballots.get(tracker);
	return known !== undefined ? just(known) : db.ballotByTracker(topicId, tracker);
}

/**
 * Finds the voter's vote on a secret topic: by the tracker the request's ballot id gives (the
 * same ballot sent again), else through the link (a changeable vote), else a sealed vote the
 * server cannot name. `ballotId` is null when there is no request (a device asking what counts).
 */
export function* findApartVote(
	topic: TopicWithOptions,
	voter: { userId: string; entryId: string | null },
	ballotId: string | null,
	now: number,
	reads?: ApartReads
): UseCase<ApartVote | null> {
	// The participation and the ballot the id names are read together (one round trip), or were
	// read with the batch.
	const [participationId, own] = yield* together(
		participationOf(topic.id, voter, reads),
		ballotId ? ballotOf(topic.id, ballotTracker(topic.id, ballotId), reads) : just(null)
	);
	if (!participationId) return null;
	const linked = yield* db.linkedBallot(participationId);
	// Another participation's linked ballot is not this voter's, whatever id names it.
	if (
		ballotId &&
		own &&
		(own.participationId === null || own.participationId === participationId)
	) {
		return {
			participationId,
			vote: record(topic.id, voter.userId, own, ballotId, now),
			linked
		};
	}
	if (linked) {
		// The ballot id of a linked ballot is not stored: a request naming another id changes it,
		// and the receipt stays the one the device holds.
		const vote = { ...record(topic.id, voter.userId, linked, '', now), sealed: true as const };
		return { participationId, vote, linked };
	}
	const sealed: VoteRecord = {
		topicId: topic.id,
		userId: voter.userId,
		choice: [],
		ballotId: '',
		tracker: '',
		createdAt: now,
		sealed: true
	};
	return { participationId, vote: sealed, linked: null };
}

/** Whether a new ballot with this id would take a tracker another ballot of the topic holds. */
export function* trackerTaken(
	topicId: string,
	ballotId: string,
	reads?: ApartReads
): UseCase<boolean> {
	return (yield* ballotOf(topicId, ballotTracker(topicId, ballotId), reads)) !== null;
}

/**
 * Stores an accepted or changed vote of a secret topic with its `ballot.cast` entry (no voter,
 * tracker or choice in it). The ballot is linked to its participation only while the topic is
 * open and lets votes change; a late ballot (topic closed) is published at once.
 */
export function* storeApart(args: {
	topic: TopicWithOptions;
	userId: string;
	entryId: string | null;
	ballotId: string;
	choice: Choice;
	optionId: string | null;
	weight: number | null;
	/** The voter's vote so far (a change), else null. */
	previous: ApartVote | null;
	late: boolean;
	now: number;
	/** Appends to the topic's chain (the batch's, which knows its head). */
	append: (kind: AuditKind, payload: Record<string, unknown>) => UseCase<void>;
}): UseCase<VoteRecord> {
	const { topic, now } = args;
	const tracker = ballotTracker(topic.id, args.ballotId);
	let participationId = args.previous?.participationId ?? null;
	if (!participationId) {
		participationId = randomId(16);
		yield* db.insertParticipation({
			id: participationId,
			topicId: topic.id,
			userId: args.userId,
			rollEntryId: args.entryId
		});
	}
	if (args.previous?.linked) yield* db.deleteBallot(args.previous.linked.tracker);
	const linkable = topic.allowChange && topic.status === 'open';
	yield* db.insertBallot({
		tracker,
		topicId: topic.id,
		optionId: args.optionId,
		choice: canonicalJson(args.choice),
		weight: args.weight,
		participationId: linkable ? participationId : null,
		published: args.late
	});
	const late = args.late ? { late: true } : {};
	yield* args.append('ballot.cast', args.previous ? { change: true, ...late } : late);
	if (args.late) {
		yield* args.append(
			'ballot.published',
			publishedPayload({ tracker, choice: args.choice, weight: args.weight }, late)
		);
	}
	return {
		topicId: topic.id,
		userId: args.userId,
		choice: args.choice,
		ballotId: args.ballotId,
		tracker,
		createdAt: now
	};
}

const publishedPayload = (
	ballot: { tracker: string; choice: Choice; weight: number | null },
	extra: Record<string, unknown> = {}
) => ({
	tracker: ballot.tracker,
	choice: ballot.choice,
	...(ballot.weight !== null ? { weight: formatWeight(ballot.weight) } : {}),
	...extra
});

/**
 * In the closing transaction of a secret topic: publishes every ballot counted since the last
 * close (`ballot.published`, in tracker order, all at the closing time) and clears every link.
 * A secret topic that opened before votes were kept apart moves its votes apart now (its log
 * named them as they came).
 */
export function* sealTopic(topic: TopicWithOptions, now: number): UseCase<void> {
	if (!topic.secret) return;
	if (!topic.ballotsApart) {
		yield* db.moveVotesApart(topic.id);
		yield* db.setBallotsApart(topic.id);
		return;
	}
	// Each entry links to the one appended just before it: the head is read once.
	let head: AuditHead | undefined;
	for (const ballot of yield* db.unpublishedBallots(topic.id)) {
		const entry = yield* appendAudit(
			topic.id,
			'ballot.published',
			publishedPayload(ballot),
			now,
			head
		);
		head = { n: entry.n, hash: entry.hash };
	}
	yield* db.sealBallots(topic.id);
}
