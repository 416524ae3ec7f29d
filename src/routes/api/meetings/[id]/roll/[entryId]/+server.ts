import { readJson } from '$lib/server/http.ts';
import { editMember, removeMember } from '$lib/server/roll.ts';
import { rollChangeRoute } from '$lib/server/roll-route.ts';

/** `{ name, contact?, memberNumber? }`: corrects a member's entry (a new roll version). */
export const PATCH = rollChangeRoute(async (services, { params, request }, userId) =>
	editMember(services, params.id!, userId, params.entryId!, await readJson(request))
);

/** Takes the member off the roll and ends their binding; votes already cast stay counted. */
export const DELETE = rollChangeRoute(async (services, { params }, userId) =>
	removeMember(services, params.id!, userId, params.entryId!)
);
