import { proxyChangeRoute } from '$lib/server/proxy-route.ts';

/** A host approves a member's request: it stands from now (within the meeting's limit). */
export const POST = proxyChangeRoute(async (services, { params }, userId) =>
	services.stores.proxies.approve(params.id!, userId, params.delegationId!, services.now())
);
