import { json } from '@sveltejs/kit';
import { api, requireUser } from '$lib/server/http.ts';
import { issueInvitations } from '$lib/server/roll.ts';
import { rollError } from '$lib/server/roll-route.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/**
 * Issues invitations to every member nobody is bound to yet (earlier unused ones stop working),
 * for the printed sheet. The codes are in this answer only.
 */
export const POST: RequestHandler = ({ params, locals, url }) =>
	api(async () => {
		const user = requireUser(locals);
		const result = await issueInvitations(services(), params.id, user.id, 'not-bound', url.origin);
		if (!result.ok) return rollError(result);
		return json({ invitations: result.invitations });
	});
