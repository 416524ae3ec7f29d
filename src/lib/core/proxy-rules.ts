/**
 * Proxy votes in roll meetings: a member (a roll entry) hands their vote to another member, who
 * then casts a separate ballot for them on every topic while the delegation stands. Pure rules
 * over plain data; the store keeps the rows and the vote path asks `proxyBallot`/`ownBallot`.
 *
 * - A host (or co-host) grants a delegation directly; a member asks for one, and it stands once a
 *   host approves it. A request does not stand: until it is approved the member votes themselves.
 * - `limit` is how many other members one person may carry (0: proxies are off); it is checked
 *   when a delegation would start to stand, so approved delegations never exceed it.
 * - No chains: someone who handed over their vote carries nobody, and someone who carries others
 *   cannot hand over their own vote.
 * - A standing delegation can be ended by the hosts at any time; by the member who gave it only
 *   where the meeting allows (`revocable`). A request can be withdrawn by its member, or refused
 *   by the hosts. Ballots cast before the end stay counted (the ballot is the entry's).
 */
import { onRollAt } from './roll-rules.ts';
import type { RefusalReason } from './types.ts';

/** The most members one person may carry that a meeting can set. */
export const PROXY_LIMIT_MAX = 1000;

export type DelegationStatus = 'requested' | 'approved' | 'revoked';

export interface Delegation {
	id: string;
	meetingId: string;
	/** The member who hands over their vote. */
	fromEntryId: string;
	/** The member who casts it (the proxy). */
	toEntryId: string;
	status: DelegationStatus;
	requestedBy: string;
	requestedAt: number;
	approvedBy: string | null;
	approvedAt: number | null;
	revokedBy: string | null;
	revokedAt: number | null;
}

/** A meeting's proxy settings: how many one person may carry (0: off), and who may end one. */
export interface ProxySettings {
	limit: number;
	/** Whether a member may take back a delegation that stands (the hosts always may). */
	revocable: boolean;
}

export const PROXY_ERRORS = [
	'proxy-roll-only',
	'proxies-off',
	'proxy-limit-invalid',
	'proxy-limit-below-carried',
	'proxy-self',
	'proxy-entry-not-found',
	'proxy-not-member',
	'proxy-already-delegated',
	'proxy-carries-others',
	'proxy-to-delegated',
	'proxy-limit-reached',
	'proxy-not-found',
	'proxy-not-requested',
	'proxy-not-allowed',
	'proxy-not-revocable',
	'proxy-meeting-ended'
] as const;
export type ProxyError = (typeof PROXY_ERRORS)[number];

export const proxyMessages: Record<ProxyError, string> = {
	'proxy-roll-only': 'Proxies exist only in meetings with a roll: each vote belongs to a member.',
	'proxies-off': 'This meeting takes no proxies.',
	'proxy-limit-invalid': `Give the limit as a whole number from 0 (no proxies) to ${PROXY_LIMIT_MAX}.`,
	'proxy-limit-below-carried':
		'Someone carries more votes than that now. End delegations first, then lower the limit.',
	'proxy-self': 'A member cannot hand their vote to themselves.',
	'proxy-entry-not-found': 'No such member on this roll.',
	'proxy-not-member': 'Only members on the roll, with their personal invitation, can do that.',
	'proxy-already-delegated': 'This member has already handed over their vote (or asked to).',
	'proxy-carries-others': 'This member carries others’ votes and cannot hand over their own.',
	'proxy-to-delegated': 'That member has handed over their own vote and cannot carry others.',
	'proxy-limit-reached': 'That member already carries as many votes as this meeting allows.',
	'proxy-not-found': 'No such delegation.',
	'proxy-not-requested': 'Only a request waiting for the hosts can be approved.',
	'proxy-not-allowed': 'Only the meeting’s hosts can do that.',
	'proxy-not-revocable': 'In this meeting only the hosts can end a delegation.',
	'proxy-meeting-ended': 'This meeting has ended.'
};

export type ProxyCheck = { ok: true } | { ok: false; code: ProxyError; message: string };

const ok: ProxyCheck = { ok: true };
const refuse = (code: ProxyError): ProxyCheck => ({
	ok: false,
	code,
	message: proxyMessages[code]
});

/** Reads a host's settings (untrusted body): `limit` a whole number, `revocable` a flag. */
export function parseProxySettings(
	raw: unknown
): { ok: true; settings: ProxySettings } | { ok: false; code: ProxyError; message: string } {
	const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
	const limit = typeof value.limit === 'string' ? Number(value.limit.trim()) : value.limit;
	if (
		typeof limit !== 'number' ||
		!Number.isInteger(limit) ||
		limit < 0 ||
		limit > PROXY_LIMIT_MAX
	) {
		return {
			ok: false,
			code: 'proxy-limit-invalid',
			message: proxyMessages['proxy-limit-invalid']
		};
	}
	const revocable =
		value.revocable === true || value.revocable === 'on' || value.revocable === 'true';
	return { ok: true, settings: { limit, revocable } };
}

