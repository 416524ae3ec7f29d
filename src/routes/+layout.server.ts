import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	locale: locals.locale,
	user: locals.user
		? {
				id: locals.user.id,
				// Guests have a generated username; they go by the name they gave.
				username: locals.user.guest?.displayName ?? locals.user.username,
				guest: locals.user.guest !== null
			}
		: null
});
