import { error, fail, redirect } from '@sveltejs/kit';
import { changeMeeting } from '$lib/server/meetings.ts';
import { qrDataUrl } from '$lib/server/qr.ts';
import { services } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { meetings } = services().stores;
	const meeting = await meetings.get(params.id);
	if (!meeting) error(404, { message: 'No such meeting.' });
	if (meeting.ownerId !== locals.user?.id) redirect(303, `/m/${meeting.id}`);
	const joinUrl = `${url.origin}/join?code=${encodeURIComponent(meeting.code)}`;
	return {
		meeting,
		agenda: (await meetings.agenda(meeting.id)).map(({ id, title, status }) => ({
			id,
			title,
			status
		})),
		joinUrl,
		qr: await qrDataUrl(joinUrl)
	};
};

/** Every agenda action names a topic; the store checks it belongs to this host's meeting. */
function agendaAction(
	run: (meetingId: string, userId: string, topicId: string) => ReturnType<typeof changeMeeting>
): import('./$types').Action {
	return async ({ locals, params, request }) => {
		if (!locals.user) return fail(401, { message: 'Sign in first.' });
		const topicId = String((await request.formData()).get('topicId') ?? '');
		const result = await run(params.id, locals.user.id, topicId);
		if (!result.ok)
			return fail(result.reason === 'forbidden' ? 403 : 409, { message: result.message });
		return { ok: true };
	};
}

export const actions: Actions = {
	show: agendaAction((id, user, topic) =>
		changeMeeting(services(), services().stores.meetings.setCurrent(id, user, topic))
	),
	up: agendaAction((id, user, topic) =>
		changeMeeting(services(), services().stores.meetings.moveTopic(id, user, topic, -1))
	),
	down: agendaAction((id, user, topic) =>
		changeMeeting(services(), services().stores.meetings.moveTopic(id, user, topic, 1))
	),
	duplicate: agendaAction((id, user, topic) =>
		changeMeeting(
			services(),
			services().stores.meetings.duplicateTopic(id, user, topic, services().now())
		)
	),
	remove: agendaAction((id, user, topic) =>
		changeMeeting(services(), services().stores.meetings.removeTopic(id, user, topic))
	)
};
