/**
 * Storage interfaces. Each method is one use case (`use-cases/*.ts`) that reads, decides (with
 * `lib/core`) and writes atomically over the port of plain storage operations (`port.ts`); the
 * adapter (SQLite, PostgreSQL) owns the transaction and holds only SQL. Methods return Promises so
 * a networked database can stand in; the SQLite adapter does its work synchronously inside the
 * call, which lets the collaboration hook run a vote's whole transaction without yielding.
 */
import type { IdentityStore, SignupCodeStore } from './identities.ts';
import type { Electorate } from '../../core/roll-rules.ts';
import type { AuditEntry, ChainCheck } from '../../core/audit-chain.ts';
import type { MeetingChangeError } from '../../core/meeting-rules.ts';
import type { DraftEditDecision, TopicChangeError, TopicInput } from '../../core/topic-rules.ts';
import type { Choice } from '../../core/poll.ts';
import type {
	BallotRequest,
	MeetingAccess,
	MeetingMember,
	MeetingRecord,
	MemberRole,
	RefusalReason,
	Results,
	TopicWithOptions,
	VoteRecord
} from '../../core/types.ts';

export interface UserRecord {
	id: string;
	username: string;
	createdAt: number;
	/** Guests joined one meeting with its code and a display name; they have no password. */
	guest: { meetingId: string; displayName: string } | null;
}

export interface SessionRecord {
	id: string;
	userId: string;
	secretHash: Uint8Array;
	createdAt: number;
	expiresAt: number;
}

export interface UserStore {
	/** Returns null when the username is taken. */
	create(username: string, passwordHash: string, now: number): Promise<UserRecord | null>;
	/** A guest of one meeting; the session made for them is their only way back in. */
	createGuest(meetingId: string, displayName: string, now: number): Promise<UserRecord>;
	findByUsername(username: string): Promise<(UserRecord & { passwordHash: string }) | null>;
	findById(id: string): Promise<UserRecord | null>;
}

export interface SessionStore {
	create(session: SessionRecord): Promise<void>;
	find(id: string): Promise<{ session: SessionRecord; user: UserRecord } | null>;
	setExpiry(id: string, expiresAt: number): Promise<void>;
	delete(id: string): Promise<void>;
	deleteExpired(now: number): Promise<number>;
}

export type TopicChange =
	| { ok: true; topic: TopicWithOptions }
	| {
			ok: false;
			reason: 'not-found' | 'forbidden' | 'invalid-transition';
			/** What exactly was refused, for the pages' own wording. */
			code: TopicChangeError;
			message: string;
	  };

/** A draft edit: the edited topic, or why not (missing, not allowed, opened, invalid). */
export type TopicEdit =
	| { ok: true; topic: TopicWithOptions }
	| Exclude<DraftEditDecision, { ok: true }>
	| { ok: false; reason: 'not-found'; code: 'topic-not-found'; message: string };

export interface TopicStore {
	create(ownerId: string, input: TopicInput, now: number): Promise<TopicWithOptions>;
	get(id: string): Promise<TopicWithOptions | null>;
	listByOwner(ownerId: string): Promise<TopicWithOptions[]>;
	/**
	 * Opens or closes a topic for its owner, with an audit entry in the same transaction. On
	 * closing, `present` is how many participants had its meeting open (kept for the minutes).
	 */
	changeStatus(
		id: string,
		actorId: string,
		action: 'open' | 'close',
		now: number,
		present?: number | null
	): Promise<TopicChange>;
	/** Changes a draft's settings (see `decideDraftEdit`); `patch` is the untrusted body. */
	editDraft(id: string, actorId: string, patch: unknown): Promise<TopicEdit>;
	/** Starts (a time) or stops (null) the countdown that closes an open topic; owner only. */
	setTimer(id: string, actorId: string, closesAt: number | null): Promise<TopicChange>;
	/** Open topics with a running timer, to schedule them again after a restart. */
	listTimed(): Promise<TopicWithOptions[]>;
	/** Hides or reveals an open topic's totals; owner only. */
	setResultsHidden(id: string, actorId: string, hidden: boolean): Promise<TopicChange>;
}

