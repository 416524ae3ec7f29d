import { error, redirect } from '@sveltejs/kit';
import { meetingRoles, meetingSnapshot } from '$lib/server/meetings.ts';
import { services } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

/** The host's remote control for the projector: hosts and co-hosts only, like the presenter. */
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const { meetings } = services().stores;
	const meeting = await meetings.get(params.id);
	if (!meeting) error(404, { message: 'No such meeting.' });
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	if (!(await meetingRoles(services(), meeting, locals.user.id)).runs) {
		error(403, { message: 'Only the hosts can use the remote control.' });
	}
	return { meeting: await meetingSnapshot(services(), meeting) };
};
