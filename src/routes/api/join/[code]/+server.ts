import { json } from '@sveltejs/kit';
import { api, apiError } from '$lib/server/http.ts';
import { findByCode } from '$lib/server/meetings.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/** Finds a meeting by its join code (any case, with or without the dash). */
export const GET: RequestHandler = ({ params }) =>
	api(async () => {
		const meeting = await findByCode(services(), params.code);
		if (!meeting) return apiError(404, 'not-found', 'No meeting has that code.');
		return json({ meetingId: meeting.id, title: meeting.title, code: meeting.code });
	});
