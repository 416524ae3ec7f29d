import { json } from '@sveltejs/kit';
import { api, apiError, readJson, requireUser } from '$lib/server/http.ts';
import { services } from '$lib/server/services.ts';
import { editDraftTopic, topicJson, visibleTopic } from '$lib/server/topics.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) =>
	api(async () => {
		const topic = await visibleTopic(services(), params.id, locals.user?.id ?? null);
		if (!topic) return apiError(404, 'not-found', 'No such topic.');
		return json({ topic: topicJson(topic) });
	});

const STATUS = {
	'not-found': 404,
	forbidden: 403,
	'invalid-transition': 409,
	validation: 400
} as const;

/** Edits a draft: the fields to change, as in `POST /api/topics`; its managers only. */
export const PATCH: RequestHandler = ({ locals, params, request }) =>
	api(async () => {
		const user = requireUser(locals);
		const result = await editDraftTopic(services(), params.id, user.id, await readJson(request));
		if (result.ok) return json({ topic: topicJson(result.topic) });
		return apiError(STATUS[result.reason], result.reason, result.message, {
			reason: result.code,
			...('field' in result ? { field: result.field } : {})
		});
	});
