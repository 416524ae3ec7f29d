import { json } from '@sveltejs/kit';
import { keepsDoor } from '$lib/core/roll-rules.ts';
import { api, ApiFailure, apiError, readJson, requireUser } from '$lib/server/http.ts';
import { addMember, importRoll } from '$lib/server/roll.ts';
import { ROLL_CSV_MAX_BYTES } from '$lib/server/roll-csv.ts';
import { entryJson, rollChangeRoute } from '$lib/server/roll-route.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/**
 * The roll now, with its version, where "present" comes from and the OpenID group that puts its
 * members on the roll; hosts and door helpers.
 */
export const GET: RequestHandler = ({ params, locals }) =>
	api(async () => {
		const user = requireUser(locals);
		const meeting = await services().stores.meetings.get(params.id);
		if (!meeting) return apiError(404, 'not-found', 'No such meeting.');
		const role = await services().stores.meetings.role(meeting.id, user.id);
		if (!keepsDoor(meeting, user.id, role)) {
			return apiError(403, 'forbidden', 'Only the meeting’s hosts and door helpers see its roll.');
		}
		const entries = await services().stores.roll.list(meeting.id);
		return json({
			version: meeting.rollVersion,
			access: meeting.access,
			presentFrom: meeting.presentFrom,
			rollGroup: meeting.rollGroup,
			weighted: meeting.weighted ?? false,
			members: entries.map(entryJson)
		});
	});

/**
 * Adds members: a JSON body `{ name, contact?, memberNumber? }` adds one; a `text/csv` body
 * imports a file (all members or none; a refusal lists every refused line).
 */
export const POST = rollChangeRoute(async (services, { params, request }, userId) => {
	const type = request.headers.get('content-type') ?? '';
	if (/^text\/csv\b/i.test(type)) {
		const declared = Number(request.headers.get('content-length') ?? 0);
		if (declared > ROLL_CSV_MAX_BYTES) {
			throw new ApiFailure(apiError(413, 'payload-too-large', 'The file is too large.'));
		}
		return importRoll(services, params.id!, userId, await request.text());
	}
	return addMember(services, params.id!, userId, await readJson(request));
});
