/**
 * Rows as both SQL adapters read them (the same column names and values: flags are 0/1 integers,
 * times epoch milliseconds, JSON the text that was hashed), and the records they become.
 */
import type { AuditEntry, AuditKind } from '../../core/audit-chain.ts';
import type { Majority } from '../../core/outcome.ts';
import type { Choice, PollKind } from '../../core/poll.ts';
import type { TopicInput } from '../../core/topic-rules.ts';
import type { Delegation } from '../../core/proxy-rules.ts';
import type { PresentFrom, RollEntry } from '../../core/roll-rules.ts';
import { formatWeight } from '../../core/weights.ts';
import type {
	MeetingRecord,
	OptionRecord,
	TopicStatus,
	TopicWithOptions,
	VoteRecord
} from '../../core/types.ts';
import type { ApartBallot, BoundEntry } from './port.ts';
import type { UserRecord } from './store.ts';

export interface TopicRow {
	id: string;
	owner_id: string;
	title: string;
	description: string;
	status: TopicStatus;
	created_at: number;
	opened_at: number | null;
	closed_at: number | null;
	late_grace_seconds: number;
	meeting_id: string | null;
	hide_results: number;
	majority: Majority;
	quorum: number;
	closes_at: number | null;
	kind: PollKind;
	min_choices: number;
	max_choices: number;
	score_max: number;
	seats: number;
	secret: number;
	allow_change: number;
	results_before_voting: number;
	present_at_close: number | null;
	roll_version: number | null;
	eligible: number | null;
	eligible_weight: string | null;
	ballots_apart?: number;
}

export interface OptionRow {
	id: string;
	topic_id: string;
	label: string;
	position: number;
}

export interface AuditRow {
	topic_id: string;
	n: number;
	kind: AuditKind;
	payload: string;
	created_at: number;
	prev_hash: string;
	hash: string;
}

export interface VoteRow {
	topic_id: string;
	user_id: string;
	choice: string;
	ballot_id: string;
	tracker: string;
	created_at: number;
	cast_by?: string | null;
}

export interface MeetingRow {
	id: string;
	owner_id: string;
	title: string;
	code: string;
	current_topic_id: string | null;
	created_at: number;
	access: 'accounts' | 'guests';
	ended_at: number | null;
	electorate: 'open' | 'roll';
	roll_version: number;
	present_from: PresentFrom;
	roll_group: string | null;
	weighted: number;
	proxy_limit: number;
	proxy_revocable: number;
}

export interface UserRow {
	id: string;
	username: string;
	password_hash: string;
	created_at: number;
	kind: 'account' | 'guest';
	display_name: string | null;
	guest_meeting_id: string | null;
}

export interface SessionRow {
	id: string;
	user_id: string;
	secret_hash: Uint8Array;
	created_at: number;
	expires_at: number;
	username: string;
	user_created_at: number;
	display_name: string | null;
	guest_meeting_id: string | null;
}

/** A roll entry with whether someone is bound to it and whether an unused invitation is out (0/1). */
export interface EntryRow {
	id: string;
	meeting_id: string;
	name: string;
	contact: string | null;
	member_number: string | null;
	added_version: number;
	removed_version: number | null;
	checked_in_at: number | null;
	/** Millionths (`lib/core/weights.ts`). */
	weight: number;
	bound: number;
	invited: number;
}

export const toRollEntry = (row: EntryRow): RollEntry => ({
	id: row.id,
	meetingId: row.meeting_id,
	name: row.name,
	contact: row.contact,
	memberNumber: row.member_number,
	addedVersion: row.added_version,
	removedVersion: row.removed_version,
	checkedInAt: row.checked_in_at,
	weight: formatWeight(row.weight),
	bound: row.bound === 1,
	invited: row.invited === 1
});

/** A ballot kept apart from its voter (secret topics; `port.ts` `ApartBallot`). */
export interface BallotRow {
	tracker: string;
	choice: string;
	weight: number | string | null;
	participation_id: string | null;
}

export const toBallot = (row: BallotRow): ApartBallot => ({
	tracker: row.tracker,
	choice: JSON.parse(row.choice) as Choice,
	weight: row.weight === null ? null : Number(row.weight),
	participationId: row.participation_id
});

export const toTopic = (row: TopicRow, options: OptionRow[]): TopicWithOptions => ({
	id: row.id,
	ownerId: row.owner_id,
	title: row.title,
	description: row.description,
	status: row.status,
	createdAt: row.created_at,
	openedAt: row.opened_at,
	closedAt: row.closed_at,
	lateGraceSeconds: row.late_grace_seconds,
	meetingId: row.meeting_id,
	hideResults: row.hide_results === 1,
	resultsBeforeVoting: row.results_before_voting === 1,
	presentAtClose: row.present_at_close,
	majority: row.majority,
	quorum: row.quorum,
	closesAt: row.closes_at,
	kind: row.kind,
	minChoices: row.min_choices,
	maxChoices: row.max_choices,
	scoreMax: row.score_max,
	seats: row.seats,
	secret: row.secret === 1,
	allowChange: row.allow_change === 1,
	rollVersion: row.roll_version,
	eligible: row.eligible,
	eligibleWeight: row.eligible_weight ?? null,
	...(row.ballots_apart === 1 ? { ballotsApart: true } : {}),
	options: options.map(toOption)
});

