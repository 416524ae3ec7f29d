import { json } from '@sveltejs/kit';
import { api, apiError } from '$lib/server/http.ts';
import { services } from '$lib/server/services.ts';
import { publicResults, visibleTopic } from '$lib/server/topics.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) =>
	api(async () => {
		const topic = await visibleTopic(services(), params.id, locals.user?.id ?? null);
		if (!topic) return apiError(404, 'not-found', 'No such topic.');
		return json(await publicResults(services(), topic));
	});
