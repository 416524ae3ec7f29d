import { error } from '@sveltejs/kit';
import { meetingSnapshot } from '$lib/server/meetings.ts';
import { services } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { meetings } = services().stores;
	const meeting = await meetings.get(params.id);
	if (!meeting) error(404, { message: 'No such meeting. Check the code with the host.' });
	return {
		meeting: await meetingSnapshot(services(), meeting),
		isHost: locals.user?.id === meeting.ownerId
	};
};
