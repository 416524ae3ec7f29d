export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_-]{2,31}$/;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

const COMMON = new Set([
	'password',
	'password1',
	'password123',
	'1234567890',
	'12345678910',
	'qwertyuiop',
	'iloveyou12',
	'letmein123',
	'welcome123',
	'passw0rd123',
	'plenumplenum'
]);

export type CredentialsResult =
	| { ok: true; username: string; password: string }
	| { ok: false; field: 'username' | 'password'; message: string };

/** Usernames are case-insensitive and stored lower-case. */
export function normaliseUsername(value: string): string {
	return value.trim().toLowerCase();
}

/** Checks a registration: a plain username and a password that is long and not a well-known one. */
export function parseRegistration(username: unknown, password: unknown): CredentialsResult {
	if (typeof username !== 'string' || !USERNAME_PATTERN.test(normaliseUsername(username))) {
		return {
			ok: false,
			field: 'username',
			message: 'Use 3 to 32 letters, digits, “-” or “_”, starting with a letter or digit.'
		};
	}
	if (typeof password !== 'string' || password.length < PASSWORD_MIN) {
		return {
			ok: false,
			field: 'password',
			message: `Use a password of at least ${PASSWORD_MIN} characters.`
		};
	}
	if (password.length > PASSWORD_MAX) {
		return { ok: false, field: 'password', message: `Use at most ${PASSWORD_MAX} characters.` };
	}
	const lower = password.toLowerCase();
	if (COMMON.has(lower) || new Set(lower).size < 4 || lower.includes(normaliseUsername(username))) {
		return {
			ok: false,
			field: 'password',
			message: 'That password is too easy to guess; pick a less common one.'
		};
	}
	return { ok: true, username: normaliseUsername(username), password };
}

/** Sign-in input is only checked for shape; whether it is right is the password hash's job. */
export function parseLogin(username: unknown, password: unknown): CredentialsResult {
	if (typeof username !== 'string' || username.trim() === '' || username.length > 64) {
		return { ok: false, field: 'username', message: 'Enter your username.' };
	}
	if (typeof password !== 'string' || password === '' || password.length > PASSWORD_MAX) {
		return { ok: false, field: 'password', message: 'Enter your password.' };
	}
	return { ok: true, username: normaliseUsername(username), password };
}
