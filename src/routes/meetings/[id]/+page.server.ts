import { error, fail, redirect } from '@sveltejs/kit';
import type { FailureCode } from '$lib/core/failures.ts';
import type { MeetingChangeError } from '$lib/core/meeting-rules.ts';
import type { MeetingAccess, MemberRole } from '$lib/core/types.ts';
import { changeMeeting, meetingRoles } from '$lib/server/meetings.ts';
import { qrDataUrl } from '$lib/server/qr.ts';
import { joinLink, roomOrigin } from '$lib/server/room-address.ts';
import { services } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/** For the host and the co-hosts; everyone else goes to the participant page. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { meetings } = services().stores;
	const meeting = await meetings.get(params.id);
	if (!meeting) error(404, { message: 'No such meeting.' });
	const { isHost, runs } = await meetingRoles(services(), meeting, locals.user?.id ?? null);
	if (!runs) redirect(303, `/m/${meeting.id}`);
	const joinUrl = joinLink(roomOrigin(url, services().config.origin), meeting.code);
	return {
		meeting,
		isHost,
		members: await meetings.members(meeting.id),
		// Each row says its poll type, status and turnout (shown even while totals are hidden).
		agenda: await Promise.all(
			(await meetings.agenda(meeting.id)).map(async ({ id, title, status, kind }) => ({
				id,
				title,
				status,
				kind,
				turnout: (await services().stores.votes.results(id))?.turnout ?? 0
			}))
		),
		joinUrl,
		qr: await qrDataUrl(joinUrl)
	};
};

type Section = 'agenda' | 'access' | 'people' | 'end';

/** A refused change, with the store's reason, shown next to the form it came from. */
function refused(
	section: Section,
	result: {
		reason: 'not-found' | 'forbidden' | 'invalid';
		code: MeetingChangeError;
		message: string;
	},
	extra: Record<string, string> = {}
) {
	const status = result.reason === 'forbidden' ? 403 : result.reason === 'not-found' ? 404 : 409;
	return fail(status, {
		section,
		code: result.code as FailureCode,
		message: result.message,
		...extra
	});
}

/** A form action's own refusal (before the store is asked), shown next to its form. */
function invalid(
	status: number,
	section: Section,
	code: FailureCode,
	message: string,
	extra: Record<string, string> = {}
) {
	return fail(status, { section, code, message, ...extra });
}

/** Every agenda action names a topic; the store checks it belongs to a meeting this user runs. */
function agendaAction(
	run: (meetingId: string, userId: string, topicId: string) => ReturnType<typeof changeMeeting>
): import('./$types').Action {
	return async ({ locals, params, request }) => {
		if (!locals.user) return invalid(401, 'agenda', 'sign-in-first', 'Sign in first.');
		const topicId = String((await request.formData()).get('topicId') ?? '');
		const result = await run(params.id, locals.user.id, topicId);
		if (!result.ok) return refused('agenda', result);
		return { section: 'agenda' as const, ok: true };
	};
}

const ROLES: MemberRole[] = ['cohost', 'observer', 'door'];
const ACCESS: MeetingAccess[] = ['accounts', 'guests', 'roll'];

export const actions: Actions = {
	show: agendaAction((id, user, topic) =>
		changeMeeting(services(), services().stores.meetings.setCurrent(id, user, topic))
	),
	up: agendaAction((id, user, topic) =>
		changeMeeting(services(), services().stores.meetings.moveTopic(id, user, topic, -1))
	),
	down: agendaAction((id, user, topic) =>
		changeMeeting(services(), services().stores.meetings.moveTopic(id, user, topic, 1))
	),
	duplicate: agendaAction((id, user, topic) =>
		changeMeeting(
			services(),
			services().stores.meetings.duplicateTopic(id, user, topic, services().now())
		)
	),
	remove: agendaAction((id, user, topic) =>
		changeMeeting(services(), services().stores.meetings.removeTopic(id, user, topic))
	),

	/** Whom the meeting lets vote; the store lets only the host change it. */
	access: async ({ locals, params, request }) => {
		if (!locals.user) return invalid(401, 'access', 'sign-in-first', 'Sign in first.');
		const access = (await request.formData()).get('access');
		if (!ACCESS.includes(access as MeetingAccess)) {
			return invalid(400, 'access', 'access-choose', 'Choose who may vote.');
		}
		const result = await changeMeeting(
			services(),
			services().stores.meetings.setAccess(params.id, locals.user.id, access as MeetingAccess)
		);
		if (!result.ok) return refused('access', result);
		return { section: 'access' as const, ok: true };
	},

	/** Gives an account a role (co-host or observer); host only, checked by the store. */
	member: async ({ locals, params, request }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '').trim();
		if (!locals.user) {
			return invalid(401, 'people', 'sign-in-first', 'Sign in first.', { username });
		}
		const role = form.get('role');
		if (username === '') {
			return invalid(400, 'people', 'member-username-missing', 'Enter a username.', { username });
		}
		if (!ROLES.includes(role as MemberRole)) {
			return invalid(400, 'people', 'role-choose', 'Choose a role.', { username });
		}
		const result = await changeMeeting(
			services(),
			services().stores.meetings.setMember(
				params.id,
				locals.user.id,
				username.toLowerCase(),
				role as MemberRole,
				services().now()
			)
		);
		if (!result.ok) return refused('people', result, { username });
		return { section: 'people' as const, ok: true };
	},

	/** Ends the meeting: its code stops admitting anyone; host only, checked by the store. */
	end: async ({ locals, params }) => {
		if (!locals.user) return invalid(401, 'end', 'sign-in-first', 'Sign in first.');
		const result = await changeMeeting(
			services(),
			services().stores.meetings.end(params.id, locals.user.id, services().now())
		);
		if (!result.ok) return refused('end', result);
		return { section: 'end' as const, ok: true };
	},

	/** Takes a co-host's or observer's role away; host only. */
	removeMember: async ({ locals, params, request }) => {
		if (!locals.user) return invalid(401, 'people', 'sign-in-first', 'Sign in first.');
		const username = String((await request.formData()).get('username') ?? '').trim();
		const result = await changeMeeting(
			services(),
			services().stores.meetings.setMember(
				params.id,
				locals.user.id,
				username.toLowerCase(),
				null,
				services().now()
			)
		);
		if (!result.ok) return refused('people', result);
		return { section: 'people' as const, ok: true };
	}
};
