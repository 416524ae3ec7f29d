import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from './cookie-name.ts';

export { SESSION_COOKIE };

/** The session cookie: HttpOnly, SameSite=Lax, Secure when configured (production by default). */
export function setSessionCookie(
	cookies: Cookies,
	token: string,
	expiresAt: number,
	secure: boolean
) {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		expires: new Date(expiresAt)
	});
}

export function clearSessionCookie(cookies: Cookies, secure: boolean) {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
