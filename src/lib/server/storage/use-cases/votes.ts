import type { AuditEntry, AuditKind } from '../../../core/audit-chain.ts';
import { canonicalJson } from '../../../core/audit-chain.ts';
import type { Choice } from '../../../core/poll.ts';
import type {
	MeetingAccess,
	MeetingRecord,
	MemberRole,
	RefusalReason,
	Results,
	TopicWithOptions,
	Voter,
	VoteRecord
} from '../../../core/types.ts';
import { ownBallot, proxyBallot } from '../../../core/proxy-rules.ts';
import { decideVote, eligibility } from '../../../core/vote-rules.ts';
import { formatWeight } from '../../../core/weights.ts';
import { randomTracker } from '../../../shared/ids.ts';
import { db, just, together, type BoundEntry, type UseCase } from '../port.ts';
import type { BallotInput, CastOutcome, NamedVote, TallySource, VoteAsk } from '../store.ts';
import { appendAudit, countTopic, recordLots, type AuditHead } from './audit.ts';
import {
	findApartVote,
	forgetApart,
	readApart,
	storeApart,
	trackerTaken,
	type ApartReads
} from './ballots-apart.ts';
import { appendRollAudit, electorateOf } from './roll.ts';

/** The option of a one-option ballot, kept in its own column under the options foreign key. */
const singleOption = (choice: Choice) =>
	Array.isArray(choice) && choice.length === 1 ? choice[0] : null;

/** What a batch reads once, before deciding its ballots: topics, votes, voters, meetings. */
interface Batch {
	topics: Map<string, TopicWithOptions | null>;
	/** Counted votes by `topic\0user` (kept current as the batch writes). */
	votes: Map<string, VoteRecord>;
	/** The meeting each guest belongs to. */
	guests: Map<string, string>;
	meetings: Map<string, { id: string; ownerId: string; access: MeetingAccess } | null>;
	/** Roles by `meeting\0user`. */
	roles: Map<string, MemberRole>;
	/**
	 * Each topic's audit head, read with the topic, then the entry the batch appended last: a
	 * batch of 500 ballots on one topic links each entry to the one before without a read.
	 */
	heads: Map<string, AuditHead>;
	/** Secret topics' participations and ballots, read for all of the batch's ballots at once. */
	apart: Map<string, ApartReads>;
}

const key = (a: string, b: string) => `${a}\0${b}`;

/**
 * Reads what the batch's ballots need in a few queries instead of several per ballot, asked
 * together: the topics with their voters' votes and the voters' guest meetings at once, then the
 * topics' meetings with their voters' roles at once (two round trips on PostgreSQL, whatever the
 * number of topics).
 */
function* readBatch(ballots: BallotInput[]): UseCase<Batch> {
	const batch: Batch = {
		topics: new Map(),
		votes: new Map(),
		guests: new Map(),
		meetings: new Map(),
		roles: new Map(),
		heads: new Map(),
		apart: new Map()
	};
	const voters = [...new Set(ballots.map((ballot) => ballot.userId))];
	const byTopic = new Map<string, Set<string>>();
	const ballotIds = new Map<string, string[]>();
	for (const { topicId, userId, request } of ballots) {
		byTopic.set(topicId, (byTopic.get(topicId) ?? new Set()).add(userId));
		const ids = ballotIds.get(topicId) ?? [];
		ballotIds.set(topicId, ids);
		ids.push(request.ballotId);
	}
	const topicIds = [...byTopic.keys()];
	const [topics, votes, guests] = yield* together(
		together(...topicIds.map((topicId) => db.getTopic(topicId))),
		together(...topicIds.map((topicId) => db.votesOf(topicId, [...byTopic.get(topicId)!]))),
		db.guestMeetingsOf(voters)
	);
	topicIds.forEach((topicId, index) => {
		const topic = topics[index];
		batch.topics.set(topicId, topic);
		// The chain's head came with the topic, read under its lock: no read before the first append.
		if (topic) {
			batch.heads.set(
				topicId,
				topic.audit ? { n: topic.audit.entries, hash: topic.audit.head } : null
			);
		}
	});
	for (const vote of votes.flat()) batch.votes.set(key(vote.topicId, vote.userId), vote);
	for (const { userId, meetingId } of guests) {
		if (meetingId) batch.guests.set(userId, meetingId);
	}
	const meetingIds = [
		...new Set(topics.flatMap((topic) => (topic?.meetingId ? [topic.meetingId] : [])))
	];
	const secret = topicIds.filter((_, index) => topics[index]?.ballotsApart);
	const [meetings, roles, apart] = yield* together(
		together(...meetingIds.map((meetingId) => db.getMeeting(meetingId))),
		together(...meetingIds.map((meetingId) => db.memberRoles(meetingId, voters))),
		together(
			...secret.map((topicId) =>
				readApart(topicId, [...byTopic.get(topicId)!], ballotIds.get(topicId)!)
			)
		)
	);
	secret.forEach((topicId, index) => batch.apart.set(topicId, apart[index]));
	meetingIds.forEach((meetingId, index) => {
		const meeting = meetings[index];
		batch.meetings.set(
			meetingId,
			meeting && { id: meeting.id, ownerId: meeting.ownerId, access: meeting.access }
		);
		for (const { userId, role } of roles[index]) batch.roles.set(key(meetingId, userId), role);
	});
	return batch;
}

