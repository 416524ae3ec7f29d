import { parseTopicInput } from '$lib/core/topic-rules.ts';
import { ApiFailure, apiError, readJson } from '$lib/server/http.ts';
import { meetingChangeRoute } from '$lib/server/meeting-route.ts';

/** Adds a topic at the end of the agenda. */
export const POST = meetingChangeRoute(async (services, { params, request }, userId) => {
	const parsed = parseTopicInput(await readJson(request));
	if (!parsed.ok) {
		throw new ApiFailure(apiError(400, 'validation', parsed.message, { field: parsed.field }));
	}
	return services.stores.meetings.addTopic(params.id!, userId, parsed.value, services.now());
});
