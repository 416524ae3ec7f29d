import { redirect } from '@sveltejs/kit';
import { DISPLAY_NAME_MAX, type MeetingInputError } from '$lib/core/meeting-rules.ts';
import { setSessionCookie } from '$lib/server/auth/cookies.ts';
import { joinAsGuest, lookUpCode } from '$lib/server/meetings.ts';
import { readForm } from '$lib/server/http.ts';
import { services } from '$lib/server/services.ts';
import { formFailure } from '$lib/server/form-failure.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * A code leads to its meeting: people who take part already go straight in; others join as a
 * guest (meetings that take guests, and roll meetings, where guests follow and members vote
 * through their invitation) or sign in first (meetings for accounts only).
 */
export const load: PageServerLoad = async ({ url, locals, getClientAddress }) => {
	const code = url.searchParams.get('code');
	if (code === null) return { code: '', message: null, messageCode: null, meeting: null };
	const found = await lookUpCode(services(), code, getClientAddress());
	if (!found.ok) {
		const unknown = found.code === 'meeting-code-unknown';
		return {
			code: code.slice(0, 20),
			message: unknown
				? 'No meeting has that code. Check it with the host; codes look like K7Q-2XD.'
				: found.message,
			messageCode: (unknown ? 'join-code-unknown' : found.code) satisfies MeetingInputError,
			meeting: null
		};
	}
	const { meeting } = found;
	const user = locals.user;
	// A guest of another meeting is as good as signed out here.
	if (user && (user.guest === null || user.guest.meetingId === meeting.id)) {
		redirect(303, `/m/${meeting.id}`);
	}
	const next = encodeURIComponent(`/m/${meeting.id}`);
	if (meeting.access === 'accounts') redirect(303, `/login?next=${next}&why=accounts`);
	return {
		code: meeting.code,
		message: null,
		messageCode: null,
		meeting: { id: meeting.id, title: meeting.title, code: meeting.code },
		// In a roll meeting guests follow; members vote through their personal invitation.
		access: meeting.access,
		signInHref: `/login?next=${next}`,
		nameMax: DISPLAY_NAME_MAX
	};
};

export const actions: Actions = {
	/** Joins the meeting of `?code=` as a guest with a display name, then goes to it. */
	guest: async ({ url, request, cookies, locals, getClientAddress }) => {
		const displayName = (await readForm(request)).get('displayName');
		const result = await joinAsGuest(
			services(),
			url.searchParams.get('code'),
			displayName,
			locals.session,
			getClientAddress()
		);
		if (!result.ok) {
			return formFailure(result, {
				displayName: typeof displayName === 'string' ? displayName : ''
			});
		}
		setSessionCookie(
			cookies,
			result.token,
			result.session.expiresAt,
			services().config.secureCookies
		);
		redirect(303, `/m/${result.meeting.id}`);
	}
};