/** Appends to the topic's chain, linked to the head the batch knows (read once per topic). */
function* chain(
	batch: Batch,
	topicId: string,
	kind: AuditKind,
	payload: Record<string, unknown>,
	now: number
): UseCase<void> {
	const entry = yield* appendAudit(topicId, kind, payload, now, batch.heads.get(topicId));
	batch.heads.set(topicId, { n: entry.n, hash: entry.hash });
}

function* castOne(
	{ topicId, userId, request, forEntryId }: BallotInput,
	now: number,
	batch: Batch
): UseCase<CastOutcome> {
	// A batch's topics cannot change within its transaction: they are locked.
	const topic = batch.topics.get(topicId) ?? null;
	const found = topic?.meetingId ? batch.meetings.get(topic.meetingId) : null;
	const meeting = found ? { ...found, role: batch.roles.get(key(found.id, userId)) ?? null } : null;
	// In a roll meeting the ballot is the roll entry's, whichever account or device casts it.
	const bound = meeting?.access === 'roll' ? yield* db.binding(meeting.id, userId) : null;
	// A proxy's ballot belongs to the member it is cast for, and counts with their weight.
	const proxy =
		forEntryId !== undefined ? yield* proxyCheck(meeting, bound, forEntryId, topic) : null;
	const rollEntry = proxy ? proxy.entry : bound;
	// A secret topic keeps who voted apart from what was voted (`ballots-apart.ts`); whether the
	// ballot's tracker is taken is read with it.
	const [apart, taken] = topic?.ballotsApart
		? yield* together(
				meeting?.access !== 'roll' || rollEntry
					? findApartVote(
							topic,
							{ userId, entryId: rollEntry?.id ?? null },
							request.ballotId,
							now,
							batch.apart.get(topicId)
						)
					: just(null),
				trackerTaken(topicId, request.ballotId, batch.apart.get(topicId))
			)
		: [null, false];
	const existing = topic?.ballotsApart
		? (apart?.vote ?? null)
		: meeting?.access === 'roll'
			? rollEntry
				? yield* db.findEntryVote(topicId, rollEntry.id)
				: null
			: (batch.votes.get(key(topicId, userId)) ?? null);
	// A proxy sees only the ballot they cast themselves, never the member's own; a member does not
	// see what their proxy chose for them.
	const shown = (vote: VoteRecord | null) =>
		vote && (proxy ? vote.castBy === proxy.caster?.id : !vote.castBy) ? vote : null;
	const voter: Voter = {
		guestOf: batch.guests.get(userId) ?? null,
		role: meeting?.role ?? null,
		rollEntry
	};
	// A proxy's refusal comes first: without a standing delegation the ballot has no member.
	let ineligible = topic ? (proxy?.refusal ?? eligibility(topic, meeting, voter)) : null;
	if (topic && !ineligible && !proxy && bound && meeting) {
		ineligible = ownBallot(yield* db.liveDelegationFrom(meeting.id, bound.id));
	}
	// A vote kept apart changes only through its link: once the link is gone (closed, or never
	// made), the topic takes no change of it.
	const rules = apart && !apart.linked && topic ? { ...topic, allowChange: false } : topic;
	let decision = decideVote(rules, existing, request, now, ineligible);
	if (decision.ok && decision.kind !== 'duplicate' && topic?.ballotsApart) {
		// A ballot id whose tracker another ballot holds (an id sent from two accounts) is not read.
		if (taken) {
			decision = { ok: false, reason: 'malformed-ballot' };
		}
	}
	if (decision.ok && decision.kind === 'duplicate') {
		return { ok: true, vote: decision.vote, duplicate: true };
	}
	if (!decision.ok) {
		const repeated = topic ? yield* db.refusedBefore(topicId, request.ballotId) : false;
		if (topic && !repeated) {
			yield* chain(
				batch,
				topicId,
				'vote.refused',
				{ ballotId: request.ballotId, reason: decision.reason },
				now
			);
		}
		return {
			ok: false,
			reason: decision.reason,
			vote: shown(existing),
			repeated,
			closedAt: topic?.closedAt ?? null
		};
	}
	const castBy = proxy?.caster?.id ?? null;
	// A weighted topic's vote counts with its member's weight, kept on the vote and in the log.
	const weighted = rollEntry && topic?.eligibleWeight != null ? rollEntry : null;
	if (topic?.ballotsApart) {
		const vote = yield* storeApart({
			topic,
			userId,
			entryId: rollEntry?.id ?? null,
			ballotId: request.ballotId,
			choice: request.choice,
			optionId: singleOption(request.choice),
			weight: weighted?.weight ?? null,
			previous: decision.kind === 'change' ? apart : null,
			late: decision.late,
			now,
			append: (kind, payload) => chain(batch, topicId, kind, payload, now)
		});
		forgetApart(batch.apart.get(topicId), userId, [
			vote.tracker,
			...(apart?.linked ? [apart.linked.tracker] : [])
		]);
		if (rollEntry && (castBy || decision.kind === 'change')) {
			yield* db.setCastBy(topicId, rollEntry.id, castBy);
		}
		if (castBy && rollEntry && meeting) {
			yield* recordProxyCast(meeting.id, topicId, rollEntry.id, castBy, decision.kind, now);
		}
		if (decision.late) {
			yield* recordLots(topic, now);
			batch.heads.delete(topicId); // it may have appended an entry of its own
		}
		return { ok: true, vote: castBy ? { ...vote, castBy } : vote, duplicate: false };
	}
	const vote: VoteRecord = {
		topicId,
		userId,
		choice: request.choice,
		ballotId: request.ballotId,
		tracker: randomTracker(),
		createdAt: now,
		...(castBy ? { castBy } : {})
	};
	const stored = canonicalJson(vote.choice);
	const late = decision.late ? { late: true } : {};
	const weight = weighted ? { weight: formatWeight(weighted.weight) } : {};
	if (decision.kind === 'change') {
		if (rollEntry) {
			yield* db.replaceEntryVote(vote, singleOption(vote.choice), stored, rollEntry.id);
			if (weighted) yield* db.setVoteWeight(topicId, weighted.id, weighted.weight);
			if (castBy || decision.previous.castBy) yield* db.setCastBy(topicId, rollEntry.id, castBy);
		} else {
			yield* db.replaceVote(vote, singleOption(vote.choice), stored);
		}
		const replaces = decision.previous.tracker;
		yield* chain(
			batch,
			topicId,
			'vote.changed',
			{ tracker: vote.tracker, replaces, choice: vote.choice, ...weight, ...late },
			now
		);
	} else {
		yield* db.insertVote(vote, singleOption(vote.choice), stored, rollEntry?.id ?? null);
		if (weighted) yield* db.setVoteWeight(topicId, weighted.id, weighted.weight);
		if (castBy && rollEntry) yield* db.setCastBy(topicId, rollEntry.id, castBy);
		yield* chain(
			batch,
			topicId,
			'vote.accepted',
			{ tracker: vote.tracker, choice: vote.choice, ...weight, ...late },
			now
		);
	}
	if (castBy && rollEntry && meeting) {
		yield* recordProxyCast(meeting.id, topicId, rollEntry.id, castBy, decision.kind, now);
	}
	batch.votes.set(key(topicId, userId), vote);
	// A late ballot can change the count of a closed topic, and with it the lots it draws.
	if (decision.late && topic) {
		yield* recordLots(topic, now);
		batch.heads.delete(topicId); // it may have appended an entry of its own
	}
	return { ok: true, vote, duplicate: false };
}

