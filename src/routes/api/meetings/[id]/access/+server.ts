import { ApiFailure, apiError, readJson } from '$lib/server/http.ts';
import { meetingChangeRoute } from '$lib/server/meeting-route.ts';

/** `{ access: 'accounts' | 'guests' }`: whom the meeting lets vote; host only. */
export const POST = meetingChangeRoute(async (services, { params, request }, userId) => {
	const body = (await readJson(request)) as { access?: unknown } | null;
	if (body?.access !== 'accounts' && body?.access !== 'guests') {
		throw new ApiFailure(apiError(400, 'validation', 'access is "accounts" or "guests".'));
	}
	return services.stores.meetings.setAccess(params.id!, userId, body.access);
});
