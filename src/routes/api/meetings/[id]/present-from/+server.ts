import { PRESENT_FROM, type PresentFrom } from '$lib/core/roll-rules.ts';
import { ApiFailure, apiError, readJson } from '$lib/server/http.ts';
import { rollChangeRoute } from '$lib/server/roll-route.ts';

/** `{ from: 'connections' | 'check-in' }`: where the meeting's "present" and quorum come from. */
export const PUT = rollChangeRoute(async (services, { params, request }, userId) => {
	const body = (await readJson(request)) as { from?: unknown } | null;
	if (!PRESENT_FROM.includes(body?.from as PresentFrom)) {
		throw new ApiFailure(apiError(400, 'validation', 'from is "connections" or "check-in".'));
	}
	const result = await services.stores.roll.setPresentFrom(
		params.id!,
		userId,
		body!.from as PresentFrom,
		services.now()
	);
	if (result.ok) await services.publishMeeting(params.id!);
	return result;
});
