/** Plain data shared by the vote rules, the storage adapters and the transports. */
import type { Choice, PollSettings, Tally } from './poll.ts';

export type TopicStatus = 'draft' | 'open' | 'closed';

export interface OptionRecord {
	id: string;
	topicId: string;
	label: string;
	position: number;
}

export interface TopicRecord extends PollSettings {
	id: string;
	ownerId: string;
	title: string;
	description: string;
	status: TopicStatus;
	createdAt: number;
	openedAt: number | null;
	closedAt: number | null;
	/** Ballots reaching the server up to this many seconds after closing still count. */
	lateGraceSeconds: number;
	/** The meeting whose agenda holds this topic, if any. */
	meetingId: string | null;
	/** Totals are hidden while voting is open. */
	hideResults: boolean;
	/** Voters see live results before they vote (otherwise once they have voted). */
	resultsBeforeVoting: boolean;
	/** Participants with the meeting open when voting last closed (meeting topics), for the minutes. */
	presentAtClose: number | null;
	/** What a winner needs (see `lib/core/outcome.ts`). */
	majority: import('./outcome.ts').Majority;
	/** Minimum turnout for the result to stand. */
	quorum: number;
	/** When the topic closes by itself, if the host started a timer. */
	closesAt: number | null;
	/**
	 * Roll meetings: the roll version the topic opened with and how many were on the roll then
	 * (null before opening, and outside roll meetings). Eligibility is judged at this version.
	 */
	rollVersion?: number | null;
	eligible?: number | null;
	/**
	 * Topics opened with weighted voting (see `weights.ts`): the weight of the roll they opened
	 * with, as a decimal string. Null or absent: the topic counts heads only.
	 */
	eligibleWeight?: string | null;
	/**
	 * Secret topics opened since votes are kept apart: who voted and what was voted are stored
	 * separately (`participations`, `ballots`; see `docs/SECURITY.md`). Absent: the `votes` table.
	 */
	ballotsApart?: boolean;
}

export interface TopicWithOptions extends TopicRecord {
	options: OptionRecord[];
	/** The head of the topic's audit chain (absent before its first entry). */
	audit?: AuditHead;
}

/**
 * The newest entry of a topic's audit chain: its number (the count of entries) and its hash.
 * Published with the results, so an export cut short or reordered (and re-hashed) no longer
 * ends at it (`yarn audit:verify --head`).
 */
export interface AuditHead {
	entries: number;
	head: string;
}

export interface VoteRecord {
	topicId: string;
	userId: string;
	choice: Choice;
	ballotId: string;
	tracker: string;
	createdAt: number;
	/**
	 * A secret topic's vote the server can no longer name: the voter has voted, and what they
	 * chose and their tracker live only on the device that cast it (`tracker` and `ballotId` are
	 * empty). Its receipt is whatever that device holds.
	 */
	sealed?: true;
	/** Roll meetings: the entry of the proxy who cast it for its member (null or absent: themselves). */
	castBy?: string | null;
}

/** What a voter asks for: their choice, tagged with a client-made id so retries are idempotent. */
export interface BallotRequest {
	ballotId: string;
	choice: Choice;
}

/** Who is casting a ballot, as far as the vote rules care. */
export interface Voter {
	/** Joined one meeting as a guest (no account). */
	guestOf: string | null;
	/** Their role in the topic's meeting, if the host gave them one. */
	role: MemberRole | null;
	/**
	 * The roll entry their invitation binds them to in the topic's meeting (null: none, or the
	 * binding was revoked), with the versions that added and removed it.
	 */
	rollEntry?: { id: string; addedVersion: number; removedVersion: number | null } | null;
}

/**
 * Whom a meeting lets vote: signed-in accounts only, guests who join with the code too, or only
 * the people on its roll (bound to their entry by a personal invitation; anyone with the code
 * may follow).
 */
export type MeetingAccess = 'accounts' | 'guests' | 'roll';
export const MEETING_ACCESS: readonly MeetingAccess[] = ['accounts', 'guests', 'roll'];
/** Co-hosts run the meeting, observers only watch, door helpers check members in. */
export type MemberRole = 'cohost' | 'observer' | 'door';

export type RefusalReason =
	| 'not-signed-in'
	| 'unknown-topic'
	| 'topic-not-open'
	| 'topic-closed'
	| 'unknown-option'
	| 'invalid-choice'
	| 'already-voted'
	| 'observer'
	| 'guests-not-allowed'
	| 'not-a-participant'
	| 'not-eligible'
	| 'delegated'
	| 'not-a-proxy'
	| 'malformed-ballot';

export type Decision =
	| { ok: true; kind: 'accept'; late: boolean }
	| { ok: true; kind: 'change'; late: boolean; previous: VoteRecord }
	| { ok: true; kind: 'duplicate'; vote: VoteRecord }
	| { ok: false; reason: RefusalReason; vote?: VoteRecord };

export interface Results extends Tally {
	status: TopicStatus;
	/** Counted paper ballots, included in `totals` and `turnout` ("of which paper"); absent: none. */
	paper?: import('./paper.ts').PaperTotals;
}

export interface MeetingRecord {
	id: string;
	ownerId: string;
	title: string;
	/** Join code as shown, e.g. `K7Q-2XD`. */
	code: string;
	/** The topic the host is showing now; participants follow it. */
	currentTopicId: string | null;
	createdAt: number;
	access: MeetingAccess;
	/** When the host ended the meeting (its join code then stops working); null while it runs. */
	endedAt: number | null;
	/** The roll's version: raised by every change to the roll (0: never changed). */
	rollVersion: number;
	/** Where "present" comes from: open connections, or check-in at the door. */
	presentFrom: import('./roll-rules.ts').PresentFrom;
	/**
	 * The OpenID Connect group whose members are put on the roll when they open the meeting (null:
	 * none; see `lib/server/roll.ts` `joinRollByGroup`).
	 */
	rollGroup: string | null;
	/** Roll meetings: topics opened from now on count each member's weight (`weights.ts`). */
	weighted?: boolean;
	/** Roll meetings: how many members one person may carry (0: no proxies; `proxy-rules.ts`). */
	proxyLimit?: number;
	/** Whether a member may take back a delegation that stands (the hosts always may). */
	proxyRevocable?: boolean;
}

export interface MeetingMember {
	userId: string;
	name: string;
	role: MemberRole;
}
