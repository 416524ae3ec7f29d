import type { MemberRole, TopicStatus } from './types.ts';

/**
 * Join codes: six characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as
 * `K7Q-2XD`. People type them on phones, so input is forgiving about case, spaces and dashes.
 */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE = new RegExp(`^[${CODE_ALPHABET}]{6}$`);

export function formatCode(raw: string): string {
	return `${raw.slice(0, 3)}-${raw.slice(3)}`;
}

/** Reads what someone typed as a join code; null when it cannot be one. */
export function parseCode(input: unknown): string | null {
	if (typeof input !== 'string') return null;
	const compact = input.toUpperCase().replace(/[\s-]/g, '');
	return CODE.test(compact) ? formatCode(compact) : null;
}

export interface AgendaItem {
	id: string;
	status: TopicStatus;
}

/** Only topics that were never opened may leave the agenda: votes are never thrown away. */
export function canRemove(item: AgendaItem): boolean {
	return item.status === 'draft';
}

/** The agenda order after moving one topic up (-1) or down (+1); unchanged at the ends. */
export function moveItem(ids: string[], id: string, delta: -1 | 1): string[] {
	const from = ids.indexOf(id);
	const to = from + delta;
	if (from < 0 || to < 0 || to >= ids.length) return ids;
	const next = [...ids];
	[next[from], next[to]] = [next[to], next[from]];
	return next;
}

/** The topic before or after the current one; the first when nothing is current yet. */
export function stepAgenda(ids: string[], current: string | null, delta: -1 | 1): string | null {
	if (ids.length === 0) return null;
	const index = current === null ? -1 : ids.indexOf(current);
	if (index < 0) return ids[0];
	return ids[Math.min(ids.length - 1, Math.max(0, index + delta))];
}

/** Whether someone runs the meeting: its host, or a co-host the host added. */
export function runsMeeting(
	meeting: { ownerId: string },
	actorId: string,
	role: MemberRole | null
) {
	return meeting.ownerId === actorId || role === 'cohost';
}

/**
 * Whether someone manages a topic (opens, closes, reveals, times it): whoever created it, and for
 * a topic on a meeting's agenda, whoever runs the meeting.
 */
export function managesTopic(
	topic: { ownerId: string; meetingId: string | null },
	actorId: string,
	meeting: { ownerId: string; role: MemberRole | null } | null
): boolean {
	if (topic.ownerId === actorId) return true;
	return (
		topic.meetingId !== null && meeting !== null && runsMeeting(meeting, actorId, meeting.role)
	);
}

export const DISPLAY_NAME_MAX = 40;

/** Why creating or joining a meeting was refused (see `createMeeting`, `joinAsGuest`). */
export const MEETING_INPUT_ERRORS = [
	'meeting-name-missing',
	'meeting-name-too-long',
	'meeting-code-unknown',
	'join-code-unknown',
	'meeting-accounts-only',
	'display-name-length',
	'meeting-ended',
	'join-too-many'
] as const;
export type MeetingInputError = (typeof MEETING_INPUT_ERRORS)[number];

/** Why the store refused a change to a meeting; carried beside the English message. */
export const MEETING_CHANGE_ERRORS = [
	'meeting-not-found',
	'hosts-only',
	'host-only',
	'topic-not-removable',
	'topic-not-on-agenda',
	'account-unknown',
	'host-already-runs'
] as const;
export type MeetingChangeError = (typeof MEETING_CHANGE_ERRORS)[number];
