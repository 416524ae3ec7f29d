import { services } from '$lib/server/services.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => ({
	locale: locals.locale,
	/** Whether to offer "Create account" (`REGISTRATION` is not `off`). */
	canRegister: services().config.registration !== 'off',
	user: locals.user
		? {
				id: locals.user.id,
				// Guests have a generated username; they go by the name they gave.
				username: locals.user.guest?.displayName ?? locals.user.username,
				guest: locals.user.guest !== null,
				// A guest device bound to a roll entry by an invitation: leaving ends that binding.
				member:
					locals.user.guest !== null &&
					(await services().stores.roll.binding(locals.user.guest.meetingId, locals.user.id)) !==
						null
			}
		: null
});
