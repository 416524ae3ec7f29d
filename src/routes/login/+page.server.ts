import { redirect } from '@sveltejs/kit';
import { login } from '$lib/server/accounts.ts';
import { setSessionCookie } from '$lib/server/auth/cookies.ts';
import { safeNext } from '$lib/server/safe-next.ts';
import { services } from '$lib/server/services.ts';
import { formFailure } from '$lib/server/form-failure.ts';
import { readForm } from '$lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	// Guests belong to one meeting; they may still sign in with an account.
	if (locals.user && !locals.user.guest)
		redirect(303, safeNext(url.searchParams.get('next'), url.origin));
	const next = url.searchParams.get('next');
	return {
		/** Why the visitor was sent here: a meeting for signed-in accounts only. */
		accountsOnly: url.searchParams.get('why') === 'accounts',
		next: next === null ? null : safeNext(next, url.origin)
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress, locals }) => {
		const form = await readForm(request);
		const username = form.get('username');
		const result = await login(
			services(),
			username,
			form.get('password'),
			getClientAddress(),
			locals.session
		);
		if (!result.ok) {
			return formFailure(result, { username: typeof username === 'string' ? username : '' });
		}
		setSessionCookie(
			cookies,
			result.token,
			result.session.expiresAt,
			services().config.secureCookies
		);
		redirect(303, safeNext(url.searchParams.get('next'), url.origin));
	}
};
