import { ApiFailure, apiError, readJson } from '$lib/server/http.ts';
import { proxyChangeRoute } from '$lib/server/proxy-route.ts';

const entryId = (value: unknown) =>
	typeof value === 'string' && value.length > 0 && value.length <= 64 ? value : null;

/**
 * `{ from, to }` (roll entry ids): a host hands `from`'s vote to `to`, standing at once.
 * `{ to }`: the caller, a member on the roll, asks to hand their vote to `to`; a host approves it.
 */
export const POST = proxyChangeRoute(async (services, { params, request }, userId) => {
	const body = (await readJson(request)) as { from?: unknown; to?: unknown } | null;
	const to = entryId(body?.to);
	if (!to || (body?.from !== undefined && !entryId(body.from))) {
		throw new ApiFailure(apiError(400, 'validation', 'Name the members by their roll entry ids.'));
	}
	const now = services.now();
	return body?.from !== undefined
		? services.stores.proxies.grant(params.id!, userId, { from: entryId(body.from)!, to }, now)
		: services.stores.proxies.request(params.id!, userId, to, now);
});
