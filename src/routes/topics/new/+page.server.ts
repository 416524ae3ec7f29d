import { fail, redirect } from '@sveltejs/kit';
import { services } from '$lib/server/services.ts';
import { createTopic } from '$lib/server/topics.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		if (!locals.user) redirect(303, '/login?next=/topics/new');
		const form = await request.formData();
		const raw = {
			title: form.get('title'),
			description: form.get('description') ?? '',
			options: form.getAll('option'),
			lateGraceSeconds: Number(form.get('lateGraceSeconds') ?? 0)
		};
		const result = await createTopic(services(), locals.user.id, raw);
		if (!result.ok) {
			return fail(400, {
				field: result.field,
				message: result.message,
				title: typeof raw.title === 'string' ? raw.title : '',
				description: typeof raw.description === 'string' ? raw.description : '',
				options: raw.options.filter((option) => typeof option === 'string')
			});
		}
		redirect(303, `/t/${result.topic.id}`);
	}
};
