import { error, redirect } from '@sveltejs/kit';
import { meetingRoles, meetingSnapshot } from '$lib/server/meetings.ts';
import { joinRollByGroup } from '$lib/server/roll.ts';
import { proxyOf } from '$lib/server/topics.ts';
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
	if (!takesPart && meeting.access !== 'accounts') {
		redirect(303, `/join?code=${encodeURIComponent(meeting.code)}`);
	}
	const { runs, role } = await meetingRoles(services(), meeting, takesPart ? user.id : null);
	// In a roll meeting: the member this person's invitation (or the meeting's OpenID group) binds
	// them to, if any.
	const entry =
		takesPart && meeting.access === 'roll'
			? ((await services().stores.roll.binding(meeting.id, user.id)) ??
				(await joinRollByGroup(services(), meeting, user)))
			: null;
	return {
		member: entry
			? {
					id: entry.id,
					name: entry.name,
					addedVersion: entry.addedVersion,
					removedVersion: entry.removedVersion
				}
			: null,
		meeting: await meetingSnapshot(services(), meeting),
		/** Whom this member carries (a ballot each) and to whom they handed their own vote. */
		proxy: await proxyOf(services(), entry ? meeting.id : null, entry ? user!.id : null),
		proxiesOn: meeting.access === 'roll' && (meeting.proxyLimit ?? 0) > 0,
		access: meeting.access,
		runs,
		role,
		takesPart,
		guestName: guestHere ? user!.guest!.displayName : null
	};
};
