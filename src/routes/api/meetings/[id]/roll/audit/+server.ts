import { json } from '@sveltejs/kit';
import { keepsRoll } from '$lib/core/roll-rules.ts';
import { api, apiError, requireUser } from '$lib/server/http.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/** The roll's audit chain: every version, who made it and when; for the people who run the meeting. */
export const GET: RequestHandler = ({ params, locals }) =>
	api(async () => {
		const user = requireUser(locals);
		const meeting = await services().stores.meetings.get(params.id);
		if (!meeting) return apiError(404, 'not-found', 'No such meeting.');
		const role = await services().stores.meetings.role(meeting.id, user.id);
		if (!keepsRoll(meeting, user.id, role)) {
			return apiError(403, 'forbidden', 'Only the meeting’s hosts see the roll’s audit log.');
		}
		return json({ entries: await services().stores.roll.audit(meeting.id) });
	});
