/**
 * The roll store: a meeting's roll, its invitations and check-in. Each method is one use case that
 * reads, lets `lib/core/roll-rules.ts` decide, and writes with its audit entry in one transaction.
 */
import type { AuditEntry } from '../../core/audit-chain.ts';
import type {
	Electorate,
	PresentFrom,
	RollChangeError,
	RollEntry,
	RollInputError,
	RollRowError
} from '../../core/roll-rules.ts';
import type { MeetingChangeError } from '../../core/meeting-rules.ts';

export type RollChange =
	| { ok: true; version: number; entries: RollEntry[] }
	| {
			ok: false;
			reason: 'not-found' | 'forbidden' | 'invalid';
			code: RollChangeError | RollInputError | MeetingChangeError;
			message: string;
			/** An import's refused lines (nothing of it was written). */
			errors?: RollRowError[];
	  };

/** A freshly made invitation: the code is shown once (on the sheet) and only its hash is kept. */
export interface IssuedInvitation {
	entryId: string;
	codeHash: string;
}

export type Redemption =
	| { ok: true; meetingId: string; entry: RollEntry }
	| { ok: false; code: RollChangeError; message: string };

/** One row of an import (or a single typed member): its line in the file and its raw fields. */
export interface RollRow {
	line: number;
	raw: unknown;
}

export interface RollStore {
	/** The entries on the roll now (removed ones left out), in name order. */
	list(meetingId: string): Promise<RollEntry[]>;
	/** Adds members (one typed, or a whole import): all of them, or none with every row's error. */
	add(meetingId: string, actorId: string, rows: RollRow[], now: number): Promise<RollChange>;
	edit(
		meetingId: string,
		actorId: string,
		entryId: string,
		raw: unknown,
		now: number
	): Promise<RollChange>;
	/** Takes an entry off the roll (and ends its binding); its past votes stay counted. */
	remove(meetingId: string, actorId: string, entryId: string, now: number): Promise<RollChange>;
	/**
	 * Issues invitations (their hashes): each one revokes the entry's earlier invitation and the
	 * binding it made, so a lost phone stops voting for the member.
	 */
	issue(
		meetingId: string,
		actorId: string,
		invitations: IssuedInvitation[],
		now: number
	): Promise<RollChange>;
	/** Revokes the entry's invitation and binding without issuing a new one. */
	revoke(meetingId: string, actorId: string, entryId: string, now: number): Promise<RollChange>;
	/** The live invitation a code hashes to, without using it (null: unknown or revoked). */
	peek(codeHash: string): Promise<{ meetingId: string; name: string; used: boolean } | null>;
	/** Binds `userId` to the entry of the invitation whose code hashes to `codeHash`, once. */
	redeem(codeHash: string, userId: string, now: number): Promise<Redemption>;
	/** Marks a member present (or not) at the door; hosts and door helpers. */
	checkIn(
		meetingId: string,
		actorId: string,
		entryId: string,
		present: boolean,
		now: number
	): Promise<RollChange>;
	setPresentFrom(
		meetingId: string,
		actorId: string,
		from: PresentFrom,
		now: number
	): Promise<RollChange>;
	/** Sets (or clears, null) the OpenID group whose members are put on the roll; the host only. */
	setGroup(
		meetingId: string,
		actorId: string,
		group: string | null,
		now: number
	): Promise<RollChange>;
	/**
	 * Puts `userId` on the roll by the meeting's group rule, once (see `use-cases/roll.ts`); the
	 * new entry, or null when the rule adds nobody.
	 */
	joinByGroup(
		meetingId: string,
		userId: string,
		name: string,
		groups: string[],
		now: number
	): Promise<RollEntry | null>;
	/** Weighted voting on or off for topics opened from now on (`lib/core/weights.ts`). */
	setWeighted(
		meetingId: string,
		actorId: string,
		weighted: boolean,
		now: number
	): Promise<RollChange>;
	/** The entry `userId` is bound to in the meeting now, if any. */
	binding(meetingId: string, userId: string): Promise<RollEntry | null>;
	/** The figures a topic of a roll meeting shows (null: not a roll meeting's topic). */
	electorate(topicId: string): Promise<Electorate | null>;
	/** The roll now: its size, who is checked in, its version. */
	current(meetingId: string): Promise<Electorate>;
	/** Members checked in now (the current roll). */
	checkedIn(meetingId: string): Promise<number>;
	/** The meeting's roll audit chain. */
	audit(meetingId: string): Promise<AuditEntry[]>;
}
