import { error, redirect } from '@sveltejs/kit';
import { meetingRoles, meetingSnapshot } from '$lib/server/meetings.ts';
import { services } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { meetings } = services().stores;
	const meeting = await meetings.get(params.id);
	if (!meeting) error(404, { message: 'No such meeting. Check the code with the host.' });
	const user = locals.user;
	// A guest belongs to one meeting; elsewhere they are as good as signed out.
	const guestHere = user?.guest?.meetingId === meeting.id;
	const takesPart = user !== null && (user.guest === null || guestHere);
	// Meetings that take guests start with the guest form (which also offers signing in).
	if (!takesPart && meeting.access === 'guests') {
		redirect(303, `/join?code=${encodeURIComponent(meeting.code)}`);
	}
	const { runs, role } = await meetingRoles(services(), meeting, takesPart ? user.id : null);
	return {
		meeting: await meetingSnapshot(services(), meeting),
		access: meeting.access,
		runs,
		role,
		takesPart,
		guestName: guestHere ? user!.guest!.displayName : null
	};
};
