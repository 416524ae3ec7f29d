/**
 * Proxy use cases: a roll meeting's settings and its delegations. Each one locks the meeting, lets
 * `lib/core/proxy-rules.ts` decide, and writes with an entry in the meeting's roll audit chain
 * (`proxy.*`, naming who did it and the two roll entries; never a choice).
 */
import { keepsRoll } from '../../../core/roll-rules.ts';
import {
	checkApproval,
	checkDelegation,
	checkRevocation,
	checkSettings,
	parseProxySettings,
	proxyMessages,
	type Delegation,
	type ProxyError,
	type ProxyMeeting,
	type ProxySettings
} from '../../../core/proxy-rules.ts';
import type { MeetingRecord } from '../../../core/types.ts';
import { randomId } from '../../../shared/ids.ts';
import { db, type UseCase } from '../port.ts';
import type { DelegationView, ProxyChange, ProxyView } from '../proxy-store.ts';
import { appendRollAudit } from './roll.ts';

const refuse = (reason: 'not-found' | 'forbidden' | 'invalid', code: ProxyError) =>
	({ ok: false, reason, code, message: proxyMessages[code] }) as const;

const NOT_FOUND = {
	ok: false,
	reason: 'not-found',
	code: 'meeting-not-found',
	message: 'No such meeting.'
} as const;

/** Which refusals mean "not allowed" rather than "not valid". */
const FORBIDDEN: ReadonlySet<ProxyError> = new Set([
	'proxy-not-allowed',
	'proxy-not-revocable',
	'proxy-not-member'
]);
const reasonOf = (code: ProxyError) =>
	FORBIDDEN.has(code) ? 'forbidden' : code === 'proxy-not-found' ? 'not-found' : 'invalid';

export const settingsOf = (meeting: MeetingRecord): ProxySettings => ({
	limit: meeting.proxyLimit ?? 0,
	revocable: meeting.proxyRevocable ?? false
});

const proxyMeeting = (meeting: MeetingRecord): ProxyMeeting => ({
	roll: meeting.access === 'roll',
	ended: meeting.endedAt !== null,
	settings: settingsOf(meeting)
});

/** Delegations with both members' names (removed members keep theirs). */
function* named(meetingId: string, list: Delegation[]): UseCase<DelegationView[]> {
	const names = new Map((yield* db.rollHistory(meetingId)).map((e) => [e.id, e.name]));
	return list.map((d) => ({
		...d,
		fromName: names.get(d.fromEntryId) ?? '',
		toName: names.get(d.toEntryId) ?? ''
	}));
}

function* viewFor(meeting: MeetingRecord, actorId: string): UseCase<ProxyView> {
	const host = keepsRoll(meeting, actorId, yield* db.memberRole(meeting.id, actorId));
	const bound = meeting.access === 'roll' ? yield* db.binding(meeting.id, actorId) : null;
	const entry = bound ? yield* db.rollEntry(meeting.id, bound.id) : null;
	const live = (yield* db.delegations(meeting.id)).filter(
		(d) =>
			d.status !== 'revoked' &&
			(host || (entry !== null && (d.fromEntryId === entry.id || d.toEntryId === entry.id)))
	);
	return {
		settings: settingsOf(meeting),
		host,
		entry: entry ? { id: entry.id, name: entry.name } : null,
		delegations: yield* named(meeting.id, live)
	};
}

export function* proxyView(meetingId: string, actorId: string): UseCase<ProxyView | null> {
	const meeting = yield* db.getMeeting(meetingId);
	return meeting ? yield* viewFor(meeting, actorId) : null;
}

export function* delegationHistory(meetingId: string): UseCase<DelegationView[]> {
	return yield* named(meetingId, yield* db.delegations(meetingId));
}

/**
 * A change after locking the meeting: `change` gets the meeting, whether the actor runs it, and
 * the entry they are bound to, and returns a refusal or the delegation it touched.
 */
function* proxyChange(
	meetingId: string,
	actorId: string,
	change: (
		meeting: MeetingRecord,
		actor: { host: boolean; entryId: string | null }
	) => UseCase<Exclude<ProxyChange, { ok: true }> | Delegation | void>
): UseCase<ProxyChange> {
	yield* db.lockMeeting(meetingId);
	const meeting = yield* db.getMeeting(meetingId);
	if (!meeting) return NOT_FOUND;
	const host = keepsRoll(meeting, actorId, yield* db.memberRole(meetingId, actorId));
	const bound = meeting.access === 'roll' ? yield* db.binding(meetingId, actorId) : null;
	const outcome = yield* change(meeting, { host, entryId: bound?.id ?? null });
	if (outcome && 'ok' in outcome) return outcome;
	const after = (yield* db.getMeeting(meetingId))!;
	const view = yield* viewFor(after, actorId);
	if (!outcome) return { ok: true, view };
	const [delegation] = yield* named(meetingId, [(yield* db.delegation(meetingId, outcome.id))!]);
	return { ok: true, view, delegation };
}

/** Whether an entry is on the roll now. */
function* onRollNow(meetingId: string): UseCase<(entryId: string) => boolean> {
	const ids = new Set((yield* db.rollEntries(meetingId)).map((e) => e.id));
	return (entryId: string) => ids.has(entryId);
}

