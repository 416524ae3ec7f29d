/**
 * Roll use cases shared by the pages and the JSON API: import, invitations, redemption, check-in.
 * Every change is pushed to the meeting's open screens and its topics' turnout figures.
 *
 * Invitation codes are made here from the platform's CSPRNG and shown once (on the sheet the host
 * prints, or in the answer to a reissue); the store keeps only their SHA-256, like session secrets,
 * so a leaked database row admits nobody.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { CODE_ALPHABET } from '../core/meeting-rules.ts';
import {
	formatInvitation,
	INVITATION_LENGTH,
	parseInvitation,
	parseRollGroup,
	type RollEntry
} from '../core/roll-rules.ts';
import type { MeetingRecord } from '../core/types.ts';
import { logout } from './accounts.ts';
import { groupsOf } from './oidc-accounts.ts';
import { readRollCsv, ROLL_CSV_MAX_BYTES } from './roll-csv.ts';
import type { Services } from './services.ts';
import type { RollChange } from './storage/roll-store.ts';
import type { SessionRecord, UserRecord } from './storage/store.ts';

/** A new invitation code (compact form), every character equally likely. */
export function randomInvitation(): string {
	let raw = '';
	while (raw.length < INVITATION_LENGTH) {
		const bytes = crypto.getRandomValues(new Uint8Array(INVITATION_LENGTH));
		for (const byte of bytes) {
			// Rejection sampling: 248 is the largest multiple of the alphabet's 31 below 256.
			if (byte < 248 && raw.length < INVITATION_LENGTH) raw += CODE_ALPHABET[byte % 31];
		}
	}
	return raw;
}

/** What the store keeps of a code: the SHA-256 of its compact form. */
export const hashInvitation = (compact: string) =>
	encodeHexLowerCase(sha256(new TextEncoder().encode(compact)));

/**
 * After a roll change: the meeting's screens and the figures of its topics still running follow
 * (a closed topic's eligible and voted are fixed; only its check-in count could move).
 */
async function published(services: Services, meetingId: string, change: RollChange) {
	if (!change.ok) return change;
	await publishRollFigures(services, meetingId);
	return change;
}

/**
 * Writes the meeting document and its running topics' documents anew, after a change of the
 * roll or of its delegations (members represented, `delegationChanges`).
 */
export async function publishRollFigures(services: Services, meetingId: string) {
	await services.publishMeeting(meetingId);
	const agenda = await services.stores.meetings.agenda(meetingId);
	const running = agenda.filter((topic) => topic.status !== 'closed');
	await Promise.all(running.map((topic) => services.publishTopic(topic.id)));
}

export async function addMember(
	services: Services,
	meetingId: string,
	actorId: string,
	raw: unknown
) {
	const change = await services.stores.roll.add(
		meetingId,
		actorId,
		[{ line: 1, raw }],
		services.now()
	);
	return published(services, meetingId, change);
}

/** Imports a CSV: every member or none, with each refused line named. */
export async function importRoll(
	services: Services,
	meetingId: string,
	actorId: string,
	text: string
): Promise<RollChange> {
	if (text.length > ROLL_CSV_MAX_BYTES) {
		return {
			ok: false,
			reason: 'invalid',
			code: 'roll-too-many',
			message: 'The file is too large.'
		};
	}
	const csv = readRollCsv(text);
	if (!csv.ok) {
		const [first] = csv.errors;
		return {
			ok: false,
			reason: 'invalid',
			code: first.code,
			message: first.message,
			errors: csv.errors
		};
	}
	const change = await services.stores.roll.add(meetingId, actorId, csv.rows, services.now());
	return published(services, meetingId, change);
}

export async function editMember(
	services: Services,
	meetingId: string,
	actorId: string,
	entryId: string,
	raw: unknown
) {
	const change = await services.stores.roll.edit(meetingId, actorId, entryId, raw, services.now());
	return published(services, meetingId, change);
}

export async function removeMember(
	services: Services,
	meetingId: string,
	actorId: string,
	entryId: string
) {
	const change = await services.stores.roll.remove(meetingId, actorId, entryId, services.now());
	return published(services, meetingId, change);
}

export async function checkIn(
	services: Services,
	meetingId: string,
	actorId: string,
	entryId: string,
	present: boolean
) {
	const change = await services.stores.roll.checkIn(
		meetingId,
		actorId,
		entryId,
		present,
		services.now()
	);
	return published(services, meetingId, change);
}

/** Sets (or clears: empty) the OpenID group whose members are put on the roll; the host only. */
export async function setRollGroup(
	services: Services,
	meetingId: string,
	actorId: string,
	raw: unknown
): Promise<RollChange> {
	const parsed = parseRollGroup(raw);
	if (!parsed.ok) {
		return { ok: false, reason: 'invalid', code: parsed.code, message: parsed.message };
	}
	const change = await services.stores.roll.setGroup(
		meetingId,
		actorId,
		parsed.group,
		services.now()
	);
	if (change.ok) await services.publishMeeting(meetingId);
	return change;
}

/**
 * The group rule of a roll meeting, run when an account opens the meeting: a person whose
 * provider named the meeting's group at their latest sign-in (`groupsOf`) is put on the roll,
 * bound to their account, once. Guests and password accounts have no groups and are never added.
 * Someone who left the group is not added any more; an entry added earlier stays until the hosts
 * remove it.
 */
