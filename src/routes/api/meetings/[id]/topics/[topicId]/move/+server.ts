import { ApiFailure, apiError, readJson } from '$lib/server/http.ts';
import { meetingChangeRoute } from '$lib/server/meeting-route.ts';

/** `{ delta: -1 | 1 }`: moves a topic up or down the agenda. */
export const POST = meetingChangeRoute(async (services, { params, request }, userId) => {
	const body = (await readJson(request)) as { delta?: unknown } | null;
	if (body?.delta !== -1 && body?.delta !== 1) {
		throw new ApiFailure(apiError(400, 'validation', 'delta is -1 or 1.', { field: 'delta' }));
	}
	return services.stores.meetings.moveTopic(params.id!, userId, params.topicId!, body.delta);
});
