import { json, type RequestHandler } from '@sveltejs/kit';
import { api, apiError, requireUser } from './http.ts';
import { services } from './services.ts';
import type { TopicChange } from './storage/store.ts';
import { changeTopicStatus, topicJson } from './topics.ts';

const STATUS = { 'not-found': 404, forbidden: 403, 'invalid-transition': 409 } as const;

/** The API answer to an owner's change of a topic: the topic, or the refusal with its status. */
export function topicChangeResponse(result: TopicChange): Response {
	if (!result.ok) {
		// `reason`: what exactly was refused, so the presenter can word it in its language.
		return apiError(STATUS[result.reason], result.reason, result.message, { reason: result.code });
	}
	return json({ topic: topicJson(result.topic) });
}

/** `POST /api/topics/:id/open` and `/close`: owner only. */
export function topicStatusRoute(action: 'open' | 'close'): RequestHandler {
	return ({ locals, params }) =>
		api(async () => {
			const user = requireUser(locals);
			return topicChangeResponse(
				await changeTopicStatus(services(), params.id ?? '', user.id, action)
			);
		});
}
