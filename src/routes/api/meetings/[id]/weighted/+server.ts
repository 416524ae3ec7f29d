import { ApiFailure, apiError, readJson } from '$lib/server/http.ts';
import { rollChangeRoute } from '$lib/server/roll-route.ts';

/** `{ weighted: boolean }`: whether topics opened from now on count each member's weight. */
export const PUT = rollChangeRoute(async (services, { params, request }, userId) => {
	const body = (await readJson(request)) as { weighted?: unknown } | null;
	if (typeof body?.weighted !== 'boolean') {
		throw new ApiFailure(apiError(400, 'validation', 'weighted is true or false.'));
	}
	const result = await services.stores.roll.setWeighted(
		params.id!,
		userId,
		body.weighted,
		services.now()
	);
	if (result.ok) await services.publishMeeting(params.id!);
	return result;
});