/** What a write of a topic's document shows (`VoteStore.tallySource`). */
export interface TallySource {
	topic: TopicWithOptions;
	results: Results;
	meeting: MeetingRecord | null;
	/** The meeting's hosts, co-hosts and observers (none outside a meeting). */
	members: MeetingMember[];
	/** Roll meetings: eligible, checked in and the roll version (null elsewhere). */
	electorate: Electorate | null;
}

export type CastOutcome =
	| { ok: true; vote: VoteRecord; duplicate: boolean }
	| {
			ok: false;
			reason: RefusalReason;
			vote: VoteRecord | null;
			repeated: boolean;
			/** When the topic closed, for refusals of late ballots. */
			closedAt: number | null;
	  };

export interface BallotInput {
	topicId: string;
	userId: string;
	request: BallotRequest;
	/**
	 * A proxy's ballot: the roll entry of the member it is cast for (absent: the voter's own
	 * ballot). Counted only while that member's delegation to the voter's entry stands.
	 */
	forEntryId?: string;
}

/** A vote with its voter's name, for the hosts of a named topic. */
/** What a voter asks about: their own vote on a topic, or the one they cast for a member. */
export interface VoteAsk {
	topicId: string;
	userId: string;
	forEntryId?: string;
}

export interface NamedVote {
	userId: string;
	name: string;
	/** Cast by proxy: the proxy's name on the roll (`name` is then the member's). */
	proxy?: string;
	choice: Choice;
	at: number;
}

/** A topic's chain verified up to its last entry, and the results at that same moment. */
export interface AuditCheck {
	chain: ChainCheck;
	results: Results | null;
}

export interface VoteStore {
	/**
	 * Counts each ballot the rules allow, in order, in ONE transaction: every vote row commits
	 * with its audit entry (a refusal writes only its audit entry), and one commit serves the
	 * whole batch. Outcomes are returned in the order of the ballots.
	 */
	castMany(ballots: BallotInput[], now: number): Promise<CastOutcome[]>;
	/**
	 * The vote the voter sees as theirs, or (`forEntryId`) the one they cast as proxy for that
	 * member, shown only while it is the ballot they cast.
	 */
	findVote(topicId: string, userId: string, forEntryId?: string): Promise<VoteRecord | null>;
	/** Many asks at once, each answered as `findVote` answers it, in their order. */
	findVotes(asks: VoteAsk[]): Promise<(VoteRecord | null)[]>;
	results(topicId: string): Promise<Results | null>;
	/** A topic with its results, the topic read once. */
	topicResults(topicId: string): Promise<{ topic: TopicWithOptions; results: Results } | null>;
	/** What a write of the topic's document shows, read in one go (`use-cases/votes.ts`). */
	tallySource(topicId: string): Promise<TallySource | null>;
	/** Who voted what; callers show it only for named topics, to the people who manage them. */
	namedVotes(topicId: string): Promise<NamedVote[]>;
	audit(topicId: string): Promise<AuditEntry[]>;
	/**
	 * The topic's audit chain verified (`verifyChain`) while it is read, in pages up to its last
	 * entry when the call was made, letting the event loop run between pages, with the results
	 * read at the same moment as that entry: for the periodic check of long topics, whose whole
	 * log need not be in memory at once (`audit-pages.ts`).
	 */
	verifyAudit(topicId: string): Promise<AuditCheck>;
	/**
	 * Adds a batch of counted paper ballots (`raw`: the untrusted body) with its audit entry;
	 * for those who manage the topic, while `lib/core/paper.ts` lets it take paper.
	 */
	addPaper(
		topicId: string,
		actorId: string,
		raw: unknown,
		now: number
	): Promise<import('./use-cases/paper.ts').PaperChange>;
	/** Who has voted, never what (null: no such topic); callers show it to the topic's hosts only. */
	votedList(topicId: string): Promise<import('../../core/voted-list.ts').VotedList | null>;
}

export type MeetingChange =
	| { ok: true; meeting: MeetingRecord; agenda: TopicWithOptions[] }
	| {
			ok: false;
			reason: 'not-found' | 'forbidden' | 'invalid';
			/** What exactly was refused, for the pages' own wording. */
			code: MeetingChangeError;
			message: string;
	  };

