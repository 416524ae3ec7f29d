import { error, redirect } from '@sveltejs/kit';
import { resultsVisibility } from '$lib/core/outcome.ts';
import { formFailure } from '$lib/server/form-failure.ts';
import { services } from '$lib/server/services.ts';
import { topicFormInput, typedBack } from '$lib/server/topic-form.ts';
import { editDraftTopic, managesTopicAs, visibleTopic } from '$lib/server/topics.ts';
import type { Actions, PageServerLoad } from './$types';

/** The draft's settings in the topic form, for the people who manage it; opened topics go back. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	const topic = await visibleTopic(services(), params.id, locals.user.id);
	if (!topic || !(await managesTopicAs(services(), topic, locals.user.id))) {
		error(404, { message: 'No such topic. Check the link you were given.' });
	}
	if (topic.status !== 'draft') redirect(303, `/t/${topic.id}`);
	return {
		topic: {
			id: topic.id,
			meetingId: topic.meetingId,
			title: topic.title,
			description: topic.description,
			options: topic.options.map((option) => option.label),
			kind: topic.kind,
			minChoices: topic.minChoices,
			maxChoices: topic.maxChoices,
			scoreMax: topic.scoreMax,
			seats: topic.seats ?? 1,
			secret: topic.secret,
			allowChange: topic.allowChange,
			majority: topic.majority,
			quorum: topic.quorum,
			resultsVisibility: resultsVisibility(topic),
			lateGraceSeconds: topic.lateGraceSeconds
		}
	};
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		if (!locals.user) redirect(303, `/login?next=/t/${params.id}/edit`);
		const raw = topicFormInput(await request.formData());
		const result = await editDraftTopic(services(), params.id, locals.user.id, raw);
		if (result.ok) {
			redirect(
				303,
				result.topic.meetingId ? `/meetings/${result.topic.meetingId}` : `/t/${params.id}`
			);
		}
		const status = { 'not-found': 404, forbidden: 403, 'invalid-transition': 409, validation: 400 };
		return formFailure(
			{
				status: status[result.reason],
				field: 'field' in result ? result.field : null,
				code: result.code,
				params: 'params' in result ? result.params : undefined,
				message: result.message
			},
			typedBack(raw)
		);
	}
};
