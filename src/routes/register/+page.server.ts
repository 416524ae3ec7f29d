import { redirect } from '@sveltejs/kit';
import { register } from '$lib/server/accounts.ts';
import { setSessionCookie } from '$lib/server/auth/cookies.ts';
import { safeNext } from '$lib/server/safe-next.ts';
import { services } from '$lib/server/services.ts';
import { formFailure } from '$lib/server/form-failure.ts';
import { readForm } from '$lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	// Guests belong to one meeting; they may still create an account.
	if (locals.user && !locals.user.guest) redirect(303, '/');
	const { config } = services();
	return {
		/** `open`, `invitation` (the form asks for a sign-up code) or `off` (no form). */
		registration: config.registration,
		/** The code of an invitation link (`/register?code=…`). */
		code: url.searchParams.get('code')?.slice(0, 200) ?? '',
		oidcName: config.oidc?.displayName ?? null
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals, getClientAddress }) => {
		const form = await readForm(request);
		const username = form.get('username');
		const code = form.get('code');
		const result = await register(
			services(),
			username,
			form.get('password'),
			locals.session,
			getClientAddress(),
			code ?? undefined
		);
		if (!result.ok) {
			return formFailure(result, {
				username: typeof username === 'string' ? username : '',
				invitationCode: typeof code === 'string' ? code : ''
			});
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
