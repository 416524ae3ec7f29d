import { error, json } from '@sveltejs/kit';
import { isAdmin } from '$lib/server/admin.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/** The status page's live figures (polled every two seconds); admins only, 404 for others. */
export const GET: RequestHandler = async ({ locals }) => {
	const { config, status } = services();
	if (!isAdmin(locals.user, config)) error(404, { message: 'Not found' });
	return json(await status(), { headers: { 'cache-control': 'no-store' } });
};
