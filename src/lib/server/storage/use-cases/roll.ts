/**
 * Roll use cases: a meeting's roll, its invitations and check-in. Each one locks the meeting,
 * lets `lib/core/roll-rules.ts` decide, and writes with an entry in the meeting's roll audit chain.
 */
import { nextEntry, type AuditEntry, type RollAuditKind } from '../../../core/audit-chain.ts';
import {
	checkRollImport,
	keepsDoor,
	keepsRoll,
	parseRollEntry,
	ROLL_MAX,
	rollInputMessages,
	type Electorate,
	type PresentFrom,
	type RollEntry
} from '../../../core/roll-rules.ts';
import type { PollRules } from '../../../core/poll.ts';
import type { MeetingRecord, TopicWithOptions } from '../../../core/types.ts';
import { countsWeight, formatWeight, sumWeights } from '../../../core/weights.ts';
import { randomId } from '../../../shared/ids.ts';
import { db, type BoundEntry, type UseCase } from '../port.ts';
import { endDelegationsOf } from './proxies.ts';
import type { IssuedInvitation, Redemption, RollChange, RollRow } from '../roll-store.ts';

const fail = (
	reason: 'not-found' | 'forbidden' | 'invalid',
	code: Exclude<RollChange, { ok: true }>['code'],
	message: string
) => ({ ok: false, reason, code, message }) as const;

const NOT_FOUND = fail('not-found', 'meeting-not-found', 'No such meeting.');
const FORBIDDEN = fail('forbidden', 'roll-not-allowed', 'Only the meeting’s hosts can do that.');
const NO_ENTRY = fail('not-found', 'roll-entry-not-found', 'No such member on this roll.');

/** Appends to the meeting's roll chain (same format and hashing as a topic's). */
export function* appendRollAudit(
	meetingId: string,
	kind: RollAuditKind,
	payload: Record<string, unknown>,
	at: number
): UseCase<AuditEntry> {
	const entry = nextEntry(yield* db.lastMeetingAudit(meetingId), meetingId, kind, payload, at);
	yield* db.insertMeetingAudit(entry);
	return entry;
}

/**
 * A change to the roll after locking the meeting and checking who may make it: the roll's keepers
 * (host and co-hosts), or also the door helpers (`door`). `change` returns a refusal or nothing.
 */
function* rollChange(
	meetingId: string,
	actorId: string,
	change: (meeting: MeetingRecord) => UseCase<RollChange | void>,
	who: 'roll' | 'door' = 'roll'
): UseCase<RollChange> {
	yield* db.lockMeeting(meetingId);
	const meeting = yield* db.getMeeting(meetingId);
	if (!meeting) return NOT_FOUND;
	const role = yield* db.memberRole(meetingId, actorId);
	const allowed =
		who === 'door' ? keepsDoor(meeting, actorId, role) : keepsRoll(meeting, actorId, role);
	if (!allowed) return FORBIDDEN;
	const refused = yield* change(meeting);
	if (refused) return refused;
	return {
		ok: true,
		version: (yield* db.getMeeting(meetingId))!.rollVersion,
		entries: yield* db.rollEntries(meetingId)
	};
}

export function* rollEntries(meetingId: string): UseCase<RollEntry[]> {
	return yield* db.rollEntries(meetingId);
}

/** Adds members (one typed, or a whole import): all of them as one new version, or none. */
export function* addMembers(
	meetingId: string,
	actorId: string,
	rows: RollRow[],
	now: number
): UseCase<RollChange> {
	return yield* rollChange(meetingId, actorId, function* (meeting) {
		const taken = new Set(yield* db.rollNumbers(meetingId));
		const check = checkRollImport(rows, taken, yield* db.rollCount(meetingId));
		if (!check.ok) {
			const [first] = check.errors;
			return { ...fail('invalid', first.code, first.message), errors: check.errors };
		}
		const version = meeting.rollVersion + 1;
		yield* db.setRollVersion(meetingId, version);
		const inserted = check.entries.map((entry) => ({
			id: randomId(12),
			meetingId,
			addedVersion: version,
			...entry
		}));
		yield* db.insertRollEntries(inserted);
		const added = inserted.map(({ id, name, memberNumber, weight }) => ({
			id,
			name,
			memberNumber,
			weight
		}));
		yield* appendRollAudit(meetingId, 'roll.added', { by: actorId, version, entries: added }, now);
	});
}

