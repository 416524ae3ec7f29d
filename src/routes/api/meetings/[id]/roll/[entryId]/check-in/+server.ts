import { ApiFailure, apiError, readJson } from '$lib/server/http.ts';
import { checkIn } from '$lib/server/roll.ts';
import { rollChangeRoute } from '$lib/server/roll-route.ts';

/** `{ present: boolean }`: marks the member present at the door (or not); hosts and door helpers. */
export const PUT = rollChangeRoute(async (services, { params, request }, userId) => {
	const body = (await readJson(request)) as { present?: unknown } | null;
	if (typeof body?.present !== 'boolean') {
		throw new ApiFailure(apiError(400, 'validation', 'present is true or false.'));
	}
	return checkIn(services, params.id!, userId, params.entryId!, body.present);
});
