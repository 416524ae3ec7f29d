import { describe, expect, it } from 'vitest';
import { isAdmin } from './admin.ts';

describe('isAdmin', () => {
	const config = { adminUsernames: ['ada'] };

	it('admits only signed-in accounts named in ADMIN_USERNAMES', () => {
		expect(isAdmin({ username: 'ada', guest: null }, config)).toBe(true);
		expect(isAdmin({ username: 'bob', guest: null }, config)).toBe(false);
		expect(isAdmin(null, config)).toBe(false);
		expect(isAdmin({ username: 'ada', guest: null }, { adminUsernames: [] })).toBe(false);
	});

	it('never admits a guest, whatever name the guest account has', () => {
		expect(isAdmin({ username: 'ada', guest: { meetingId: 'm' } }, config)).toBe(false);
	});
});
