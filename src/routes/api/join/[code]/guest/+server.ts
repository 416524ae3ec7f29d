import { json } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/auth/cookies.ts';
import { api, apiError, readJson } from '$lib/server/http.ts';
import { joinAsGuest } from '$lib/server/meetings.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/** `{ displayName }`: joins a meeting that takes guests; answers with the guest's session. */
export const POST: RequestHandler = ({ params, request, cookies, locals, getClientAddress }) =>
	api(async () => {
		const body = (await readJson(request)) as { displayName?: unknown } | null;
		const result = await joinAsGuest(
			services(),
			params.code,
			body?.displayName,
			locals.session,
			getClientAddress()
		);
		if (!result.ok) {
			const code =
				result.status === 404 || result.status === 410
					? 'not-found'
					: result.status === 403
						? 'forbidden'
						: result.status === 429
							? 'rate-limited'
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
		return json(
			{ meetingId: result.meeting.id, user: result.user, token: result.token },
			{ status: 201 }
		);
	});
