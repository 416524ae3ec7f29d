import { api, apiError } from '$lib/server/http.ts';
import { exportResults } from '$lib/server/export-route.ts';
import { services } from '$lib/server/services.ts';
import { visibleTopic } from '$lib/server/topics.ts';
import type { RequestHandler } from './$types';

/** `GET /api/topics/:id/export.csv` or `.json`: the topic's results. */
export const GET: RequestHandler = ({ locals, params }) =>
	api(async () => {
		const topic = await visibleTopic(services(), params.id, locals.user?.id ?? null);
		if (!topic) return apiError(404, 'not-found', 'No such topic.');
		return exportResults(services(), [topic], params.format, topic.id);
	});
