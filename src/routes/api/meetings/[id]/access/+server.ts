import { MEETING_ACCESS, type MeetingAccess } from '$lib/core/types.ts';
import { ApiFailure, apiError, readJson } from '$lib/server/http.ts';
import { meetingChangeRoute } from '$lib/server/meeting-route.ts';

/**
 * `{ access: 'accounts' | 'guests' | 'roll' }`: whom the meeting lets vote (`roll`: only members on
 * its roll, bound by their invitation; anyone with the code follows); host only.
 */
export const POST = meetingChangeRoute(async (services, { params, request }, userId) => {
	const body = (await readJson(request)) as { access?: unknown } | null;
	if (!MEETING_ACCESS.includes(body?.access as MeetingAccess)) {
		throw new ApiFailure(apiError(400, 'validation', 'access is "accounts", "guests" or "roll".'));
	}
	return services.stores.meetings.setAccess(params.id!, userId, body!.access as MeetingAccess);
});
