import { json } from '@sveltejs/kit';
import { api, apiError } from '$lib/server/http.ts';
import { meetingJson, meetingRoles } from '$lib/server/meetings.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/** The meeting and its agenda; topics still in draft only for the people who run the meeting. */
export const GET: RequestHandler = ({ params, locals }) =>
	api(async () => {
		const { meetings } = services().stores;
		const meeting = await meetings.get(params.id);
		if (!meeting) return apiError(404, 'not-found', 'No such meeting.');
		const { runs } = await meetingRoles(services(), meeting, locals.user?.id ?? null);
		const agenda = (await meetings.agenda(meeting.id)).filter(
			(topic) => runs || topic.status !== 'draft'
		);
		return json({ meeting: meetingJson(meeting, agenda) });
	});
