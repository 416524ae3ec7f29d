/**
 * The storage port: plain reads and writes inside one transaction, with no decisions in them.
 * Every rule lives in the use cases (`use-cases/*.ts`), written once as generator functions that
 * yield port operations; each adapter implements the port in its own SQL and drives the use
 * cases. SQLite drives them synchronously (`runSync`) inside one better-sqlite3 transaction, so a
 * vote batch commits without yielding to the event loop; PostgreSQL drives them asynchronously
 * (`runAsync`) inside one transaction on a pooled connection.
 */
import type { AuditEntry, AuditKind } from '../../core/audit-chain.ts';
import type { BallotGroup } from '../../core/counting.ts';
import type { Choice as BallotChoice } from '../../core/poll.ts';
import type { PaperBatch } from '../../core/paper.ts';
import type { Choice } from '../../core/poll.ts';
import type { Participant } from '../../core/voted-list.ts';
import type { Delegation, ProxySettings } from '../../core/proxy-rules.ts';
import type { PresentFrom, RollEntry, RollEntryInput } from '../../core/roll-rules.ts';
import type { TopicInput } from '../../core/topic-rules.ts';
import type {
	MeetingAccess,
	MeetingMember,
	MeetingRecord,
	MemberRole,
	TopicStatus,
	TopicWithOptions,
	VoteRecord
} from '../../core/types.ts';
import type { IdentityPort } from './identities.ts';
import type { NamedVote, SessionRecord, UserRecord } from './store.ts';

export interface NewTopic {
	id: string;
	ownerId: string;
	input: TopicInput;
	createdAt: number;
	/** The meeting and place on its agenda, for a meeting's topic. */
	agenda: { meetingId: string; position: number } | null;
}

/** A roll entry to insert (see `lib/core/roll-rules.ts`). */
export interface NewRollEntry extends RollEntryInput {
	id: string;
	meetingId: string;
	addedVersion: number;
}

/** An invitation as stored: the SHA-256 of its code, and the binding it made once redeemed. */
export interface InvitationRecord {
	id: string;
	meetingId: string;
	entryId: string;
	userId: string | null;
	revokedAt: number | null;
}

/** A roll entry as the vote rules see a binding to it. */
export interface BoundEntry {
	id: string;
	addedVersion: number;
	removedVersion: number | null;
	/** The entry's weight now, in millionths (`lib/core/weights.ts`). */
	weight: number;
}

/** A ballot of a secret topic as stored apart from its voter (migration 0017). */
export interface ApartBallot {
	tracker: string;
	choice: Choice;
	/** Millionths, on weighted topics. */
	weight: number | null;
	/** The voter's participation, only while the topic is open and lets votes change. */
	participationId: string | null;
}

/** The roll's operations (roll meetings, invitations, check-in); see `use-cases/roll.ts`. */
export interface RollPort {
	/** Entries on the roll now (removed ones left out), in name order. */
	rollEntries(meetingId: string): RollEntry[];
	/** Every entry the roll ever held, removed ones included (to judge the roll at a version). */
	rollHistory(meetingId: string): RollEntry[];
	/** One entry on the roll now, if it is the meeting's. */
	rollEntry(meetingId: string, entryId: string): RollEntry | null;
	/** Member numbers on the roll now. */
	rollNumbers(meetingId: string): string[];
	rollCount(meetingId: string): number;
	/** Checked-in entries on the roll at `version` (null: the roll now). */
	checkedInCount(meetingId: string, version: number | null): number;
	/** Inserts entries (a whole import at once). */
	insertRollEntries(entries: NewRollEntry[]): void;
	updateRollEntry(id: string, entry: RollEntryInput): void;
	removeRollEntry(id: string, version: number): void;
	setRollVersion(meetingId: string, version: number): void;
	setCheckedIn(entryId: string, at: number | null): void;
	setPresentFrom(meetingId: string, from: PresentFrom): void;
	/** The OpenID group that puts its members on the roll (null: none). */
	setRollGroup(meetingId: string, group: string | null): void;
	/** The roll version a topic opened with, and how many were on it. */
	setTopicRoll(topicId: string, version: number, eligible: number): void;
	/** The weights (millionths) of the entries on the roll now. */
	rollWeights(meetingId: string): number[];
	/** Weighted voting on or off for the meeting's topics opened from now on. */
	setWeighted(meetingId: string, weighted: boolean): void;
	/** The weight of the roll a topic opened with (decimal string); null: it counts heads. */
	setTopicWeight(topicId: string, eligibleWeight: string | null): void;
	/** The weight (millionths) the entry's vote on the topic counts with. */
	setVoteWeight(topicId: string, entryId: string, weight: number): void;
	/** Every counted ballot of the topic with its weight (millionths; null: none recorded). */
	weightedChoices(topicId: string): { choice: BallotChoice; weight: number | null }[];
	/** Revokes the entries' live invitations (and so their bindings). */
	revokeInvitations(entryIds: string[], now: number): void;
	/** Inserts invitations (a whole sheet at once). */
	insertInvitations(
		invitations: {
			id: string;
			meetingId: string;
			entryId: string;
			codeHash: string;
			issuedAt: number;
			issuedBy: string;
		}[]
	): void;
	invitationByHash(codeHash: string): InvitationRecord | null;
	redeemInvitation(id: string, userId: string, now: number): void;
	/** The entry `userId` is bound to in the meeting by a live invitation. */
	binding(meetingId: string, userId: string): BoundEntry | null;
	/** The counted vote of a roll entry. */
	findEntryVote(topicId: string, entryId: string): VoteRecord | null;
	/** Replaces the entry's vote, whoever (`vote.userId`) casts it now. */
	replaceEntryVote(
		vote: VoteRecord,
		optionId: string | null,
		choice: string,
		entryId: string
	): void;
	lastMeetingAudit(meetingId: string): { n: number; hash: string } | null;
	/** Appends to the meeting's roll chain (`entry.topicId` holds the meeting's id). */
	insertMeetingAudit(entry: AuditEntry): void;
	meetingAuditEntries(meetingId: string): AuditEntry[];
}

