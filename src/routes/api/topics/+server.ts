import { json } from '@sveltejs/kit';
import { api, apiError, readJson, requireAccount, requireUser } from '$lib/server/http.ts';
import { services } from '$lib/server/services.ts';
import { createTopic, topicJson } from '$lib/server/topics.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) =>
	api(async () => {
		const user = requireUser(locals);
		const topics = await services().stores.topics.listByOwner(user.id);
		return json({ topics: topics.map(topicJson) });
	});

export const POST: RequestHandler = ({ locals, request }) =>
	api(async () => {
		const user = requireAccount(locals);
		const result = await createTopic(services(), user.id, await readJson(request));
		if (!result.ok) return apiError(400, 'validation', result.message, { field: result.field });
		return json({ topic: topicJson(result.topic) }, { status: 201 });
	});
