import { json } from '@sveltejs/kit';
import { api, apiError, readJson, requireUser } from '$lib/server/http.ts';
import { addPaperBallots } from '$lib/server/paper.ts';
import { services } from '$lib/server/services.ts';
import { publicResults } from '$lib/server/topics.ts';
import type { RequestHandler } from './$types';

const STATUS = {
	'not-found': 404,
	forbidden: 403,
	'invalid-transition': 409,
	invalid: 422
} as const;

/** Adds a batch of counted paper ballots; for those who manage the topic. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	api(async () => {
		const user = requireUser(locals);
		const body = await readJson(request);
		const result = await addPaperBallots(services(), params.id, user.id, body);
		if (!result.ok) {
			const code = result.reason === 'invalid' ? 'validation' : result.reason;
			return apiError(STATUS[result.reason], code, result.message, { reason: result.code });
		}
		return json(await publicResults(services(), result.topic), { status: 201 });
	});