/**
 * Who cast for whom goes to the meeting's roll chain, without tracker or choice, so that on a
 * secret topic it names no choice (the topic's chain names no voter).
 */
function* recordProxyCast(
	meetingId: string,
	topicId: string,
	entryId: string,
	proxy: string,
	kind: 'accept' | 'change',
	now: number
): UseCase<void> {
	const change = kind === 'change' ? { change: true } : {};
	yield* appendRollAudit(
		meetingId,
		'proxy.cast',
		{ topic: topicId, for: entryId, proxy, ...change },
		now
	);
}

/**
 * A proxy's ballot: the member it is cast for (`entry`, any entry of the meeting, as the weight
 * and the roll version need it), the caster's own entry, and why it is refused (null: the
 * delegation stands, so it is decided as the member's ballot). Outside roll meetings nobody
 * carries anyone.
 */
function* proxyCheck(
	meeting: { id: string; access: string } | null,
	caster: BoundEntry | null,
	forEntryId: string,
	topic: TopicWithOptions | null
): UseCase<{ entry: BoundEntry | null; caster: BoundEntry | null; refusal: RefusalReason | null }> {
	if (meeting?.access !== 'roll') return { entry: null, caster, refusal: 'not-a-proxy' };
	const entry = yield* db.entryForVote(meeting.id, forEntryId);
	const delegation = entry ? yield* db.liveDelegationFrom(meeting.id, entry.id) : null;
	const refusal = proxyBallot(caster, entry, delegation, topic?.rollVersion);
	// A refused proxy ballot reads no vote of the member's: it has no entry to find one by.
	return { entry: refusal ? null : entry, caster, refusal };
}

