import { services } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) return { topics: [] };
	const topics = await services().stores.topics.listByOwner(locals.user.id);
	return {
		topics: topics.map(({ id, title, status, createdAt }) => ({ id, title, status, createdAt }))
	};
};
