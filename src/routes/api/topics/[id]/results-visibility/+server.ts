import { json } from '@sveltejs/kit';
import { api, apiError, readJson, requireUser } from '$lib/server/http.ts';
import { services } from '$lib/server/services.ts';
import { topicJson } from '$lib/server/topics.ts';
import type { RequestHandler } from './$types';

/** `{ hidden: boolean }`: the owner hides an open topic's totals or reveals them. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	api(async () => {
		const user = requireUser(locals);
		const body = (await readJson(request)) as { hidden?: unknown } | null;
		if (typeof body?.hidden !== 'boolean') {
			return apiError(400, 'validation', 'hidden is true or false.', { field: 'hidden' });
		}
		const result = await services().stores.topics.setResultsHidden(params.id, user.id, body.hidden);
		if (!result.ok) {
			return result.reason === 'forbidden'
				? apiError(403, 'forbidden', result.message)
				: apiError(404, 'not-found', result.message);
		}
		await services().publishTopic(params.id);
		return json({ topic: topicJson(result.topic) });
	});
