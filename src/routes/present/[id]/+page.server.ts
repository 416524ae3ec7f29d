import { error, redirect } from '@sveltejs/kit';
import { meetingRoles, meetingSnapshot } from '$lib/server/meetings.ts';
import { qrDataUrl } from '$lib/server/qr.ts';
import { joinLink, roomOrigin } from '$lib/server/room-address.ts';
import { services } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const { meetings } = services().stores;
	const meeting = await meetings.get(params.id);
	if (!meeting) error(404, { message: 'No such meeting.' });
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	if (!(await meetingRoles(services(), meeting, locals.user.id)).runs) {
		error(403, { message: 'Only the hosts can present.' });
	}
	const origin = roomOrigin(url, services().config.origin);
	const joinUrl = joinLink(origin, meeting.code);
	return {
		meeting: await meetingSnapshot(services(), meeting),
		joinHost: new URL(origin).host,
		qr: await qrDataUrl(joinUrl)
	};
};