const toOption = (row: OptionRow): OptionRecord => ({
	id: row.id,
	topicId: row.topic_id,
	label: row.label,
	position: row.position
});

export const toAuditEntry = (row: AuditRow): AuditEntry => ({
	topicId: row.topic_id,
	n: row.n,
	kind: row.kind,
	payload: JSON.parse(row.payload),
	at: row.created_at,
	prev: row.prev_hash,
	hash: row.hash
});

export const toVote = (row: VoteRow): VoteRecord => ({
	topicId: row.topic_id,
	userId: row.user_id,
	choice: JSON.parse(row.choice) as Choice,
	ballotId: row.ballot_id,
	tracker: row.tracker,
	createdAt: row.created_at,
	...(row.cast_by ? { castBy: row.cast_by } : {})
});

export const toMeeting = (row: MeetingRow): MeetingRecord => ({
	id: row.id,
	ownerId: row.owner_id,
	title: row.title,
	code: row.code,
	currentTopicId: row.current_topic_id,
	createdAt: row.created_at,
	// A roll meeting is stored as guests-may-join plus `electorate = 'roll'` (see 0011_roll.sql).
	access: row.electorate === 'roll' ? 'roll' : row.access,
	endedAt: row.ended_at ?? null,
	rollVersion: row.roll_version,
	presentFrom: row.present_from,
	rollGroup: row.roll_group ?? null,
	weighted: row.weighted === 1,
	proxyLimit: row.proxy_limit ?? 0,
	proxyRevocable: row.proxy_revocable === 1
});

/** A delegation between two roll entries (`lib/core/proxy-rules.ts`). */
export interface DelegationRow {
	id: string;
	meeting_id: string;
	from_entry_id: string;
	to_entry_id: string;
	status: Delegation['status'];
	requested_by: string;
	requested_at: number | string;
	approved_by: string | null;
	approved_at: number | string | null;
	revoked_by: string | null;
	revoked_at: number | string | null;
}

const time = (value: number | string | null) => (value === null ? null : Number(value));

export const toDelegation = (row: DelegationRow): Delegation => ({
	id: row.id,
	meetingId: row.meeting_id,
	fromEntryId: row.from_entry_id,
	toEntryId: row.to_entry_id,
	status: row.status,
	requestedBy: row.requested_by,
	requestedAt: Number(row.requested_at),
	approvedBy: row.approved_by,
	approvedAt: time(row.approved_at),
	revokedBy: row.revoked_by,
	revokedAt: time(row.revoked_at)
});

export const toUser = (row: UserRow): UserRecord => ({
	id: row.id,
	username: row.username,
	createdAt: row.created_at,
	guest:
		row.kind === 'guest'
			? { meetingId: row.guest_meeting_id!, displayName: row.display_name ?? '' }
			: null
});

export const toSession = (row: SessionRow) => ({
	session: {
		id: row.id,
		userId: row.user_id,
		secretHash: new Uint8Array(row.secret_hash),
		createdAt: row.created_at,
		expiresAt: row.expires_at
	},
	user: {
		id: row.user_id,
		username: row.username,
		createdAt: row.user_created_at,
		guest: row.guest_meeting_id
			? { meetingId: row.guest_meeting_id, displayName: row.display_name ?? '' }
			: null
	}
});

/** The values of a topic's settings columns, in the order the statements below name them. */
export const settings = (input: TopicInput) => [
	input.title,
	input.description,
	input.lateGraceSeconds,
	input.hideResults ? 1 : 0,
	input.resultsBeforeVoting ? 1 : 0,
	input.majority,
	input.quorum,
	input.kind,
	input.minChoices,
	input.maxChoices,
	input.scoreMax,
	input.secret ? 1 : 0,
	input.allowChange ? 1 : 0,
	input.seats ?? 1
];

/** A roll entry as the vote path reads it (`BoundEntry`); PostgreSQL gives BIGINT weights as text. */
export interface BoundEntryRow {
	id: string;
	added_version: number;
	removed_version: number | null;
	weight: number | string;
}

export const toBoundEntry = (row: BoundEntryRow): BoundEntry => ({
	id: row.id,
	addedVersion: row.added_version,
	removedVersion: row.removed_version,
	weight: Number(row.weight)
});
