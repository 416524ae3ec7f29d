import { resultsVisible } from '$lib/core/outcome.ts';
import { api, apiError } from '$lib/server/http.ts';
import { services } from '$lib/server/services.ts';
import { visibleTopic } from '$lib/server/topics.ts';
import type { RequestHandler } from './$types';

/** The topic's hash-chained audit log as JSON lines, oldest first. */
export const GET: RequestHandler = ({ locals, params }) =>
	api(async () => {
		const topic = await visibleTopic(services(), params.id, locals.user?.id ?? null);
		if (!topic) return apiError(404, 'not-found', 'No such topic.');
		if (!resultsVisible(topic)) {
			return apiError(409, 'conflict', 'The results are hidden until voting closes.');
		}
		const entries = await services().stores.votes.audit(topic.id);
		const body = entries.map((entry) => JSON.stringify(entry)).join('\n');
		return new Response(body ? `${body}\n` : '', {
			headers: {
				'content-type': 'application/x-ndjson; charset=utf-8',
				'content-disposition': `inline; filename="plenum-audit-${topic.id}.jsonl"`
			}
		});
	});
