import { redirect } from '@sveltejs/kit';
import { login } from '$lib/server/accounts.ts';
import { setSessionCookie } from '$lib/server/auth/cookies.ts';
import { safeNext } from '$lib/server/safe-next.ts';
import { services } from '$lib/server/services.ts';
import { formFailure } from '$lib/server/form-failure.ts';
import { readForm } from '$lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

const OIDC_PROBLEMS = [
	'denied',
	'not-in-group',
	'no-username',
	'failed',
	'expired',
	'unavailable'
] as const;
type OidcProblem = (typeof OIDC_PROBLEMS)[number];

export const load: PageServerLoad = ({ locals, url }) => {
	// Guests belong to one meeting; they may still sign in with an account.
	if (locals.user && !locals.user.guest)
		redirect(303, safeNext(url.searchParams.get('next'), url.origin));
	const next = url.searchParams.get('next');
	const { config } = services();
	const problem = url.searchParams.get('oidc');
	return {
		/** Why the visitor was sent here: a meeting for signed-in accounts only. */
		accountsOnly: url.searchParams.get('why') === 'accounts',
		next: next === null ? null : safeNext(next, url.origin),
		/** The OpenID Connect button's provider name (null: no button). */
		oidcName: config.oidc?.displayName ?? null,
		passwordSignIn: config.passwordSignIn,
		canRegister: config.registration !== 'off',
		/** Why the last OpenID Connect sign-in did not complete, and the group it needed. */
		oidcProblem: (OIDC_PROBLEMS as readonly (string | null)[]).includes(problem)
			? (problem as OidcProblem)
			: null,
		requiredGroup: config.oidc?.requiredGroup ?? ''
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
