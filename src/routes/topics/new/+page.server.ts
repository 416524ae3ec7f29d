import { redirect } from '@sveltejs/kit';
import { services } from '$lib/server/services.ts';
import { parseTopicInput } from '$lib/core/topic-rules.ts';
import { changeMeeting } from '$lib/server/meetings.ts';
import { createTopic } from '$lib/server/topics.ts';
import { formFailure } from '$lib/server/form-failure.ts';
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
		const raw = {
			title: form.get('title'),
			description: form.get('description') ?? '',
			options: form.getAll('option'),
			lateGraceSeconds: Number(form.get('lateGraceSeconds') ?? 0),
			hideResults: form.get('hideResults') === 'on',
			majority: form.get('majority') ?? 'simple',
			quorum: Number(form.get('quorum') || 0),
			kind: form.get('kind') ?? 'single',
			minChoices: form.has('minChoices') ? Number(form.get('minChoices')) : undefined,
			maxChoices: form.has('maxChoices') ? Number(form.get('maxChoices')) : undefined,
			scoreMax: form.has('scoreMax') ? Number(form.get('scoreMax')) : undefined,
			secret: form.get('secret') !== 'off',
			allowChange: form.get('allowChange') === 'on'
		};
		// What the person typed, sent back with a refusal so the form keeps it.
		const typedBack = {
			title: typeof raw.title === 'string' ? raw.title : '',
			description: typeof raw.description === 'string' ? raw.description : '',
			options: raw.options.filter((option) => typeof option === 'string'),
			kind: typeof raw.kind === 'string' ? raw.kind : 'single'
		};
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
				typedBack
			);
		}
		const result = await createTopic(services(), locals.user.id, raw);
		if (!result.ok) return formFailure(result, typedBack);
		redirect(303, `/t/${result.topic.id}`);
	}
};