export function* editMember(
	meetingId: string,
	actorId: string,
	entryId: string,
	raw: unknown,
	now: number
): UseCase<RollChange> {
	return yield* rollChange(meetingId, actorId, function* (meeting) {
		const current = yield* db.rollEntry(meetingId, entryId);
		if (!current) return NO_ENTRY;
		const check = parseRollEntry(raw, current.weight);
		if (!check.ok) return fail('invalid', check.code, check.message);
		const { name, memberNumber, weight } = check.entry;
		if (weight !== current.weight && (yield* weightedTopicOpen(meetingId))) {
			return fail('invalid', 'roll-weight-locked', WEIGHT_LOCKED);
		}
		if (memberNumber !== null && memberNumber !== current.memberNumber) {
			if ((yield* db.rollNumbers(meetingId)).includes(memberNumber)) {
				const code = 'roll-number-duplicate';
				return fail('invalid', code, rollInputMessages[code]);
			}
		}
		const version = meeting.rollVersion + 1;
		yield* db.setRollVersion(meetingId, version);
		yield* db.updateRollEntry(entryId, check.entry);
		yield* appendRollAudit(
			meetingId,
			'roll.edited',
			{ by: actorId, version, entry: { id: entryId, name, memberNumber, weight } },
			now
		);
	});
}

/** Takes a member off the roll (a new version) and ends their binding; past votes stay counted. */
export function* removeMember(
	meetingId: string,
	actorId: string,
	entryId: string,
	now: number
): UseCase<RollChange> {
	return yield* rollChange(meetingId, actorId, function* (meeting) {
		if (!(yield* db.rollEntry(meetingId, entryId))) return NO_ENTRY;
		const version = meeting.rollVersion + 1;
		yield* db.setRollVersion(meetingId, version);
		yield* db.removeRollEntry(entryId, version);
		yield* db.revokeInvitations([entryId], now);
		yield* endDelegationsOf(meetingId, entryId, actorId, now);
		yield* appendRollAudit(
			meetingId,
			'roll.removed',
			{ by: actorId, version, entry: entryId },
			now
		);
	});
}

/** Issues invitations (their hashes); each revokes the entry's earlier one and its binding. */
export function* issueInvitations(
	meetingId: string,
	actorId: string,
	invitations: IssuedInvitation[],
	now: number
): UseCase<RollChange> {
	return yield* rollChange(meetingId, actorId, function* () {
		// One read of the roll, not one per invitation (a whole roll's sheet is thousands).
		const onRoll = new Set((yield* db.rollEntries(meetingId)).map((entry) => entry.id));
		const entries = invitations.map((invitation) => invitation.entryId);
		// Each entry once: an entry has one live invitation.
		if (entries.some((id) => !onRoll.delete(id))) return NO_ENTRY;
		yield* db.revokeInvitations(entries, now);
		yield* db.insertInvitations(
			invitations.map(({ entryId, codeHash }) => ({
				id: randomId(12),
				meetingId,
				entryId,
				codeHash,
				issuedAt: now,
				issuedBy: actorId
			}))
		);
		yield* appendRollAudit(meetingId, 'invitation.issued', { by: actorId, entries }, now);
	});
}

export function* revokeInvitation(
	meetingId: string,
	actorId: string,
	entryId: string,
	now: number
): UseCase<RollChange> {
	return yield* rollChange(meetingId, actorId, function* () {
		if (!(yield* db.rollEntry(meetingId, entryId))) return NO_ENTRY;
		yield* db.revokeInvitations([entryId], now);
		yield* appendRollAudit(meetingId, 'invitation.revoked', { by: actorId, entry: entryId }, now);
	});
}

