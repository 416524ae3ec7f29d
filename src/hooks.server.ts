import { sequence } from '@sveltejs/kit/hooks';
import type { Handle } from '@sveltejs/kit';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '$lib/server/auth/cookies.ts';
import { isLocale, LOCALE_COOKIE, pickLocale } from '$lib/i18n/index.ts';
import { apiError } from '$lib/server/http.ts';
import { services } from '$lib/server/services.ts';

/**
 * The embeddable results (`/embed/<topic>`) may be framed by any site (dashboards, overlays): they
 * carry no controls to trick anyone into pressing and show only what anyone may see. Every other
 * page refuses to be framed.
 */
const framable = (path: string) => path.startsWith('/embed/');

/**
 * The UI language: the embed page's `?lang=`, else the `lang` cookie, else Accept-Language, else
 * English; also `<html lang>`.
 */
const locale: Handle = async ({ event, resolve }) => {
	// The embed page's address may name its language: overlays and other sites' frames have no cookie.
	const asked = framable(event.url.pathname) ? event.url.searchParams.get('lang') : null;
	const chosen = pickLocale(
		isLocale(asked) ? asked : event.cookies.get(LOCALE_COOKIE),
		event.request.headers.get('accept-language')
	);
	event.locals.locale = chosen;
	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', chosen)
	});
	if (response.headers.get('content-type')?.startsWith('text/html')) {
		try {
			response.headers.append('vary', 'Cookie, Accept-Language');
		} catch {
			// immutable headers: leave them as they are
		}
	}
	return response;
};

/** Session from `Authorization: Bearer` (API clients) or the session cookie (browsers). */
const authenticate: Handle = async ({ event, resolve }) => {
	const { sessions, config, now } = services();
	const bearer = /^Bearer (\S+)$/.exec(event.request.headers.get('authorization') ?? '')?.[1];
	const cookie = event.cookies.get(SESSION_COOKIE);
	const token = bearer ?? cookie ?? null;
	const result = token ? await sessions.validate(token, now()) : null;
	event.locals.user = result?.user ?? null;
	event.locals.session = result?.session ?? null;
	event.locals.authVia = result ? (bearer ? 'bearer' : 'cookie') : null;
	if (!bearer && cookie) {
		if (result)
			setSessionCookie(event.cookies, cookie, result.session.expiresAt, config.secureCookies);
		else clearSessionCookie(event.cookies, config.secureCookies);
	}
	return resolve(event);
};

/**
 * SvelteKit checks the origin of form posts; cookie-authenticated API writes (JSON or bodiless)
 * get the same check here, so another site cannot act with a visitor's cookie.
 */
const sameOriginWrites: Handle = async ({ event, resolve }) => {
	const safe = ['GET', 'HEAD', 'OPTIONS'].includes(event.request.method);
	const origin = event.request.headers.get('origin');
	if (
		!safe &&
		event.locals.authVia === 'cookie' &&
		origin !== null &&
		origin !== event.url.origin
	) {
		return apiError(403, 'forbidden', 'Cross-site request refused.');
	}
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const embed = framable(event.url.pathname);
	const headers: Record<string, string> = {
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'same-origin',
		...(embed ? {} : { 'x-frame-options': 'DENY' }),
		'permissions-policy': 'camera=(), microphone=(), geolocation=()'
	};
	const policy = response.headers.get('content-security-policy');
	if (embed && policy) {
		headers['content-security-policy'] = policy.replace(
			"frame-ancestors 'none'",
			'frame-ancestors *'
		);
	}
	for (const [name, value] of Object.entries(headers)) {
		try {
			response.headers.set(name, value);
		} catch {
			// immutable headers (e.g. a proxied response): leave them as they are
		}
	}
	return response;
};

export const handle = sequence(locale, authenticate, sameOriginWrites, securityHeaders);