/** Proxy votes' operations (delegations between roll entries); see `use-cases/proxies.ts`. */
export interface ProxyPort {
	/** Every delegation of the meeting, ended ones included, in the order they were made. */
	delegations(meetingId: string): Delegation[];
	delegation(meetingId: string, id: string): Delegation | null;
	/** The entry's delegation that stands or waits for the hosts (null: none). */
	liveDelegationFrom(meetingId: string, entryId: string): Delegation | null;
	insertDelegation(delegation: Delegation): void;
	/** Writes a delegation's status with who approved or ended it, and when. */
	updateDelegation(delegation: Delegation): void;
	setProxySettings(meetingId: string, settings: ProxySettings): void;
	/** Any entry of the meeting, removed ones included, as the vote rules see it. */
	entryForVote(meetingId: string, entryId: string): BoundEntry | null;
	/** Who cast the entry's vote on the topic: the proxy's entry, or null (the member). */
	setCastBy(topicId: string, entryId: string, castBy: string | null): void;
	/** The topic's counted ballots a proxy cast: the member's entry and the proxy's. */
	proxyCasts(topicId: string): { entryId: string; castBy: string }[];
}

/** The operations, each a plain statement or two; the transaction is the adapter's. */
export interface Port extends RollPort, ProxyPort, IdentityPort {
	/**
	 * Serializes writers of these topics until the transaction ends (PostgreSQL: row locks taken
	 * in id order; SQLite: nothing, its write transaction already excludes every other writer).
	 */
	lockTopics(ids: string[]): void;
	/** The same for one meeting's row (its agenda and settings). */
	lockMeeting(id: string): void;

	getTopic(id: string): TopicWithOptions | null;
	topicIdsByOwner(ownerId: string): string[];
	timedTopicIds(): string[];
	insertTopic(topic: NewTopic): void;
	insertOption(option: { id: string; topicId: string; label: string; position: number }): void;
	deleteOptions(topicId: string): void;
	/** Writes a draft's settings (only while it is a draft). */
	updateDraft(id: string, input: TopicInput): void;
	/** Sets the status; `opened_at` when opening, `closed_at`/`present_at_close` (else cleared), and clears the timer. */
	setStatus(id: string, status: TopicStatus, now: number, present: number | null): void;
	setClosesAt(id: string, closesAt: number | null): void;
	setResultsHidden(id: string, hidden: boolean): void;
	/** Deletes a topic that is still a draft, with its options. */
	deleteDraftTopic(id: string): void;

