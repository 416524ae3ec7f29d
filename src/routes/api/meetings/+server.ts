import { json } from '@sveltejs/kit';
import { api, apiError, readJson, requireAccount, requireUser } from '$lib/server/http.ts';
import { createMeeting, meetingJson } from '$lib/server/meetings.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) =>
	api(async () => {
		const user = requireUser(locals);
		const meetings = await services().stores.meetings.listByOwner(user.id);
		return json({ meetings: meetings.map((meeting) => meetingJson(meeting, [])) });
	});

export const POST: RequestHandler = ({ locals, request }) =>
	api(async () => {
		const user = requireAccount(locals);
		const body = (await readJson(request)) as Record<string, unknown> | null;
		const result = await createMeeting(services(), user.id, body?.title);
		if (!result.ok) return apiError(400, 'validation', result.message, { field: result.field });
		return json({ meeting: meetingJson(result.meeting, []) }, { status: 201 });
	});