export function* peekInvitation(
	codeHash: string
): UseCase<{ meetingId: string; name: string; used: boolean } | null> {
	const found = yield* db.invitationByHash(codeHash);
	if (!found || found.revokedAt !== null) return null;
	const entry = yield* db.rollEntry(found.meetingId, found.entryId);
	return entry
		? { meetingId: found.meetingId, name: entry.name, used: found.userId !== null }
		: null;
}

/** Binds `userId` to the invitation's entry, once; one live binding per user and meeting. */
export function* redeemInvitation(
	codeHash: string,
	userId: string,
	now: number
): UseCase<Redemption> {
	const seen = yield* db.invitationByHash(codeHash);
	if (seen) yield* db.lockMeeting(seen.meetingId);
	// Read again under the meeting's lock, so a redemption or revocation that committed meanwhile
	// (on another connection) is seen: an invitation binds once.
	const found = seen ? yield* db.invitationByHash(codeHash) : null;
	const entry = found ? yield* db.rollEntry(found.meetingId, found.entryId) : null;
	if (!found || found.revokedAt !== null || !entry) {
		return {
			ok: false,
			code: 'invitation-unknown',
			message: 'This invitation is not valid (any more). Ask the hosts for a new one.'
		};
	}
	if ((yield* db.getMeeting(found.meetingId))?.endedAt !== null) {
		return { ok: false, code: 'invitation-meeting-ended', message: 'This meeting has ended.' };
	}
	if (found.userId === userId) return { ok: true, meetingId: found.meetingId, entry };
	if (found.userId !== null) {
		return {
			ok: false,
			code: 'invitation-used',
			message: 'This invitation was already used. Ask the hosts for a new one.'
		};
	}
	if (yield* db.binding(found.meetingId, userId)) {
		return {
			ok: false,
			code: 'invitation-other-entry',
			message: 'You already vote for another member of this roll.'
		};
	}
	yield* db.redeemInvitation(found.id, userId, now);
	yield* appendRollAudit(found.meetingId, 'invitation.redeemed', { entry: found.entryId }, now);
	return {
		ok: true,
		meetingId: found.meetingId,
		entry: (yield* db.rollEntry(found.meetingId, found.entryId))!
	};
}

export function* checkIn(
	meetingId: string,
	actorId: string,
	entryId: string,
	present: boolean,
	now: number
): UseCase<RollChange> {
	return yield* rollChange(
		meetingId,
		actorId,
		function* () {
			const entry = yield* db.rollEntry(meetingId, entryId);
			if (!entry) return NO_ENTRY;
			if ((entry.checkedInAt !== null) === present) return;
			yield* db.setCheckedIn(entryId, present ? now : null);
			const kind = present ? 'member.checked-in' : 'member.checked-out';
			yield* appendRollAudit(meetingId, kind, { by: actorId, entry: entryId }, now);
		},
		'door'
	);
}

export function* setPresentFrom(
	meetingId: string,
	actorId: string,
	from: PresentFrom,
	now: number
): UseCase<RollChange> {
	return yield* rollChange(meetingId, actorId, function* () {
		yield* db.setPresentFrom(meetingId, from);
		yield* appendRollAudit(meetingId, 'roll.present-from', { by: actorId, from }, now);
	});
}

/** Sets (or clears, null) the OpenID group whose members are put on the roll; the host only. */
export function* setRollGroup(
	meetingId: string,
	actorId: string,
	group: string | null,
	now: number
): UseCase<RollChange> {
	return yield* rollChange(meetingId, actorId, function* (meeting) {
		// It grants votes to whomever the provider names: the meeting's host alone sets it.
		if (meeting.ownerId !== actorId) return FORBIDDEN;
		if (meeting.rollGroup === group) return;
		yield* db.setRollGroup(meetingId, group);
		yield* appendRollAudit(meetingId, 'roll.group', { by: actorId, group }, now);
	});
}

