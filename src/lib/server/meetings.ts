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

/** Why a join code led to no meeting one may join. */
export type CodeRefusal = {
	ok: false;
	status: 404 | 410 | 429;
	field: 'code';
	code: 'meeting-code-unknown' | 'meeting-ended' | 'join-too-many';
	message: string;
	retryAfterSeconds?: number;
};

const UNKNOWN_CODE: CodeRefusal = {
	ok: false,
	status: 404,
	field: 'code',
	code: 'meeting-code-unknown',
	message: 'No meeting has that code.'
};
const ENDED: CodeRefusal = {
	ok: false,
	status: 410,
	field: 'code',
	code: 'meeting-ended',
	message: 'This meeting has ended; its code no longer works.'
};
const tooManyJoins = (waitMs: number): CodeRefusal => ({
	ok: false,
	status: 429,
	field: 'code',
	code: 'join-too-many',
	message: 'Too many tries to join from your network just now. Wait a few minutes and try again.',
	retryAfterSeconds: Math.ceil(waitMs / 1000)
});

/**
 * A join code typed by someone at `address`. Codes that find no running meeting spend from the
 * address's budget of misses; once it is spent, every lookup from there waits, so guessing codes
 * (31^6 of them) stops after a few dozen tries while a room full of people typing the right code,
 * and the odd typo, goes through.
 */
export async function lookUpCode(
	services: Services,
	input: unknown,
	address: string
): Promise<{ ok: true; meeting: MeetingRecord } | CodeRefusal> {
	const misses = services.budgets.joinMissesByAddress;
	const wait = await misses.spent(address);
	if (wait > 0) return tooManyJoins(wait);
	const meeting = await findByCode(services, input);
	if (!meeting || meeting.endedAt !== null) {
		await misses.take(address);
		return meeting ? ENDED : UNKNOWN_CODE;
	}
	return { ok: true, meeting };
}

/** What the meeting document holds, for a page's first render before the socket syncs. */
export async function meetingSnapshot(services: Services, meeting: MeetingRecord) {
	const agenda = await services.stores.meetings.agenda(meeting.id);
	return {
		meta: {
			id: meeting.id,
			title: meeting.title,
			code: meeting.code,
			endedAt: meeting.endedAt
		},
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
		endedAt: meeting.endedAt,
		rollVersion: meeting.rollVersion,
		presentFrom: meeting.presentFrom,
		weighted: meeting.weighted ?? false,
		agenda: agenda.map(topicJson)
	};
}

export type GuestJoin =
	| { ok: true; meeting: MeetingRecord; user: UserRecord; token: string; session: SessionRecord }
	| {
			ok: false;
			status: 400 | 403 | 404 | 410 | 429;
			field: 'code' | 'name';
			code: MeetingInputError;
			params?: Record<string, number | string>;
			message: string;
			retryAfterSeconds?: number;
	  };

/**
 * Lets someone without an account into a meeting that takes guests: a guest user bound to that
 * meeting, with a fresh session (any session the request carried is ended first). One guest, one
 * ballot per topic: joining again makes a new guest, which is the limit of what guests guarantee.
 * The code is looked up as `lookUpCode` does, so guest joins spend the same budget of misses.
 */
export async function joinAsGuest(
	services: Services,
	code: unknown,
	displayName: unknown,
	previous: SessionRecord | null,
	address = 'unknown'
): Promise<GuestJoin> {
	const found = await lookUpCode(services, code, address);
	if (!found.ok) return found;
	const { meeting } = found;
	// Roll meetings take guests too: they follow, and only an invitation lets one of them vote.
	if (meeting.access === 'accounts') {
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
	// Each guest is a new voter: guests per address and per meeting have budgets, sized so a room
	// behind one address joins at once while a script adding voters by the hundred is stopped.
	const fromAddress = await services.budgets.guestsByAddress.take(address);
	if (fromAddress > 0) return tooManyJoins(fromAddress);
	const intoMeeting = await services.budgets.guestsByMeeting.take(meeting.id);
	if (intoMeeting > 0) return tooManyJoins(intoMeeting);
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
