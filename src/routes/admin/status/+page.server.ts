import { error, redirect } from '@sveltejs/kit';
import { isAdmin } from '$lib/server/admin.ts';
import { services } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { config, status } = services();
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	if (!isAdmin(locals.user, config)) error(404, { message: 'Not found' });
	return { snapshot: await status() };
};