/**
 * The binding a group rule makes is stored as an invitation already redeemed, under a code hash
 * no typed code can have (typed codes hash to hex): one per meeting and person, so the rule adds
 * a person once, and not again after the hosts removed them or ended the binding.
 */
export const groupBindingHash = (meetingId: string, userId: string) =>
	`group:${meetingId}:${userId}`;

/**
 * Puts `userId` on the roll by the meeting's group rule: when it is a running roll meeting with a
 * group, `groups` (their provider's, from their latest sign-in) holds it, they are bound to no
 * entry and the rule never added them before. A new roll version, an entry named `name` without
 * member number, bound to them, and `roll.added` with the rule's group in the roll's chain.
 * Returns the new entry, or null when nothing was added.
 */
export function* joinByGroup(
	meetingId: string,
	userId: string,
	name: string,
	groups: string[],
	now: number
): UseCase<RollEntry | null> {
	yield* db.lockMeeting(meetingId);
	const meeting = yield* db.getMeeting(meetingId);
	if (!meeting || meeting.access !== 'roll' || meeting.endedAt !== null) return null;
	if (meeting.rollGroup === null || !groups.includes(meeting.rollGroup)) return null;
	if (yield* db.binding(meetingId, userId)) return null;
	const hash = groupBindingHash(meetingId, userId);
	if (yield* db.invitationByHash(hash)) return null;
	if ((yield* db.rollCount(meetingId)) >= ROLL_MAX) return null;
	const parsed = parseRollEntry({ name });
	if (!parsed.ok) return null;
	const version = meeting.rollVersion + 1;
	yield* db.setRollVersion(meetingId, version);
	const entry = { id: randomId(12), meetingId, addedVersion: version, ...parsed.entry };
	yield* db.insertRollEntries([entry]);
	const invitationId = randomId(12);
	yield* db.insertInvitations([
		{
			id: invitationId,
			meetingId,
			entryId: entry.id,
			codeHash: hash,
			issuedAt: now,
			issuedBy: userId
		}
	]);
	yield* db.redeemInvitation(invitationId, userId, now);
	yield* appendRollAudit(
		meetingId,
		'roll.added',
		{
			by: userId,
			group: meeting.rollGroup,
			version,
			entries: [{ id: entry.id, name: entry.name, memberNumber: null, weight: entry.weight }]
		},
		now
	);
	return yield* db.rollEntry(meetingId, entry.id);
}

/**
 * Weighted voting on or off: topics opened from then on count each member's weight (those open
 * keep what they opened with).
 */
export function* setWeighted(
	meetingId: string,
	actorId: string,
	weighted: boolean,
	now: number
): UseCase<RollChange> {
	return yield* rollChange(meetingId, actorId, function* () {
		yield* db.setWeighted(meetingId, weighted);
		yield* appendRollAudit(meetingId, 'roll.weighted', { by: actorId, weighted }, now);
	});
}

const WEIGHT_LOCKED = 'Weights cannot change while a weighted topic is open. Close it first.';

/**
 * Whether a topic of the meeting is open and counting weight: a member's weight then stays as it
 * is, so every ballot and the eligible weight the topic opened with agree.
 */
function* weightedTopicOpen(meetingId: string): UseCase<boolean> {
	for (const id of yield* db.agendaIds(meetingId)) {
		const topic = yield* db.getTopic(id);
		if (topic?.status === 'open' && topic.eligibleWeight != null) return true;
	}
	return false;
}

/** The weight of the roll now, exactly, as a decimal string. */
function* rollWeight(meetingId: string): UseCase<string> {
	return formatWeight(sumWeights(yield* db.rollWeights(meetingId)));
}

export function* binding(meetingId: string, userId: string): UseCase<RollEntry | null> {
	const bound: BoundEntry | null = yield* db.binding(meetingId, userId);
	return bound ? yield* db.rollEntry(meetingId, bound.id) : null;
}

/**
 * A roll meeting's topic: eligible from the roll it opened with (the roll now while a draft),
 * those of them checked in, and that roll's version. Null outside roll meetings.
 */
