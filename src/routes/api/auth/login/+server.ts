import { json } from '@sveltejs/kit';
import { login } from '$lib/server/accounts.ts';
import { setSessionCookie } from '$lib/server/auth/cookies.ts';
import { api, apiError, readJson } from '$lib/server/http.ts';
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
		if (!result.ok) {
			const code =
				result.status === 429
					? 'rate-limited'
					: result.status === 401
						? 'unauthorized'
						: 'validation';
			const headers: Record<string, string> = result.retryAfterSeconds
				? { 'retry-after': String(result.retryAfterSeconds) }
				: {};
			return apiError(result.status, code, result.message, { field: result.field }, headers);
		}
		setSessionCookie(
			cookies,
			result.token,
			result.session.expiresAt,
			services().config.secureCookies
		);
		return json({ user: result.user, token: result.token });
	});
