import { json } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/auth/cookies.ts';
import { api, apiError, readJson } from '$lib/server/http.ts';
import { redeemInvitation } from '$lib/server/roll.ts';
import { entryJson } from '$lib/server/roll-route.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/**
 * `{ code }`: redeems a personal invitation. A signed-in account (or a guest of the same meeting)
 * is bound to the member's roll entry; anyone else gets a new guest session for this device,
 * returned as `token` (and set as the cookie).
 */
export const POST: RequestHandler = ({ request, cookies, locals, getClientAddress }) =>
	api(async () => {
		const body = (await readJson(request)) as { code?: unknown } | null;
		const current =
			locals.user && locals.session ? { user: locals.user, session: locals.session } : null;
		const result = await redeemInvitation(services(), body?.code, current, getClientAddress());
		if (!result.ok) {
			const code =
				result.status === 404 || result.status === 410
					? 'not-found'
					: result.status === 429
						? 'rate-limited'
						: 'conflict';
			return apiError(result.status, code, result.message, { reason: result.code });
		}
		if (result.login) {
			setSessionCookie(
				cookies,
				result.login.token,
				result.login.session.expiresAt,
				services().config.secureCookies
			);
		}
		return json({
			meetingId: result.meetingId,
			member: entryJson(result.entry),
			...(result.login ? { token: result.login.token, user: result.login.user } : {})
		});
	});
