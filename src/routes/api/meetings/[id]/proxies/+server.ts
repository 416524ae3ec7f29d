import { json } from '@sveltejs/kit';
import { api, apiError, readJson, requireUser } from '$lib/server/http.ts';
import { proxyChangeRoute, proxyJson } from '$lib/server/proxy-route.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/** The meeting's proxy settings and the delegations the caller may see (hosts: all). */
export const GET: RequestHandler = ({ params, locals }) =>
	api(async () => {
		const user = requireUser(locals);
		const view = await services().stores.proxies.view(params.id, user.id);
		if (!view) return apiError(404, 'not-found', 'No such meeting.');
		return json(await proxyJson(services(), params.id, view));
	});

/** `{ limit, revocable }`: how many members one person may carry (0: off); hosts only. */
export const PUT = proxyChangeRoute(async (services, { params, request }, userId) =>
	services.stores.proxies.setSettings(params.id!, userId, await readJson(request), services.now())
);
