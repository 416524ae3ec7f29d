import { redirect } from '@sveltejs/kit';
import { services } from '$lib/server/services.ts';
import { parseTopicInput } from '$lib/core/topic-rules.ts';
import { changeMeeting } from '$lib/server/meetings.ts';
import { createTopic } from '$lib/server/topics.ts';
import { formFailure } from '$lib/server/form-failure.ts';
import { topicFormInput, typedBack } from '$lib/server/topic-form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const next = encodeURIComponent(url.pathname + url.search);
	if (!locals.user) redirect(303, `/login?next=${next}`);
	// Guests run nothing: an account of their own comes first.
	if (locals.user.guest) redirect(303, `/register?next=${next}`);
	const meetingId = url.searchParams.get('meeting');
	const meeting = meetingId ? await services().stores.meetings.get(meetingId) : null;
	return { meeting: meeting ? { id: meeting.id, title: meeting.title } : null };
};

export const actions: Actions = {
	default: async ({ locals, request, url }) => {
		if (!locals.user) redirect(303, '/login?next=/topics/new');
		if (locals.user.guest) redirect(303, '/register?next=/topics/new');
		const form = await request.formData();
		const raw = topicFormInput(form);
		const typed = typedBack(raw);
		const meetingId = url.searchParams.get('meeting');
		if (meetingId) {
			const parsed = parseTopicInput(raw);
			const added = parsed.ok
				? await changeMeeting(
						services(),
						services().stores.meetings.addTopic(
							meetingId,
							locals.user.id,
							parsed.value,
							services().now()
						)
					)
				: null;
			if (added?.ok) redirect(303, `/meetings/${meetingId}`);
			const failure = parsed.ok ? (added && !added.ok ? added : null) : parsed;
			return formFailure(
				{
					field: parsed.ok ? null : parsed.field,
					code: failure?.code ?? null,
					params: parsed.ok ? undefined : parsed.params,
					message: failure?.message ?? ''
				},
				typed
			);
		}
		const result = await createTopic(services(), locals.user.id, raw);
		if (!result.ok) return formFailure(result, typed);
		redirect(303, `/t/${result.topic.id}`);
	}
};
