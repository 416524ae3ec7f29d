import { json } from '@sveltejs/kit';
import { api, apiError, requireUser } from '$lib/server/http.ts';
import { presentNames } from '$lib/server/meetings.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/** Who has the meeting open now, by name; for its host and co-hosts. */
export const GET: RequestHandler = ({ params, locals }) =>
	api(async () => {
		const user = requireUser(locals);
		const meeting = await services().stores.meetings.get(params.id);
		if (!meeting) return apiError(404, 'not-found', 'No such meeting.');
		const present = await presentNames(services(), meeting, user.id);
		if (!present) return apiError(403, 'forbidden', 'Only the meeting’s hosts see who is here.');
		return json({ present });
	});
