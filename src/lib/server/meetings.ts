/** Meeting use cases shared by the pages and the JSON API. */
import { cleanLine, TITLE_MAX } from '../core/topic-rules.ts';
import { DISPLAY_NAME_MAX, parseCode, type MeetingInputError } from '../core/meeting-rules.ts';
import type { MeetingRecord, TopicWithOptions } from '../core/types.ts';
import { logout } from './accounts.ts';
import type { Services } from './services.ts';
import type { MeetingChange, SessionRecord, UserRecord } from './storage/store.ts';
import { topicJson } from './topics.ts';

export type CreateMeetingResult =
	| { ok: true; meeting: MeetingRecord }
	| {
			ok: false;
			field: 'title';
			code: MeetingInputError;
			params?: Record<string, number | string>;
			message: string;
	  };

export async function createMeeting(
	services: Services,
	ownerId: string,
	title: unknown
): Promise<CreateMeetingResult> {
	const clean = typeof title === 'string' ? cleanLine(title) : '';
	if (clean === '') {
		return {
			ok: false,
			field: 'title',
			code: 'meeting-name-missing',
			message: 'Give the meeting a name.'
		};
	}
	if (clean.length > TITLE_MAX) {
		return {
			ok: false,
			field: 'title',
			code: 'meeting-name-too-long',
			params: { max: TITLE_MAX },
			message: `Keep the name under ${TITLE_MAX} characters.`
		};
	}
	return {
		ok: true,
		meeting: await services.stores.meetings.create(ownerId, clean, services.now())
	};
}

/** Runs a host's change and, when it worked, pushes the new agenda to every open screen. */
export async function changeMeeting(
	services: Services,
	change: Promise<MeetingChange>
): Promise<MeetingChange> {
	const result = await change;
	if (result.ok) await services.publishMeeting(result.meeting.id);
	return result;
}

export async function findByCode(
	services: Services,
	input: unknown
): Promise<MeetingRecord | null> {
	const code = parseCode(input);
	return code ? services.stores.meetings.getByCode(code) : null;
}

/** What the meeting document holds, for a page's first render before the socket syncs. */
export async function meetingSnapshot(services: Services, meeting: MeetingRecord) {
	const agenda = await services.stores.meetings.agenda(meeting.id);
	return {
		meta: { id: meeting.id, title: meeting.title, code: meeting.code },
		agenda: agenda.map(({ id, title, status }) => ({ id, title, status })),
		current: { topicId: meeting.currentTopicId }
	};
}

export function meetingJson(meeting: MeetingRecord, agenda: TopicWithOptions[]) {
	return {
		id: meeting.id,
		title: meeting.title,
		code: meeting.code,
		ownerId: meeting.ownerId,
		currentTopicId: meeting.currentTopicId,
		createdAt: meeting.createdAt,
		access: meeting.access,
		agenda: agenda.map(topicJson)
	};
}

export type GuestJoin =
	| { ok: true; meeting: MeetingRecord; user: UserRecord; token: string; session: SessionRecord }
	| {
			ok: false;
			status: 400 | 403 | 404;
			field: 'code' | 'name';
			code: MeetingInputError;
			params?: Record<string, number | string>;
			message: string;
	  };

/**
 * Lets someone without an account into a meeting that takes guests: a guest user bound to that
 * meeting, with a fresh session (any session the request carried is ended first). One guest, one
 * ballot per topic: joining again makes a new guest, which is the limit of what guests guarantee.
 */
export async function joinAsGuest(
	services: Services,
	code: unknown,
	displayName: unknown,
	previous: SessionRecord | null
): Promise<GuestJoin> {
	const meeting = await findByCode(services, code);
	if (!meeting) {
		return {
			ok: false,
			status: 404,
			field: 'code',
			code: 'meeting-code-unknown',
			message: 'No meeting has that code.'
		};
	}
	if (meeting.access !== 'guests') {
		return {
			ok: false,
			status: 403,
			field: 'code',
			code: 'meeting-accounts-only',
			message: 'This meeting is for signed-in accounts only. Sign in to take part.'
		};
	}
	const name = typeof displayName === 'string' ? cleanLine(displayName) : '';
	if (name === '' || name.length > DISPLAY_NAME_MAX) {
		return {
			ok: false,
			status: 400,
			field: 'name',
			code: 'display-name-length',
			params: { max: DISPLAY_NAME_MAX },
			message: `Give a display name of 1 to ${DISPLAY_NAME_MAX} characters.`
		};
	}
	await logout(services, previous);
	const now = services.now();
	const user = await services.stores.users.createGuest(meeting.id, name, now);
	const { token, session } = await services.sessions.create(user.id, now);
	return { ok: true, meeting, user, token, session };
}

/** Who runs the meeting besides its host, and who only watches. */
export async function meetingRoles(
	services: Services,
	meeting: MeetingRecord,
	userId: string | null
) {
	const role = userId ? await services.stores.meetings.role(meeting.id, userId) : null;
	return {
		isHost: userId === meeting.ownerId,
		runs: userId === meeting.ownerId || role === 'cohost',
		role
	};
}

/** Who has the meeting open now, by name, for the people who run it (null: not allowed). */
export async function presentNames(
	services: Services,
	meeting: MeetingRecord,
	userId: string
): Promise<{ name: string; guest: boolean }[] | null> {
	if (!(await meetingRoles(services, meeting, userId)).runs) return null;
	const ids = await services.presentIn(meeting.id);
	const users = await Promise.all(ids.map((id) => services.stores.users.findById(id)));
	return users
		.filter((user) => user !== null)
		.map((user) => ({
			name: user.guest ? user.guest.displayName : user.username,
			guest: user.guest !== null
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
