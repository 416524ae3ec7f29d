import { json } from '@sveltejs/kit';
import { api, requireUser } from '$lib/server/http.ts';
import { issueInvitations, revokeInvitation } from '$lib/server/roll.ts';
import { rollChangeRoute, rollError } from '$lib/server/roll-route.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/**
 * Issues the member a new invitation: the earlier one and the binding it made stop working. The
 * code and link are in this answer only; the server keeps their hash.
 */
export const POST: RequestHandler = ({ params, locals, url }) =>
	api(async () => {
		const user = requireUser(locals);
		const result = await issueInvitations(
			services(),
			params.id,
			user.id,
			[params.entryId],
			url.origin
		);
		if (!result.ok) return rollError(result);
		return json({ invitation: result.invitations[0] });
	});

/** Revokes the member's invitation and binding without a new one. */
export const DELETE = rollChangeRoute(async (services, { params }, userId) =>
	revokeInvitation(services, params.id!, userId, params.entryId!)
);
