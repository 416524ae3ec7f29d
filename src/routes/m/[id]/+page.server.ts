import { error } from '@sveltejs/kit';
import { services } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { meetings } = services().stores;
	const meeting = await meetings.get(params.id);
	if (!meeting) error(404, { message: 'No such meeting. Check the code with the host.' });
	const agenda = await meetings.agenda(meeting.id);
	return {
		meeting: {
			meta: { id: meeting.id, title: meeting.title, code: meeting.code },
			agenda: agenda.map(({ id, title, status }) => ({ id, title, status })),
			current: { topicId: meeting.currentTopicId }
		},
		isHost: locals.user?.id === meeting.ownerId
	};
};
