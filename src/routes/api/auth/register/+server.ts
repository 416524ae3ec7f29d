import { json } from '@sveltejs/kit';
import { register } from '$lib/server/accounts.ts';
import { setSessionCookie } from '$lib/server/auth/cookies.ts';
import { accountError, api, readJson } from '$lib/server/http.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, cookies, locals, getClientAddress }) =>
	api(async () => {
		const body = (await readJson(request)) as Record<string, unknown> | null;
		const result = await register(
			services(),
			body?.username,
			body?.password,
			locals.session,
			getClientAddress(),
			body?.code
		);
		if (!result.ok) return accountError(result);
		setSessionCookie(
			cookies,
			result.token,
			result.session.expiresAt,
			services().config.secureCookies
		);
		return json({ user: result.user, token: result.token }, { status: 201 });
	});