export function* electorate(topicId: string): UseCase<Electorate | null> {
	const topic = yield* db.getTopic(topicId);
	if (!topic?.meetingId) return null;
	return yield* electorateOf(topic, yield* db.getMeeting(topic.meetingId));
}

/** `electorate` of a topic and its meeting already read. */
export function* electorateOf(
	topic: TopicWithOptions,
	meeting: MeetingRecord | null
): UseCase<Electorate | null> {
	const topicId = topic.id;
	if (!meeting) return null;
	if (topic.rollVersion === null || topic.rollVersion === undefined || topic.eligible == null) {
		if (meeting.access !== 'roll') return null;
		const { delegationChanges: _meetingOnly, ...now } = yield* currentRoll(meeting.id);
		const roll = { ...now, ...(yield* proxyFigures(meeting, topicId)) };
		return meeting.weighted && countsWeight(topic) && roll.eligibleWeight === undefined
			? { ...roll, eligibleWeight: yield* rollWeight(meeting.id) }
			: roll;
	}
	return {
		eligible: topic.eligible,
		checkedIn: yield* db.checkedInCount(meeting.id, topic.rollVersion),
		rollVersion: topic.rollVersion,
		...(topic.eligibleWeight != null ? { eligibleWeight: topic.eligibleWeight } : {}),
		...(yield* proxyFigures(meeting, topicId))
	};
}

/**
 * Members carried by a proxy now, and the topic's ballots a proxy cast (meetings with proxies);
 * for the meeting itself (no topic), how many changes its delegations have seen instead.
 */
function* proxyFigures(
	meeting: MeetingRecord,
	topicId: string | null
): UseCase<{ represented?: number; byProxy?: number; delegationChanges?: number }> {
	const byProxy = topicId ? (yield* db.proxyCasts(topicId)).length : 0;
	if (!meeting.proxyLimit && byProxy === 0) return {};
	const delegations = yield* db.delegations(meeting.id);
	const represented = delegations.filter((d) => d.status === 'approved').length;
	if (topicId) return { represented, byProxy };
	// Each change adds a row or stamps one of its times: the sum only grows.
	const delegationChanges = delegations.reduce(
		(sum, d) => sum + 1 + (d.approvedAt === null ? 0 : 1) + (d.revokedAt === null ? 0 : 1),
		0
	);
	return { represented, delegationChanges };
}

/** The roll now: its size, who is checked in, its version. */
export function* currentRoll(meetingId: string): UseCase<Electorate> {
	const meeting = yield* db.getMeeting(meetingId);
	return {
		eligible: yield* db.rollCount(meetingId),
		checkedIn: yield* db.checkedInCount(meetingId, null),
		rollVersion: meeting?.rollVersion ?? 0,
		...(meeting ? yield* proxyFigures(meeting, null) : {})
	};
}

export function* checkedIn(meetingId: string): UseCase<number> {
	return yield* db.checkedInCount(meetingId, null);
}

export function* rollAudit(meetingId: string): UseCase<AuditEntry[]> {
	return yield* db.meetingAuditEntries(meetingId);
}

/**
 * What a topic records as it opens in a roll meeting: the roll's version and size now, and with
 * weighted voting on (for poll types that count weight) the roll's weight. Called by the topic's
 * status change, in its transaction. Null outside roll meetings.
 */
export function* rollAtOpening(
	meetingId: string | null,
	rules: Pick<PollRules, 'kind' | 'seats'>
): UseCase<{ version: number; eligible: number; weight?: string } | null> {
	if (!meetingId) return null;
	if ((yield* db.getMeeting(meetingId))?.access !== 'roll') return null;
	// The roll's version and size from one moment: no roll change commits between the two reads.
	yield* db.lockMeeting(meetingId);
	const meeting = yield* db.getMeeting(meetingId);
	if (meeting?.access !== 'roll') return null;
	const roll = { version: meeting.rollVersion, eligible: yield* db.rollCount(meetingId) };
	return meeting.weighted && countsWeight(rules)
		? { ...roll, weight: yield* rollWeight(meetingId) }
		: roll;
}