export async function joinRollByGroup(
	services: Services,
	meeting: MeetingRecord,
	user: UserRecord
): Promise<RollEntry | null> {
	if (meeting.access !== 'roll' || meeting.rollGroup === null || user.guest !== null) return null;
	const groups = await groupsOf(services, user.id);
	if (!groups.includes(meeting.rollGroup)) return null;
	const entry = await services.stores.roll.joinByGroup(
		meeting.id,
		user.id,
		user.username,
		groups,
		services.now()
	);
	if (entry) {
		await published(services, meeting.id, {
			ok: true,
			version: entry.addedVersion,
			entries: []
		});
	}
	return entry;
}

export async function revokeInvitation(
	services: Services,
	meetingId: string,
	actorId: string,
	entryId: string
) {
	const change = await services.stores.roll.revoke(meetingId, actorId, entryId, services.now());
	return published(services, meetingId, change);
}

/**
 * One printed invitation: the member, their code as typed, and their personal link. The link
 * carries the code in its query string, which the request log leaves out (it logs paths only).
 */
export interface Invitation {
	entry: Pick<RollEntry, 'id' | 'name' | 'memberNumber'>;
	code: string;
	link: string;
}

/**
 * Issues invitations for `entryIds` (`'not-bound'`: every member nobody is bound to yet). Each
 * revokes the member's earlier invitation and binding. The codes are returned once, for the sheet.
 */
export async function issueInvitations(
	services: Services,
	meetingId: string,
	actorId: string,
	entryIds: string[] | 'not-bound',
	origin: string
): Promise<{ ok: true; invitations: Invitation[] } | Exclude<RollChange, { ok: true }>> {
	const roll = await services.stores.roll.list(meetingId);
	const chosen =
		entryIds === 'not-bound'
			? roll.filter((entry) => !entry.bound)
			: roll.filter((entry) => entryIds.includes(entry.id));
	if (entryIds !== 'not-bound' && chosen.length !== entryIds.length) {
		return {
			ok: false,
			reason: 'not-found',
			code: 'roll-entry-not-found',
			message: 'No such member on this roll.'
		};
	}
	const codes = chosen.map((entry) => ({ entry, code: randomInvitation() }));
	const change = await services.stores.roll.issue(
		meetingId,
		actorId,
		codes.map(({ entry, code }) => ({ entryId: entry.id, codeHash: hashInvitation(code) })),
		services.now()
	);
	if (!change.ok) return change;
	await published(services, meetingId, change);
	return {
		ok: true,
		invitations: codes.map(({ entry, code }) => ({
			entry: { id: entry.id, name: entry.name, memberNumber: entry.memberNumber },
			code: formatInvitation(code),
			link: `${origin}/invite?code=${code}`
		}))
	};
}

export type InvitationRedemption =
	| {
			ok: true;
			meetingId: string;
			entry: RollEntry;
			/** A new guest session when the redeemer came without one that could be bound. */
			login: { user: UserRecord; token: string; session: SessionRecord } | null;
	  }
	| { ok: false; status: 404 | 409 | 410 | 429; code: string; message: string };

/**
 * Redeems an invitation: binds the signed-in account, or this meeting's guest session, or else a
 * new guest session (named after the member) made for this device, to the member's roll entry.
 * Codes that match no live invitation spend the address's budget of misses, as join codes do.
 */
export async function redeemInvitation(
	services: Services,
	input: unknown,
	current: { user: UserRecord; session: SessionRecord } | null,
	address: string
): Promise<InvitationRedemption> {
	const misses = services.budgets.joinMissesByAddress;
	const wait = await misses.spent(address);
	if (wait > 0) {
		return {
			ok: false,
			status: 429,
			code: 'join-too-many',
			message: 'Too many tries from your network just now. Wait a few minutes and try again.'
		};
	}
	const compact = parseInvitation(input);
	const hash = compact ? hashInvitation(compact) : null;
	const found = hash ? await services.stores.roll.peek(hash) : null;
	if (!hash || !found) {
		await misses.take(address);
		return {
			ok: false,
			status: 404,
			code: 'invitation-unknown',
			message: 'This invitation is not valid (any more). Ask the hosts for a new one.'
		};
	}
	// An account, or a guest of this very meeting, keeps who they are; anyone else gets a new
	// guest session of the meeting for this device.
	const keep =
		current && (current.user.guest === null || current.user.guest.meetingId === found.meetingId);
	let login: Extract<InvitationRedemption, { ok: true }>['login'] = null;
	let userId = keep ? current.user.id : null;
	if (!userId) {
		if (found.used) {
			return {
				ok: false,
				status: 409,
				code: 'invitation-used',
				message: 'This invitation was already used. Ask the hosts for a new one.'
			};
		}
		await logout(services, current?.session ?? null);
		const now = services.now();
		const user = await services.stores.users.createGuest(
			found.meetingId,
			found.name.slice(0, 40),
			now
		);
		const { token, session } = await services.sessions.create(user.id, now);
		login = { user, token, session };
		userId = user.id;
	}
	const redeemed = await services.stores.roll.redeem(hash, userId, services.now());
	if (!redeemed.ok) {
		const status =
			redeemed.code === 'invitation-meeting-ended'
				? 410
				: redeemed.code === 'invitation-unknown'
					? 404
					: 409;
		return { ok: false, status, code: redeemed.code, message: redeemed.message };
	}
	await services.publishMeeting(redeemed.meetingId);
	return { ok: true, meetingId: redeemed.meetingId, entry: redeemed.entry, login };
}
