import { json } from '@sveltejs/kit';
import { logout } from '$lib/server/accounts.ts';
import { clearSessionCookie } from '$lib/server/auth/cookies.ts';
import { api, requireUser } from '$lib/server/http.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ locals, cookies }) =>
	api(async () => {
		requireUser(locals);
		await logout(services(), locals.session);
		clearSessionCookie(cookies, services().config.secureCookies);
		return json({ ok: true });
	});
