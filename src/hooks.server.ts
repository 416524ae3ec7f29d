import { sequence } from '@sveltejs/kit/hooks';
import type { Handle, HandleServerError } from '@sveltejs/kit';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '$lib/server/auth/cookies.ts';
import { isLocale, LOCALE_COOKIE, pickLocale } from '$lib/i18n/index.ts';
import { apiError } from '$lib/server/http.ts';
import { services } from '$lib/server/services.ts';

/** An incoming request id is kept when it looks like one (a proxy's or a client's), never echoed raw. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Probes of load balancers, logged at debug so they do not drown the log. */
const probes = new Set(['/healthz', '/readyz']);

/**
 * One log line per request with a request id: taken from `X-Request-Id` when sane, else made
 * here, echoed in the response, and carried by `locals.log` into every line about the request.
 * Only the path is logged: query strings, headers and bodies may carry codes or tokens.
 */
const requestLog: Handle = async ({ event, resolve }) => {
	const incoming = event.request.headers.get('x-request-id');
	const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
	const log = services().log.child({ requestId });
	event.locals.requestId = requestId;
	event.locals.log = log;
	const started = performance.now();
	const response = await resolve(event);
	try {
		response.headers.set('x-request-id', requestId);
	} catch {
		// immutable headers: leave them as they are
	}
	const line = {
		method: event.request.method,
		path: event.url.pathname,
		status: response.status,
		ms: Math.round(performance.now() - started)
	};
	if (probes.has(event.url.pathname) && response.status < 500) log.debug(line, 'request');
	else log.info(line, 'request');
	return response;
};

/** Unexpected errors: logged with the request's id, shown to the visitor without details. */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const log = event.locals.log ?? services().log;
	// A page that does not exist is the visitor's mistake, not the server's: no stack for it.
	if (status === 404) log.debug({ path: event.url.pathname, status }, 'not found');
	else log.error({ err: error, path: event.url.pathname, status }, 'unexpected error');
	return { message };
};

/**
 * Counts every answered request into `/metrics` by SvelteKit route id (a bounded set; a path that
 * matches no route is `unmatched`), method and status, with its duration. A thrown error is
 * counted as the 500 it becomes.
 */
const measure: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		return response;
	} finally {
		const route = event.route.id ?? 'unmatched';
		const method = METHODS.has(event.request.method) ? event.request.method : 'OTHER';
		services().metrics.http(route, method, status, (performance.now() - started) / 1000);
	}
};
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

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

/**
 * A form post whose body is no readable form (multipart without a boundary, or cut off before its
 * closing boundary) gets a 400 in the API's error shape here, before any action or endpoint
 * reads it; left to them, `request.formData()` throws and the visitor gets a 500. Bodies are
 * bounded by BODY_SIZE_LIMIT, so parsing a copy costs little.
 */
const readableForms: Handle = async ({ event, resolve }) => {
	const type = event.request.headers.get('content-type') ?? '';
	if (
		event.request.body !== null &&
		/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(type)
	) {
		try {
			await event.request.clone().formData();
		} catch (failure) {
			if ((failure as { status?: number }).status === 413) {
				return apiError(413, 'payload-too-large', 'The form is too large.');
			}
			return apiError(400, 'bad-request', 'The form could not be read.');
		}
	}
	return resolve(event);
};

/**
 * Headers on every answer: no sniffing, framing (but for embeds) or powerful features; HSTS when
 * served over https; and answers made for a signed-in person (pages, `__data.json`, API) are
 * `private, no-store`, so no shared cache or back-forward cache keeps one person's data for the next.
 */
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const embed = framable(event.url.pathname);
	const headers: Record<string, string> = {
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'same-origin',
		...(embed ? {} : { 'x-frame-options': 'DENY' }),
		'permissions-policy': 'camera=(), microphone=(), geolocation=()'
	};
	if (event.url.protocol === 'https:') {
		headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
	}
	if (event.locals.user || event.locals.authVia || response.headers.has('set-cookie')) {
		headers['cache-control'] = 'private, no-store';
	}
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

export const handle = sequence(
	requestLog,
	measure,
	readableForms,
	locale,
	authenticate,
	sameOriginWrites,
	securityHeaders
);
