import { services } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) return { topics: [], meetings: [] };
	const { topics, meetings } = services().stores;
	return {
		topics: (await topics.listByOwner(locals.user.id)).map(({ id, title, status }) => ({
			id,
			title,
			status
		})),
		meetings: (await meetings.listByOwner(locals.user.id)).map(({ id, title, code }) => ({
			id,
			title,
			code
		}))
	};
};
