import { api, apiError } from '$lib/server/http.ts';
import { exportResults } from '$lib/server/export-route.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/** `GET /api/meetings/:id/export.csv` or `.json`: results of every topic on the agenda. */
export const GET: RequestHandler = ({ params }) =>
	api(async () => {
		const { meetings } = services().stores;
		const meeting = await meetings.get(params.id);
		if (!meeting) return apiError(404, 'not-found', 'No such meeting.');
		return exportResults(services(), await meetings.agenda(meeting.id), params.format, meeting.id);
	});
