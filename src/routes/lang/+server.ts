import { error, redirect, type Cookies, type RequestHandler } from '@sveltejs/kit';
import { isLocale, LOCALE_COOKIE } from '$lib/i18n/index.ts';
import { safeNext } from '$lib/server/safe-next.ts';
import { services } from '$lib/server/services.ts';

const YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The language switch: a plain form (`lang`, `next`) posts here, works without JavaScript, and
 * comes back to the same-site page it was sent from. GET with the same query also works.
 */
function choose(lang: unknown, next: string | null, cookies: Cookies, origin: string): never {
	if (!isLocale(lang)) error(400, 'Unknown language.');
	cookies.set(LOCALE_COOKIE, lang, {
		path: '/',
		maxAge: YEAR_SECONDS,
		sameSite: 'lax',
		httpOnly: false,
		secure: services().config.secureCookies
	});
	redirect(303, safeNext(next, origin));
}

export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const form = await request.formData().catch(() => null);
	const next = form?.get('next');
	choose(form?.get('lang'), typeof next === 'string' ? next : null, cookies, url.origin);
};

export const GET: RequestHandler = ({ url, cookies }) => {
	choose(url.searchParams.get('lang'), url.searchParams.get('next'), cookies, url.origin);
};
