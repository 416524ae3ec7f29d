import { json } from '@sveltejs/kit';
import { api, apiError, requireUser } from '$lib/server/http.ts';
import { votedListFor } from '$lib/server/paper.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/** Who has voted, never what: for the people who manage the topic, on secret topics too. */
export const GET: RequestHandler = ({ params, locals }) =>
	api(async () => {
		const user = requireUser(locals);
		const result = await votedListFor(services(), params.id, user.id);
		if (!result.ok) {
			return result.status === 404
				? apiError(404, 'not-found', 'No such topic.', { reason: result.reason })
				: apiError(403, 'forbidden', 'Only the topic’s hosts see who has voted.', {
						reason: result.reason
					});
		}
		return json(result.list, { headers: { 'cache-control': 'no-store' } });
	});
