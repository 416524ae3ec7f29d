import { redirect } from '@sveltejs/kit';
import { findByCode } from '$lib/server/meetings.ts';
import { services } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const code = url.searchParams.get('code');
	if (code === null) return { code: '', message: null };
	const meeting = await findByCode(services(), code);
	if (meeting) redirect(303, `/m/${meeting.id}`);
	return {
		code: code.slice(0, 20),
		message: 'No meeting has that code. Check it with the host; codes look like K7Q-2XD.'
	};
};
