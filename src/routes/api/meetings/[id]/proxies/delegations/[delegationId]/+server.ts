import { proxyChangeRoute } from '$lib/server/proxy-route.ts';

/** Ends a delegation: hosts always; its member a request, or a standing one where allowed. */
export const DELETE = proxyChangeRoute(async (services, { params }, userId) =>
	services.stores.proxies.revoke(params.id!, userId, params.delegationId!, services.now())
);
