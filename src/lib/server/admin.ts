/**
 * Who may see the operators' status page: signed-in accounts (never guests) whose username is in
 * `ADMIN_USERNAMES`. Nobody by default. Everyone else gets a 404, so the page's existence tells a
 * visitor nothing.
 */
import type { Config } from './config.ts';

export function isAdmin(
	user: { username: string; guest: unknown } | null,
	config: Pick<Config, 'adminUsernames'>
): boolean {
	return user !== null && user.guest === null && config.adminUsernames.includes(user.username);
}
