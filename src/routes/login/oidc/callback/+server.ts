import { error, redirect } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/auth/cookies.ts';
import { takePendingCookie, type ProviderIdentity } from '$lib/server/auth/oidc.ts';
import { signInWithProvider } from '$lib/server/oidc-accounts.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

const refused: (code: string) => never = (code) => redirect(303, `/login?oidc=${code}`);

/**
 * Where the provider sends the person back. Every way it can end is a redirect: into the app
 * with a new session, or to `/login?oidc=<why>`, which words the reason in the page's language.
 */
export const GET: RequestHandler = async ({ url, cookies, locals }) => {
	const all = services();
	const { oidc, config } = all;
	if (!oidc) error(404, 'Not found');
	const pending = takePendingCookie(cookies, config.secureCookies);
	const answer = url.searchParams.get('error');
	// The person cancelled, declined consent, or was not allowed by the provider.
	if (answer) refused(answer === 'access_denied' ? 'denied' : 'failed');
	if (!pending) refused('expired');
	// The address registered with the provider, whatever host the request came in on.
	const callback = new URL(oidc.config.redirectUri);
	callback.search = url.search;
	let identity: ProviderIdentity;
	try {
		identity = await oidc.finish(callback, pending);
	} catch (failure) {
		locals.log.warn({ err: failure }, 'openid sign-in failed');
		refused('failed');
	}
	const result = await signInWithProvider(all, identity, locals.session);
	if (!result.ok) {
		locals.log.info({ reason: result.code }, 'openid sign-in refused');
		refused(result.code);
	}
	locals.log.info({ userId: result.user.id, created: result.created }, 'openid sign-in');
	setSessionCookie(cookies, result.token, result.session.expiresAt, config.secureCookies);
	redirect(303, pending.next);
};
