import { error, redirect } from '@sveltejs/kit';
import { keepsRoll } from '$lib/core/roll-rules.ts';
import { qrDataUrl } from '$lib/server/qr.ts';
import { issueInvitations } from '$lib/server/roll.ts';
import { roomOrigin } from '$lib/server/room-address.ts';
import { services } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/** The sheet is made by a POST (it issues codes); opened directly, the page offers to make it. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const meeting = await services().stores.meetings.get(params.id);
	if (!meeting) error(404, { message: 'No such meeting.' });
	const userId = locals.user?.id ?? null;
	const role = userId ? await services().stores.meetings.role(meeting.id, userId) : null;
	if (!userId || !keepsRoll(meeting, userId, role)) redirect(303, `/m/${meeting.id}`);
	return { meeting: { id: meeting.id, title: meeting.title } };
};

export const actions: Actions = {
	/**
	 * Issues invitations to every member not bound yet and shows them once, each with its QR code
	 * (made here: no third party sees a code). Earlier unused invitations stop working.
	 */
	default: async ({ locals, params, url }) => {
		if (!locals.user) error(401, 'Sign in first.');
		const origin = roomOrigin(url, services().config.origin);
		const result = await issueInvitations(
			services(),
			params.id,
			locals.user.id,
			'not-bound',
			origin
		);
		if (!result.ok) error(result.reason === 'forbidden' ? 403 : 404, result.message);
		return {
			invitations: await Promise.all(
				result.invitations.map(async (invitation) => ({
					...invitation,
					qr: await qrDataUrl(invitation.link)
				}))
			),
			invitePage: `${origin}/invite`
		};
	}
};
