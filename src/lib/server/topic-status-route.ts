import { json, type RequestHandler } from '@sveltejs/kit';
import { api, apiError, requireUser } from './http.ts';
import { services } from './services.ts';
import { changeTopicStatus, topicJson } from './topics.ts';

const STATUS = { 'not-found': 404, forbidden: 403, 'invalid-transition': 409 } as const;

/** `POST /api/topics/:id/open` and `/close`: owner only. */
export function topicStatusRoute(action: 'open' | 'close'): RequestHandler {
	return ({ locals, params }) =>
		api(async () => {
			const user = requireUser(locals);
			const result = await changeTopicStatus(services(), params.id ?? '', user.id, action);
			if (!result.ok) return apiError(STATUS[result.reason], result.reason, result.message);
			return json({ topic: topicJson(result.topic) });
		});
}
