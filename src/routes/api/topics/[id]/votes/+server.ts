import { json } from '@sveltejs/kit';
import { api, apiError, requireUser } from '$lib/server/http.ts';
import { services } from '$lib/server/services.ts';
import { namedVotes } from '$lib/server/topics.ts';
import type { RequestHandler } from './$types';

/** Who voted what in a named topic; only for the people who manage it. Secret topics: never. */
export const GET: RequestHandler = ({ params, locals }) =>
	api(async () => {
		const user = requireUser(locals);
		const result = await namedVotes(services(), params.id, user.id);
		if (!result.ok) {
			return apiError(result.status, result.code, result.message, { reason: result.reason });
		}
		return json({ votes: result.votes });
	});