/**
 * Decides each ballot in order, in one transaction: the batch's topics are locked first (in one
 * order, so two batches never wait on each other in a circle), what the rules need is read once,
 * then every vote row is written with its audit entry.
 */
export function* castMany(ballots: BallotInput[], now: number): UseCase<CastOutcome[]> {
	yield* db.lockTopics([...new Set(ballots.map((ballot) => ballot.topicId))].sort());
	const batch = yield* readBatch(ballots);
	// Proxy ballots extend their meeting's roll chain: its writers queue on the meeting's lock,
	// taken after the topics' (the order a topic's opening takes them in too).
	const proxyMeetings = new Set<string>();
	for (const ballot of ballots) {
		const meetingId = batch.topics.get(ballot.topicId)?.meetingId;
		if (ballot.forEntryId !== undefined && meetingId) proxyMeetings.add(meetingId);
	}
	for (const meetingId of [...proxyMeetings].sort()) yield* db.lockMeeting(meetingId);
	const outcomes: CastOutcome[] = [];
	for (const ballot of ballots) outcomes.push(yield* castOne(ballot, now, batch));
	return outcomes;
}

/**
 * The vote a voter sees as theirs: in a roll meeting the vote of the entry they are bound to
 * (none without a binding, nor one their proxy cast), elsewhere their own; with `forEntryId`, the
 * ballot they cast as that member's proxy.
 */
export function* findVote(
	topicId: string,
	userId: string,
	forEntryId?: string,
	now = 0
): UseCase<VoteRecord | null> {
	const topic = yield* db.getTopic(topicId);
	const meeting = topic?.meetingId ? yield* db.getMeeting(topic.meetingId) : null;
	return yield* voteIn(topicId, topic, meeting, userId, forEntryId, now);
}

/**
 * Answers many asks at once, each as `findVote` answers it: every topic and meeting read once,
 * and the plain votes (outside rolls, kept with their voter) read in one query per topic. A hall
 * that reconnects asks about thousands of ballots; on PostgreSQL that is a few round trips, not
 * three per ask.
 */
export function* findVotes(asks: VoteAsk[], now = 0): UseCase<(VoteRecord | null)[]> {
	const topicIds = [...new Set(asks.map((ask) => ask.topicId))];
	const topicList = yield* together(...topicIds.map((topicId) => db.getTopic(topicId)));
	const topics = new Map(topicIds.map((topicId, index) => [topicId, topicList[index]]));
	const meetingIds = [
		...new Set(topicList.flatMap((topic) => (topic?.meetingId ? [topic.meetingId] : [])))
	];
	const meetingList = yield* together(...meetingIds.map((meetingId) => db.getMeeting(meetingId)));
	const meetings = new Map(meetingIds.map((meetingId, index) => [meetingId, meetingList[index]]));
	const context = (topicId: string) => {
		const topic = topics.get(topicId) ?? null;
		const meeting = (topic?.meetingId && meetings.get(topic.meetingId)) || null;
		return { topic, meeting };
	};
	const plain = ({ topicId, forEntryId }: VoteAsk) => {
		const { topic, meeting } = context(topicId);
		return meeting?.access !== 'roll' && forEntryId === undefined && !topic?.ballotsApart;
	};

	const askers = new Map<string, Set<string>>();
	for (const ask of asks) {
		if (plain(ask)) askers.set(ask.topicId, (askers.get(ask.topicId) ?? new Set()).add(ask.userId));
	}
	const others = asks.filter((ask) => !plain(ask));
	const [plainVotes, otherVotes] = yield* together(
		together(...[...askers].map(([topicId, userIds]) => db.votesOf(topicId, [...userIds]))),
		together(
			...others.map(({ topicId, userId, forEntryId }) => {
				const { topic, meeting } = context(topicId);
				return voteIn(topicId, topic, meeting, userId, forEntryId, now);
			})
		)
	);
	const found = new Map(plainVotes.flat().map((vote) => [key(vote.topicId, vote.userId), vote]));
	const answers = new Map(others.map((ask, index) => [ask, otherVotes[index]]));
	return asks.map((ask) =>
		plain(ask) ? (found.get(key(ask.topicId, ask.userId)) ?? null) : (answers.get(ask) ?? null)
	);
}

