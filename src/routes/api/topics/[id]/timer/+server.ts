import { api, apiError, readJson, requireUser } from '$lib/server/http.ts';
import { services } from '$lib/server/services.ts';
import { topicChangeResponse } from '$lib/server/topic-status-route.ts';
import { startTimer, TIMER_MAX_SECONDS } from '$lib/server/topics.ts';
import type { RequestHandler } from './$types';

/** `{ seconds }`: the open topic closes by itself after that long; 0 stops the countdown. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	api(async () => {
		const user = requireUser(locals);
		const body = (await readJson(request)) as { seconds?: unknown } | null;
		const seconds = body?.seconds;
		if (
			!Number.isInteger(seconds) ||
			(seconds as number) < 0 ||
			(seconds as number) > TIMER_MAX_SECONDS
		) {
			return apiError(
				400,
				'validation',
				`seconds is a whole number from 0 to ${TIMER_MAX_SECONDS}.`,
				{
					field: 'seconds'
				}
			);
		}
		return topicChangeResponse(await startTimer(services(), params.id, user.id, seconds as number));
	});
