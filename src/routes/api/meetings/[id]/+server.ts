import { json } from '@sveltejs/kit';
import { api, apiError } from '$lib/server/http.ts';
import { meetingJson, meetingRoles } from '$lib/server/meetings.ts';
import { joinRollByGroup } from '$lib/server/roll.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/**
 * The meeting and its agenda; topics still in draft only for the people who run the meeting. In a
 * roll meeting with an OpenID group, opening it puts a signed-in member of the group on the roll.
 */
export const GET: RequestHandler = ({ params, locals }) =>
	api(async () => {
		const { meetings } = services().stores;
		const meeting = await meetings.get(params.id);
		if (!meeting) return apiError(404, 'not-found', 'No such meeting.');
		const { runs } = await meetingRoles(services(), meeting, locals.user?.id ?? null);
		// A roll meeting's OpenID group puts its members on the roll as they open the meeting.
		if (locals.user) await joinRollByGroup(services(), meeting, locals.user);
		const agenda = (await meetings.agenda(meeting.id)).filter(
			(topic) => runs || topic.status !== 'draft'
		);
		return json({ meeting: meetingJson(meeting, agenda) });
	});
