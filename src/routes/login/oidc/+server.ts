import { error, redirect } from '@sveltejs/kit';
import { setPendingCookie } from '$lib/server/auth/oidc.ts';
import { safeNext } from '$lib/server/safe-next.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/** Starts a sign-in at the OpenID Connect provider: off to its authorization endpoint. */
export const GET: RequestHandler = async ({ url, cookies, locals }) => {
	const { oidc, config } = services();
	if (!oidc) error(404, 'Not found');
	let target: URL;
	try {
		const next = safeNext(url.searchParams.get('next'), url.origin);
		const started = await oidc.start(next);
		setPendingCookie(cookies, started.pending, config.secureCookies);
		target = started.url;
	} catch (failure) {
		locals.log.warn({ err: failure }, 'openid provider discovery failed');
		redirect(303, '/login?oidc=unavailable');
	}
	redirect(303, target.href);
};
