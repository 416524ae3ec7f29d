import { fail, redirect } from '@sveltejs/kit';
import { register } from '$lib/server/accounts.ts';
import { setSessionCookie } from '$lib/server/auth/cookies.ts';
import { safeNext } from '$lib/server/safe-next.ts';
import { services } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	// Guests belong to one meeting; they may still create an account.
	if (locals.user && !locals.user.guest) redirect(303, '/');
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const form = await request.formData();
		const username = form.get('username');
		const result = await register(services(), username, form.get('password'), locals.session);
		if (!result.ok) {
			return fail(result.status, {
				field: result.field,
				code: result.code,
				params: result.params,
				message: result.message,
				username: typeof username === 'string' ? username : ''
			});
		}
		setSessionCookie(
			cookies,
			result.token,
			result.session.expiresAt,
			services().config.secureCookies
		);
		redirect(303, safeNext(url.searchParams.get('next')));
	}
};
