import { fail, redirect } from '@sveltejs/kit';
import { createMeeting } from '$lib/server/meetings.ts';
import { services } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/login?next=/meetings/new');
	// Guests run nothing: an account of their own comes first.
	if (locals.user.guest) redirect(303, '/register?next=/meetings/new');
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		if (!locals.user) redirect(303, '/login?next=/meetings/new');
		if (locals.user.guest) redirect(303, '/register?next=/meetings/new');
		const title = (await request.formData()).get('title');
		const result = await createMeeting(services(), locals.user.id, title);
		if (!result.ok) {
			return fail(400, { code: result.code, params: result.params, message: result.message });
		}
		redirect(303, `/meetings/${result.meeting.id}`);
	}
};
