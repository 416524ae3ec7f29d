import { redirect } from '@sveltejs/kit';
import { logout } from '$lib/server/accounts.ts';
import { clearSessionCookie } from '$lib/server/auth/cookies.ts';
import { services } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		await logout(services(), locals.session);
		clearSessionCookie(cookies, services().config.secureCookies);
		redirect(303, '/');
	}
};