	lastAudit(topicId: string): { n: number; hash: string } | null;
	insertAudit(entry: AuditEntry): void;
	auditEntries(topicId: string): AuditEntry[];
	/**
	 * One page of the same entries, in order: those numbered above `after` (from the first when
	 * null, whatever its number) up to `last`, at most `limit` (`audit-pages.ts`).
	 */
	auditPage(topicId: string, after: number | null, last: number, limit: number): AuditEntry[];
	/** The hash of the topic's latest `topic.closed` entry. */
	lastClosingHash(topicId: string): string | null;
	/** The latest `topic.closed` or `count.lot` entry. */
	latestOf(
		topicId: string,
		kinds: AuditKind[]
	): { kind: AuditKind; payload: Record<string, unknown> } | null;
	/** Whether a `vote.refused` entry names this ballot. */
	refusedBefore(topicId: string, ballotId: string): boolean;

	/** A batch of counted paper ballots (`counts` as JSON), see `lib/core/paper.ts`. */
	insertPaper(paper: {
		id: string;
		topicId: string;
		batch: PaperBatch;
		addedBy: string;
		addedAt: number;
	}): void;
	/** The topic's paper batches, in the order added. */
	paperBatches(topicId: string): PaperBatch[];
	/** The roll entries a counted ballot of the topic belongs to. */
	votedEntryIds(topicId: string): string[];
	/** Who cast the topic's counted ballots: usernames, guests' display names. Never a choice. */
	voterNames(topicId: string): Participant[];

	/**
	 * Secret topics keep who voted (`participations`) apart from what was voted (`ballots`); see
	 * `use-cases/votes.ts` and `docs/SECURITY.md`. The participation of a voter (by roll entry in
	 * roll meetings, by user elsewhere).
	 */
	participation(topicId: string, voter: { userId: string } | { entryId: string }): string | null;
	insertParticipation(p: {
		id: string;
		topicId: string;
		userId: string;
		rollEntryId: string | null;
	}): void;
	ballotByTracker(topicId: string, tracker: string): ApartBallot | null;
	/** The participations of these voters outside a roll (a batch's voters), by user. */
	participationsOf(topicId: string, userIds: string[]): { userId: string; id: string }[];
	/** The topic's ballots among these trackers (a batch's ballot ids). */
	ballotsByTrackers(topicId: string, trackers: string[]): ApartBallot[];
	linkedBallot(participationId: string): ApartBallot | null;
	/** `choice` as canonical JSON; `participationId` only where the vote may still change. */
	insertBallot(ballot: {
		tracker: string;
		topicId: string;
		optionId: string | null;
		choice: string;
		weight: number | null;
		participationId: string | null;
		published: boolean;
	}): void;
	deleteBallot(tracker: string): void;
	/** The topic's ballots whose `ballot.published` entry is not written yet, in tracker order. */
	unpublishedBallots(topicId: string): ApartBallot[];
	/**
	 * Marks every ballot of the topic published and clears every link to a participation, so that
	 * nothing stored pairs a voter with a ballot (PostgreSQL also rewrites the rows: new row
	 * versions in tracker order, all from the closing transaction).
	 */
	sealBallots(topicId: string): void;
	/** Moves a secret topic's `votes` rows apart (unlinked, published: the log names them). */
	moveVotesApart(topicId: string): void;
	setBallotsApart(topicId: string): void;

	findVote(topicId: string, userId: string): VoteRecord | null;
	/**
	 * `choice` is the canonical JSON; `optionId` the option of a one-option ballot; `rollEntryId`
	 * the roll entry the ballot belongs to (roll meetings).
	 */
	insertVote(
		vote: VoteRecord,
		optionId: string | null,
		choice: string,
		rollEntryId: string | null
	): void;
	replaceVote(vote: VoteRecord, optionId: string | null, choice: string): void;
	/** Every counted ballot of the topic, in the order first cast. */
	voteChoices(topicId: string): Choice[];
	/** The topic's counted ballots grouped by what they say (`countGroups`), in no set order. */
	ballotGroups(topicId: string): BallotGroup[];
	namedVotes(topicId: string): NamedVote[];
	/** The counted votes of these voters in the topic. */
	votesOf(topicId: string, userIds: string[]): VoteRecord[];
	/** The meeting each of these users joined as a guest (null: an account). */
	guestMeetingsOf(userIds: string[]): { userId: string; meetingId: string | null }[];
	/** The roles these users hold in the meeting. */
	memberRoles(meetingId: string, userIds: string[]): { userId: string; role: MemberRole }[];

