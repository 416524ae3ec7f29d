import { json } from '@sveltejs/kit';
import { api, apiError } from '$lib/server/http.ts';
import { meetingJson } from '$lib/server/meetings.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params }) =>
	api(async () => {
		const { meetings } = services().stores;
		const meeting = await meetings.get(params.id);
		if (!meeting) return apiError(404, 'not-found', 'No such meeting.');
		return json({ meeting: meetingJson(meeting, await meetings.agenda(meeting.id)) });
	});
