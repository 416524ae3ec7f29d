import { fail, redirect } from '@sveltejs/kit';
import { parseInvitation, formatInvitation } from '$lib/core/roll-rules.ts';
import { setSessionCookie } from '$lib/server/auth/cookies.ts';
import { readForm } from '$lib/server/http.ts';
import { hashInvitation, redeemInvitation } from '$lib/server/roll.ts';
import { services } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * A personal invitation, opened from its link (`?code=`, left out of the request log) or typed.
 * Opening only shows whom it is for; redeeming is a POST, so a link preview cannot use it up.
 */
export const load: PageServerLoad = async ({ url, locals, getClientAddress }) => {
	const compact = parseInvitation(url.searchParams.get('code'));
	// Looking codes up spends the same budget of misses as redeeming them and typing join codes.
	const misses = services().budgets.joinMissesByAddress;
	const blocked = compact !== null && (await misses.spent(getClientAddress())) > 0;
	const found =
		compact && !blocked ? await services().stores.roll.peek(hashInvitation(compact)) : null;
	if (compact && !blocked && !found) await misses.take(getClientAddress());
	const meeting = found ? await services().stores.meetings.get(found.meetingId) : null;
	const keeps =
		locals.user && (locals.user.guest === null || locals.user.guest.meetingId === found?.meetingId);
	return {
		code: compact ? formatInvitation(compact) : '',
		invitation:
			found && meeting ? { name: found.name, meeting: meeting.title, used: found.used } : null,
		account: keeps && locals.user && !locals.user.guest ? locals.user.username : null
	};
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, getClientAddress }) => {
		const form = await readForm(request);
		const code = String(form.get('code') ?? '');
		const current =
			locals.user && locals.session ? { user: locals.user, session: locals.session } : null;
		const result = await redeemInvitation(services(), code, current, getClientAddress());
		if (!result.ok) return fail(result.status, { code: result.code, typed: code });
		if (result.login) {
			setSessionCookie(
				cookies,
				result.login.token,
				result.login.session.expiresAt,
				services().config.secureCookies
			);
		}
		redirect(303, `/m/${result.meetingId}`);
	}
};
