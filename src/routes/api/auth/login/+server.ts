import { json } from '@sveltejs/kit';
import { login } from '$lib/server/accounts.ts';
import { setSessionCookie } from '$lib/server/auth/cookies.ts';
import { accountError, api, readJson } from '$lib/server/http.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, cookies, getClientAddress, locals }) =>
	api(async () => {
		const body = (await readJson(request)) as Record<string, unknown> | null;
		const result = await login(
			services(),
			body?.username,
			body?.password,
			getClientAddress(),
			locals.session
		);
		if (!result.ok) return accountError(result);
		setSessionCookie(
			cookies,
			result.token,
			result.session.expiresAt,
			services().config.secureCookies
		);
		return json({ user: result.user, token: result.token });
	});