	getMeeting(id: string): MeetingRecord | null;
	meetingByCode(code: string): MeetingRecord | null;
	/** Meetings `userId` hosts or co-hosts, newest first. */
	meetingsRunBy(userId: string): MeetingRecord[];
	insertMeeting(meeting: MeetingRecord): void;
	codeTaken(code: string): boolean;
	agendaIds(meetingId: string): string[];
	setAgendaPosition(topicId: string, position: number): void;
	setCurrentTopic(meetingId: string, topicId: string | null): void;
	/** Whom the meeting lets vote (`roll` included). */
	setAccess(meetingId: string, access: MeetingAccess): void;
	/** Sets `ended_at` unless the meeting has ended already. */
	setEnded(meetingId: string, now: number): void;
	memberRole(meetingId: string, userId: string): MemberRole | null;
	memberList(meetingId: string): MeetingMember[];
	accountIdByName(username: string): string | null;
	upsertMember(meetingId: string, userId: string, role: MemberRole, now: number): void;
	removeMember(meetingId: string, userId: string): void;

	/** False when the username is taken. */
	insertUser(user: {
		id: string;
		username: string;
		passwordHash: string;
		createdAt: number;
	}): boolean;
	insertGuest(guest: {
		id: string;
		username: string;
		createdAt: number;
		meetingId: string;
		displayName: string;
	}): void;
	userById(id: string): UserRecord | null;
	accountByName(username: string): (UserRecord & { passwordHash: string }) | null;

	insertSession(session: SessionRecord): void;
	findSession(id: string): { session: SessionRecord; user: UserRecord } | null;
	setSessionExpiry(id: string, expiresAt: number): void;
	deleteSession(id: string): void;
	deleteExpiredSessions(now: number): number;

	documentUpdates(name: string): Uint8Array[];
	appendDocumentUpdate(name: string, update: Uint8Array): void;
	clearDocument(name: string): void;
	/**
	 * Raises the room's fencing token to `token`, or refuses (false) when a higher one was seen:
	 * another instance holds the room's lease now. Holds the room's fence until the transaction ends.
	 */
	passFence(room: string, token: number): boolean;
}

/** The same operations answered by a networked database. */
export type AsyncPort = {
	[K in keyof Port]: (...args: Parameters<Port[K]>) => Promise<ReturnType<Port[K]>>;
};

export type Op = { [K in keyof Port]: { op: K; args: Parameters<Port[K]> } }[keyof Port];

const TOGETHER = Symbol('together');

/** Use cases whose answers do not depend on one another, asked at once (`together`). */
interface Together {
	op: typeof TOGETHER;
	args: [UseCase<unknown>[]];
}

/** What a use case yields: a port operation, or independent parts to run side by side. */
export type Step = Op | Together;

/** A use case: yields port operations, receives their results, returns its outcome. */
export type UseCase<R> = Generator<Step, R, unknown>;

type Calls = {
	[K in keyof Port]: (...args: Parameters<Port[K]>) => Generator<Op, ReturnType<Port[K]>, unknown>;
};

/**
 * The port as use cases call it: `const topic = yield* db.getTopic(id)`. Each operation's
 * function is made once and kept (a vote makes about ten calls).
 */
export const db = new Proxy({} as Calls, {
	get: (made, op) =>
		((made as Record<string | symbol, unknown>)[op] ??= function* (
			...args: unknown[]
		): Generator<Op, unknown, unknown> {
			return yield { op, args } as Op;
		})
});

/**
 * Runs parts that need nothing of one another (reads, mostly) and answers all their outcomes:
 * `const [topic, votes] = yield* together(db.getTopic(id), db.votesOf(id, users))`. SQLite runs
 * them one after another; PostgreSQL sends them at once, one round trip for all of them. A part
 * must not read what another part writes.
 */
export function* together<T extends unknown[]>(
	...parts: { [K in keyof T]: UseCase<T[K]> }
): UseCase<T> {
	return (yield { op: TOGETHER, args: [parts as UseCase<unknown>[]] }) as T;
}

/** A part that asks nothing and answers `value` (a read `together` needs only sometimes). */
export function* just<T>(value: T): UseCase<T> {
	return value;
}

/** Operations whose result is nothing (a write, a lock). */
export type Silent = {
	[K in keyof Port]: ReturnType<Port[K]> extends void ? K : never;
}[keyof Port];

/**
 * Operations a transaction over a networked database sends without waiting for their answer:
 * each answers nothing, and its adapter sends all of its statements when it is called (a spec
 * holds the PostgreSQL port to that). One connection runs a transaction's statements in the
 * order they were sent, so whatever is asked after one sees what it wrote, and a failure still
 * fails the transaction before its commit: a vote batch's writes take no round trip each.
 */
