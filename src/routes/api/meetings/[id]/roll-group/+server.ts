import { ApiFailure, apiError, readJson } from '$lib/server/http.ts';
import { setRollGroup } from '$lib/server/roll.ts';
import { rollChangeRoute } from '$lib/server/roll-route.ts';

/**
 * `{ group: string | null }`: the OpenID Connect group whose members are put on the roll when
 * they open the meeting (null or empty: none). The meeting's host only.
 */
export const PUT = rollChangeRoute(async (services, { params, request }, userId) => {
	const body = (await readJson(request)) as { group?: unknown } | null;
	const group = body?.group;
	if (group !== null && typeof group !== 'string') {
		throw new ApiFailure(apiError(400, 'validation', 'group is a string or null.'));
	}
	return setRollGroup(services, params.id!, userId, group ?? '');
});
