import { ApiFailure, apiError, readJson } from '$lib/server/http.ts';
import { meetingChangeRoute } from '$lib/server/meeting-route.ts';

/** `{ topicId }` (or null): the topic every participant's screen shows now. */
export const POST = meetingChangeRoute(async (services, { params, request }, userId) => {
	const body = (await readJson(request)) as { topicId?: unknown } | null;
	const topicId = body?.topicId ?? null;
	if (topicId !== null && typeof topicId !== 'string') {
		throw new ApiFailure(apiError(400, 'validation', 'topicId is a topic id or null.'));
	}
	return services.stores.meetings.setCurrent(params.id!, userId, topicId);
});