export function* setProxySettings(
	meetingId: string,
	actorId: string,
	raw: unknown,
	now: number
): UseCase<ProxyChange> {
	return yield* proxyChange(meetingId, actorId, function* (meeting, actor) {
		if (!actor.host) return refuse('forbidden', 'proxy-not-allowed');
		if (meeting.access !== 'roll') return refuse('invalid', 'proxy-roll-only');
		const parsed = parseProxySettings(raw);
		if (!parsed.ok) return refuse('invalid', parsed.code);
		const check = checkSettings(parsed.settings, yield* db.delegations(meetingId));
		if (!check.ok) return refuse('invalid', check.code);
		const { limit, revocable } = parsed.settings;
		const before = settingsOf(meeting);
		if (before.limit === limit && before.revocable === revocable) return;
		yield* db.setProxySettings(meetingId, parsed.settings);
		yield* appendRollAudit(meetingId, 'proxy.settings', { by: actorId, limit, revocable }, now);
	});
}

function* startDelegation(
	meeting: MeetingRecord,
	actorId: string,
	from: string,
	to: string,
	approved: boolean,
	now: number
): UseCase<Exclude<ProxyChange, { ok: true }> | Delegation> {
	const check = checkDelegation(
		proxyMeeting(meeting),
		from,
		to,
		yield* onRollNow(meeting.id),
		yield* db.delegations(meeting.id)
	);
	if (!check.ok) return refuse(reasonOf(check.code), check.code);
	const delegation: Delegation = {
		id: randomId(12),
		meetingId: meeting.id,
		fromEntryId: from,
		toEntryId: to,
		status: approved ? 'approved' : 'requested',
		requestedBy: actorId,
		requestedAt: now,
		approvedBy: approved ? actorId : null,
		approvedAt: approved ? now : null,
		revokedBy: null,
		revokedAt: null
	};
	yield* db.insertDelegation(delegation);
	yield* appendRollAudit(
		meeting.id,
		approved ? 'proxy.granted' : 'proxy.requested',
		{ by: actorId, delegation: delegation.id, from, to },
		now
	);
	return delegation;
}

/** A host hands `from`'s vote to `to`: it stands at once (within the limit). */
export function* grantDelegation(
	meetingId: string,
	actorId: string,
	pair: { from: string; to: string },
	now: number
): UseCase<ProxyChange> {
	return yield* proxyChange(meetingId, actorId, function* (meeting, actor) {
		if (!actor.host) return refuse('forbidden', 'proxy-not-allowed');
		return yield* startDelegation(meeting, actorId, pair.from, pair.to, true, now);
	});
}

/** A member on the roll asks to hand their vote to `to`; a host approves it (or not). */
export function* requestDelegation(
	meetingId: string,
	actorId: string,
	to: string,
	now: number
): UseCase<ProxyChange> {
	return yield* proxyChange(meetingId, actorId, function* (meeting, actor) {
		if (meeting.access !== 'roll') return refuse('invalid', 'proxy-roll-only');
		if (!actor.entryId) return refuse('forbidden', 'proxy-not-member');
		return yield* startDelegation(meeting, actorId, actor.entryId, to, false, now);
	});
}

export function* approveDelegation(
	meetingId: string,
	actorId: string,
	id: string,
	now: number
): UseCase<ProxyChange> {
	return yield* proxyChange(meetingId, actorId, function* (meeting, actor) {
		if (!actor.host) return refuse('forbidden', 'proxy-not-allowed');
		const delegation = yield* db.delegation(meetingId, id);
		if (!delegation) return refuse('not-found', 'proxy-not-found');
		const check = checkApproval(
			proxyMeeting(meeting),
			delegation,
			yield* onRollNow(meetingId),
			yield* db.delegations(meetingId)
		);
		if (!check.ok) return refuse(reasonOf(check.code), check.code);
		const approved: Delegation = {
			...delegation,
			status: 'approved',
			approvedBy: actorId,
			approvedAt: now
		};
		yield* db.updateDelegation(approved);
		yield* appendRollAudit(meetingId, 'proxy.approved', { by: actorId, delegation: id }, now);
		return approved;
	});
}

/** Ends a delegation: refused or withdrawn while asked for, taken back once it stands. */
export function* revokeDelegation(
	meetingId: string,
	actorId: string,
	id: string,
	now: number
): UseCase<ProxyChange> {
	return yield* proxyChange(meetingId, actorId, function* (meeting, actor) {
		const delegation = yield* db.delegation(meetingId, id);
		if (!delegation) return refuse('not-found', 'proxy-not-found');
		const check = checkRevocation(settingsOf(meeting), delegation, actor);
		if (!check.ok) return refuse(reasonOf(check.code), check.code);
		return yield* endDelegation(delegation, actorId, now);
	});
}

/** Ends a delegation with its `proxy.revoked` entry (`cause`: why, when not someone's choice). */
export function* endDelegation(
	delegation: Delegation,
	actorId: string,
	now: number,
	cause?: string
): UseCase<Delegation> {
	const ended: Delegation = {
		...delegation,
		status: 'revoked',
		revokedBy: actorId,
		revokedAt: now
	};
	yield* db.updateDelegation(ended);
	yield* appendRollAudit(
		delegation.meetingId,
		'proxy.revoked',
		{ by: actorId, delegation: delegation.id, ...(cause ? { cause } : {}) },
		now
	);
	return ended;
}

/** Ends every live delegation given or carried by an entry leaving the roll. */
export function* endDelegationsOf(
	meetingId: string,
	entryId: string,
	actorId: string,
	now: number
): UseCase<void> {
	for (const d of yield* db.delegations(meetingId)) {
		if (d.status !== 'revoked' && (d.fromEntryId === entryId || d.toEntryId === entryId)) {
			yield* endDelegation(d, actorId, now, 'roll.removed');
		}
	}
}