export const SENT_AHEAD: ReadonlySet<Silent> = new Set<Silent>([
	'lockTopics',
	'lockMeeting',
	'insertVote',
	'replaceVote',
	'replaceEntryVote',
	'setVoteWeight',
	'setCastBy',
	'insertAudit',
	'insertMeetingAudit',
	'insertParticipation',
	'insertBallot',
	'deleteBallot',
	'appendDocumentUpdate',
	'clearDocument'
]);

/** Drives a use case to its end with every operation answered at once (one SQLite transaction). */
export function runSync<R>(port: Port, useCase: UseCase<R>): R {
	let step = useCase.next();
	while (!step.done) {
		const request = step.value;
		if (request.op === TOGETHER) {
			step = useCase.next(request.args[0].map((part) => runSync(port, part)));
			continue;
		}
		const { op, args } = request;
		const answer = (port[op] as (...a: unknown[]) => unknown)(...args);
		step = useCase.next(answer);
	}
	return step.value;
}

/**
 * Drives a use case over a networked database. An operation is awaited before the use case goes
 * on, but for `together`'s parts, which run side by side, and, inside a transaction (`sendAhead`),
 * the operations of `SENT_AHEAD`. Nothing is left running when it settles: it waits for every
 * operation it sent, then fails with the earliest failure in the order they were sent (the one
 * that aborted the transaction, not the refusals of the statements after it).
 */
export async function runAsync<R>(
	port: AsyncPort,
	useCase: UseCase<R>,
	{
		sendAhead = false,
		send
	}: {
		sendAhead?: boolean;
		/** Sends what the port holds back (`postgres/gathered-inserts.ts`), once all is asked. */
		send?: () => void;
	} = {}
): Promise<R> {
	let sent = 0;
	let earliest: { at: number; error: unknown } | null = null;
	const failed = (at: number, error: unknown) => {
		if (!earliest || at < earliest.at) earliest = { at, error };
	};
	const ahead: Promise<void>[] = [];

	async function drive<T>(steps: UseCase<T>): Promise<T> {
		let step = steps.next();
		while (!step.done) {
			const request = step.value;
			if (request.op === TOGETHER) {
				const parts = await Promise.allSettled(request.args[0].map((part) => drive(part)));
				const refused = parts.find((part) => part.status === 'rejected');
				if (refused) throw refused.reason;
				step = steps.next(parts.map((part) => (part as PromiseFulfilledResult<unknown>).value));
				continue;
			}
			const { op, args } = request;
			const at = sent++;
			const answer = (port[op] as (...a: unknown[]) => Promise<unknown>)(...args);
			if (sendAhead && SENT_AHEAD.has(op as Silent)) {
				ahead.push(
					answer.then(
						() => {},
						(error) => failed(at, error)
					)
				);
				step = steps.next(undefined);
				continue;
			}
			let result: unknown;
			try {
				result = await answer;
			} catch (error) {
				failed(at, error);
				throw error;
			}
			step = steps.next(result);
		}
		return step.value;
	}

	let outcome: R | undefined;
	try {
		outcome = await drive(useCase);
	} catch (error) {
		failed(sent, error);
	}
	send?.();
	await Promise.all(ahead);
	if (earliest) throw (earliest as { error: unknown }).error;
	return outcome as R;
}

/** How an adapter runs use cases: writes in one transaction each, reads as they come. */
export interface Engine {
	write<R>(useCase: () => UseCase<R>): Promise<R>;
	read<R>(useCase: () => UseCase<R>): Promise<R>;
	/**
	 * A read whose parts must see the same moment (no write committed between them): one
	 * synchronous call on SQLite, as every read there; one read-only REPEATABLE READ transaction
	 * (one snapshot) on PostgreSQL, where reads otherwise run on any pooled connection.
	 */
	snapshot<R>(useCase: () => UseCase<R>): Promise<R>;
	pendingMigrations(): Promise<string[]>;
	/**
	 * Drops what the engine still keeps of rows just changed or deleted outside its tables, after
	 * a secret topic's links were cleared: SQLite truncates its WAL; PostgreSQL has nothing to do
	 * inside the server (old row versions wait for VACUUM, see `docs/SECURITY.md`).
	 */
	forget(): Promise<void>;
	close(): Promise<void>;
}