/** Delegations that stand: approved and not ended. */
export const standing = (delegations: readonly Delegation[]) =>
	delegations.filter((d) => d.status === 'approved');

/** Delegations still in force or waiting: requested or approved. */
const live = (delegations: readonly Delegation[]) =>
	delegations.filter((d) => d.status !== 'revoked');

/** How many members `entryId` carries now. */
export const carried = (delegations: readonly Delegation[], entryId: string) =>
	standing(delegations).filter((d) => d.toEntryId === entryId).length;

/** Whether the settings may change: the limit never below what someone carries now. */
export function checkSettings(
	settings: ProxySettings,
	delegations: readonly Delegation[]
): ProxyCheck {
	const most = Math.max(0, ...standing(delegations).map((d) => carried(delegations, d.toEntryId)));
	return settings.limit < most || (settings.limit === 0 && live(delegations).length > 0)
		? refuse('proxy-limit-below-carried')
		: ok;
}

/** What the rules need of a meeting. */
export interface ProxyMeeting {
	roll: boolean;
	ended: boolean;
	settings: ProxySettings;
}

/**
 * Whether `from` may hand their vote to `to` now: both on the roll (`onRoll`), not the same, the
 * giver without another delegation standing or asked for and carrying nobody, the proxy not
 * handing over their own vote, and the proxy below the limit (a request is checked as well, so a
 * member learns at once; approving it checks again).
 */
export function checkDelegation(
	meeting: ProxyMeeting,
	from: string,
	to: string,
	onRoll: (entryId: string) => boolean,
	delegations: readonly Delegation[]
): ProxyCheck {
	if (!meeting.roll) return refuse('proxy-roll-only');
	if (meeting.ended) return refuse('proxy-meeting-ended');
	if (meeting.settings.limit === 0) return refuse('proxies-off');
	if (from === to) return refuse('proxy-self');
	if (!onRoll(from) || !onRoll(to)) return refuse('proxy-entry-not-found');
	const current = live(delegations);
	if (current.some((d) => d.fromEntryId === from)) return refuse('proxy-already-delegated');
	if (current.some((d) => d.toEntryId === from)) return refuse('proxy-carries-others');
	if (current.some((d) => d.fromEntryId === to)) return refuse('proxy-to-delegated');
	if (carried(delegations, to) >= meeting.settings.limit) return refuse('proxy-limit-reached');
	return ok;
}

/** Whether a host may approve a request now (the limit is checked again: others may stand now). */
export function checkApproval(
	meeting: ProxyMeeting,
	delegation: Delegation,
	onRoll: (entryId: string) => boolean,
	delegations: readonly Delegation[]
): ProxyCheck {
	if (delegation.status !== 'requested') return refuse('proxy-not-requested');
	const others = delegations.filter((d) => d.id !== delegation.id);
	return checkDelegation(meeting, delegation.fromEntryId, delegation.toEntryId, onRoll, others);
}

/**
 * Whether someone may end a delegation: the hosts always; the member who gave it while it is a
 * request, or (where the meeting allows) once it stands. Ending one already ended changes nothing.
 */
export function checkRevocation(
	settings: ProxySettings,
	delegation: Delegation,
	actor: { host: boolean; entryId: string | null }
): ProxyCheck {
	if (delegation.status === 'revoked') return refuse('proxy-not-found');
	if (actor.host) return ok;
	if (actor.entryId !== delegation.fromEntryId) return refuse('proxy-not-allowed');
	if (delegation.status === 'approved' && !settings.revocable) return refuse('proxy-not-revocable');
	return ok;
}

/**
 * The vote rule for a ballot a proxy casts: the caster is bound to an entry (`caster`), the
 * member they vote for handed their vote to exactly that entry by a delegation that stands, and
 * that member was on the roll the topic opened with. Null: the ballot may be decided as the
 * member's own; otherwise the reason it is refused.
 */
export function proxyBallot(
	caster: { id: string } | null,
	represented: { addedVersion: number; removedVersion: number | null } | null,
	delegation: Pick<Delegation, 'status' | 'toEntryId'> | null,
	rollVersion: number | null | undefined
): RefusalReason | null {
	if (!caster || !represented) return 'not-a-proxy';
	if (delegation?.status !== 'approved' || delegation.toEntryId !== caster.id) return 'not-a-proxy';
	const version = rollVersion ?? Number.MAX_SAFE_INTEGER;
	return onRollAt(represented, version) ? null : 'not-eligible';
}

/** The vote rule for a member's own ballot: refused while their delegation stands. */
export function ownBallot(delegation: Pick<Delegation, 'status'> | null): RefusalReason | null {
	return delegation?.status === 'approved' ? 'delegated' : null;
}
