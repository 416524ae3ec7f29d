import { api, apiError, readJson, requireUser } from '$lib/server/http.ts';
import { services } from '$lib/server/services.ts';
import { topicChangeResponse } from '$lib/server/topic-status-route.ts';
import { setResultsHidden } from '$lib/server/topics.ts';
import type { RequestHandler } from './$types';

/** `{ hidden: boolean }`: the owner hides an open topic's totals or reveals them. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	api(async () => {
		const user = requireUser(locals);
		const body = (await readJson(request)) as { hidden?: unknown } | null;
		if (typeof body?.hidden !== 'boolean') {
			return apiError(400, 'validation', 'hidden is true or false.', { field: 'hidden' });
		}
		return topicChangeResponse(await setResultsHidden(services(), params.id, user.id, body.hidden));
	});