/** `findVote` with the topic and its meeting already read. */
function* voteIn(
	topicId: string,
	topic: TopicWithOptions | null,
	meeting: MeetingRecord | null,
	userId: string,
	forEntryId: string | undefined,
	now: number
): UseCase<VoteRecord | null> {
	if (meeting?.access !== 'roll') {
		if (forEntryId !== undefined) return null;
		if (!topic?.ballotsApart) return yield* db.findVote(topicId, userId);
	}
	const entry = meeting?.access === 'roll' ? yield* db.binding(meeting.id, userId) : null;
	if (meeting?.access === 'roll' && !entry) return null;
	if (topic?.ballotsApart) {
		// Without the ballot id (only the device has it) the server names no ballot: the vote is
		// sealed, and the receipt is the one the voter's device holds. Whether a proxy or the
		// member cast it is not told apart here: neither learns the other's choice.
		const voter = { userId, entryId: forEntryId ?? entry?.id ?? null };
		const apart = yield* findApartVote(topic, voter, null, now);
		return apart ? { ...apart.vote, choice: [], tracker: '', ballotId: '', sealed: true } : null;
	}
	if (!entry) return null;
	// A member's own ballot, or as proxy the member's vote while it is the one this proxy cast.
	const vote = yield* db.findEntryVote(topicId, forEntryId ?? entry.id);
	const mine = forEntryId === undefined ? !vote?.castBy : vote?.castBy === entry.id;
	return mine ? vote : null;
}

/** A topic's results as counted now, with its status. */
function* resultsOf(topic: TopicWithOptions): UseCase<Results> {
	return { status: topic.status, ...(yield* countTopic(topic)) };
}

export function* results(topicId: string): UseCase<Results | null> {
	return (yield* topicResults(topicId))?.results ?? null;
}

/** A topic with its results, the topic read once (a presenter's preview). */
export function* topicResults(
	topicId: string
): UseCase<{ topic: TopicWithOptions; results: Results } | null> {
	const topic = yield* db.getTopic(topicId);
	if (!topic) return null;
	return { topic, results: yield* resultsOf(topic) };
}

/**
 * What a write of a topic's document shows, read in one go: the topic, its results, its meeting
 * with the members who do not vote, and its electorate. The topic is read once, then the rest of
 * it together (two or three round trips on PostgreSQL, several times a second per topic).
 */
export function* tallySource(topicId: string): UseCase<TallySource | null> {
	const topic = yield* db.getTopic(topicId);
	if (!topic) return null;
	const meetingId = topic.meetingId;
	const [results, meeting, members] = yield* together(
		resultsOf(topic),
		meetingId ? db.getMeeting(meetingId) : just(null),
		meetingId ? db.memberList(meetingId) : just([])
	);
	return {
		topic,
		results,
		meeting,
		members,
		electorate: yield* electorateOf(topic, meeting)
	};
}

export function* namedVotes(topicId: string): UseCase<NamedVote[]> {
	return yield* db.namedVotes(topicId);
}

export function* auditOf(topicId: string): UseCase<AuditEntry[]> {
	return yield* db.auditEntries(topicId);
}

/** The number of the topic's latest audit entry (null: none yet), where a check stops. */
export function* lastAuditNumber(topicId: string): UseCase<number | null> {
	return (yield* db.lastAudit(topicId))?.n ?? null;
}

/**
 * Where a check of the topic's audit chain starts: its last entry's number and the results,
 * read at one moment (`Engine.snapshot`), so the chain up to that entry must replay to them.
 */
export function* auditStart(
	topicId: string
): UseCase<{ last: number | null; results: Results | null }> {
	const last = yield* lastAuditNumber(topicId);
	return { last, results: yield* results(topicId) };
}

/** One page of the topic's audit entries, for the check in pages (`../audit-pages.ts`). */
export function* auditPage(
	topicId: string,
	after: number | null,
	last: number,
	limit: number
): UseCase<AuditEntry[]> {
	return yield* db.auditPage(topicId, after, last, limit);
}
