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

/** Why a username and password were refused before any account was looked at. */
export const CREDENTIALS_ERRORS = [
	'username-invalid',
	'password-too-short',
	'password-too-long',
	'password-too-common',
	'username-missing',
	'password-missing'
] as const;
export type CredentialsError = (typeof CREDENTIALS_ERRORS)[number];

/** Why registration or sign-in failed once the input had the right shape. */
export const ACCOUNT_ERRORS = ['username-taken', 'wrong-credentials', 'too-many-attempts'] as const;
export type AccountError = (typeof ACCOUNT_ERRORS)[number];

export type CredentialsResult =
	| { ok: true; username: string; password: string }
	| {
			ok: false;
			field: 'username' | 'password';
			code: CredentialsError;
			/** Values the message names, for translations. */
			params?: Record<string, number | string>;
			/** The refusal in English, as the JSON API gives it. */
			message: string;
	  };

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
			code: 'username-invalid',
			message: 'Use 3 to 32 letters, digits, “-” or “_”, starting with a letter or digit.'
		};
	}
	if (typeof password !== 'string' || password.length < PASSWORD_MIN) {
		return {
			ok: false,
			field: 'password',
			code: 'password-too-short',
			params: { min: PASSWORD_MIN },
			message: `Use a password of at least ${PASSWORD_MIN} characters.`
		};
	}
	if (password.length > PASSWORD_MAX) {
		return {
			ok: false,
			field: 'password',
			code: 'password-too-long',
			params: { max: PASSWORD_MAX },
			message: `Use at most ${PASSWORD_MAX} characters.`
		};
	}
	const lower = password.toLowerCase();
	if (COMMON.has(lower) || new Set(lower).size < 4 || lower.includes(normaliseUsername(username))) {
		return {
			ok: false,
			field: 'password',
			code: 'password-too-common',
			message: 'That password is too easy to guess; pick a less common one.'
		};
	}
	return { ok: true, username: normaliseUsername(username), password };
}

/** Sign-in input is only checked for shape; whether it is right is the password hash's job. */
export function parseLogin(username: unknown, password: unknown): CredentialsResult {
	if (typeof username !== 'string' || username.trim() === '' || username.length > 64) {
		return {
			ok: false,
			field: 'username',
			code: 'username-missing',
			message: 'Enter your username.'
		};
	}
	if (typeof password !== 'string' || password === '' || password.length > PASSWORD_MAX) {
		return {
			ok: false,
			field: 'password',
			code: 'password-missing',
			message: 'Enter your password.'
		};
	}
	return { ok: true, username: normaliseUsername(username), password };
}