/** Meetings and their agendas. Every change is the host's, checked inside its transaction. */
export interface MeetingStore {
	create(ownerId: string, title: string, now: number): Promise<MeetingRecord>;
	get(id: string): Promise<MeetingRecord | null>;
	getByCode(code: string): Promise<MeetingRecord | null>;
	/** The meetings someone runs: as their host, or as a co-host. */
	listByOwner(ownerId: string): Promise<MeetingRecord[]>;
	/** The meeting's topics in agenda order. */
	agenda(meetingId: string): Promise<TopicWithOptions[]>;
	addTopic(
		meetingId: string,
		actorId: string,
		input: TopicInput,
		now: number
	): Promise<MeetingChange>;
	moveTopic(
		meetingId: string,
		actorId: string,
		topicId: string,
		delta: -1 | 1
	): Promise<MeetingChange>;
	duplicateTopic(
		meetingId: string,
		actorId: string,
		topicId: string,
		now: number
	): Promise<MeetingChange>;
	/** Removes a topic that was never opened. */
	removeTopic(meetingId: string, actorId: string, topicId: string): Promise<MeetingChange>;
	/** The topic participants see now (null: none). */
	setCurrent(meetingId: string, actorId: string, topicId: string | null): Promise<MeetingChange>;
	/** Whom the meeting lets vote; host only. */
	setAccess(meetingId: string, actorId: string, access: MeetingAccess): Promise<MeetingChange>;
	/** Ends the meeting (its join code stops working); host only; ending twice keeps the first. */
	end(meetingId: string, actorId: string, now: number): Promise<MeetingChange>;
	members(meetingId: string): Promise<MeetingMember[]>;
	/** Someone's role in the meeting (the host is not a member). */
	role(meetingId: string, userId: string): Promise<MemberRole | null>;
	/** Gives an account a role (null removes it); host only. */
	setMember(
		meetingId: string,
		actorId: string,
		username: string,
		role: MemberRole | null,
		now: number
	): Promise<MeetingChange>;
}

/** Yjs updates of collaborative documents, so a restart resumes each document's history. */
/** A room's lease as its holder writes the room's documents: the room and the lease's token. */
export interface Fence {
	room: string;
	token: number;
}

/** A room's document written under a lease older than the room's newest: nothing was written. */
export class FencedOut extends Error {
	readonly fence: Fence;
	constructor(fence: Fence) {
		super(`room ${fence.room} has a newer lease than token ${fence.token}`);
		this.name = 'FencedOut';
		this.fence = fence;
	}
}

/**
 * A document's updates. With a fence, each call first raises the room's fencing token to the
 * fence's, or throws `FencedOut` without touching the document when a newer lease's token was
 * seen: an instance that stalled past its lease cannot write what the room's new holder serves.
 */
export interface DocumentStore {
	load(name: string, fence?: Fence | null): Promise<Uint8Array[]>;
	append(name: string, update: Uint8Array, fence?: Fence | null): Promise<void>;
	/** Replaces a document's updates with one merged state. */
	compact(name: string, state: Uint8Array, fence?: Fence | null): Promise<void>;
}

export interface Stores {
	users: UserStore;
	sessions: SessionStore;
	topics: TopicStore;
	votes: VoteStore;
	meetings: MeetingStore;
	/** Each meeting's roll, invitations and check-in (`roll-store.ts`). */
	roll: import('./roll-store.ts').RollStore;
	/** Proxy votes: delegations between roll members and the meeting's settings (`proxy-store.ts`). */
	proxies: import('./proxy-store.ts').ProxyStore;
	documents: DocumentStore;
	/** Accounts from OpenID Connect, and operators' sign-up codes (`identities.ts`). */
	identities: IdentityStore;
	signupCodes: SignupCodeStore;
	/**
	 * Migrations of this version not applied to the database (for `/readyz`); asking runs a query,
	 * so it throws when the database does not answer.
	 */
	pendingMigrations(): Promise<string[]>;
	close(): Promise<void>;
}
