import { json } from '@sveltejs/kit';
import { api, ApiFailure, apiError, readJson, requireUser } from '$lib/server/http.ts';
import { meetingChangeRoute } from '$lib/server/meeting-route.ts';
import { meetingRoles } from '$lib/server/meetings.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/** The meeting's co-hosts and observers; for the people who run it. */
export const GET: RequestHandler = ({ params, locals }) =>
	api(async () => {
		const user = requireUser(locals);
		const meeting = await services().stores.meetings.get(params.id);
		if (!meeting) return apiError(404, 'not-found', 'No such meeting.');
		if (!(await meetingRoles(services(), meeting, user.id)).runs) {
			return apiError(403, 'forbidden', 'Only the meeting’s hosts can see its members.');
		}
		return json({ members: await services().stores.meetings.members(meeting.id) });
	});

/** `{ username, role: 'cohost' | 'observer' | 'door' | null }`: gives an account a role; host only. */
export const PUT = meetingChangeRoute(async (services, { params, request }, userId) => {
	const body = (await readJson(request)) as { username?: unknown; role?: unknown } | null;
	const role = body?.role ?? null;
	if (
		typeof body?.username !== 'string' ||
		!(role === null || role === 'cohost' || role === 'observer' || role === 'door')
	) {
		throw new ApiFailure(
			apiError(
				400,
				'validation',
				'Send a username and a role: "cohost", "observer", "door" or null.'
			)
		);
	}
	return services.stores.meetings.setMember(
		params.id!,
		userId,
		body.username.trim().toLowerCase(),
		role,
		services.now()
	);
});
