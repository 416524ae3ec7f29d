import {
	passwordWeakness,
	PASSWORD_WEAKNESSES,
	type PasswordEstimator,
	type PasswordWeakness
} from './password-strength.ts';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_-]{2,31}$/;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

/** Why a username and password were refused before any account was looked at. */
export const CREDENTIALS_ERRORS = [
	'username-invalid',
	'password-too-short',
	'password-too-long',
	...PASSWORD_WEAKNESSES,
	'username-missing',
	'password-missing'
] as const;
export type CredentialsError = (typeof CREDENTIALS_ERRORS)[number];

/** Why registration or sign-in failed once the input had the right shape. */
export const ACCOUNT_ERRORS = [
	'username-taken',
	'wrong-credentials',
	'too-many-attempts',
	'too-many-registrations',
	'server-busy',
	'registration-closed',
	'signup-code-required',
	'signup-code-invalid',
	'password-sign-in-off'
] as const;
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

/** Why a password is refused, in English (the pages word it from `$lib/i18n`). */
const WEAKNESS_MESSAGES: Record<PasswordWeakness, string> = {
	'password-too-common':
		'That password is on lists of common or leaked passwords, or close to one; pick another.',
	'password-has-username': 'That password is built on your username; pick one that is not.',
	'password-pattern':
		'That password follows a keyboard row, a sequence, a repeat or a date; pick one that does not.',
	'password-too-guessable':
		'That password would be guessed quickly; make it longer, for example with a few unrelated words.'
};

/**
 * Checks a registration: a plain username and a password that is long enough and not easy to
 * guess (not on lists of common or leaked passwords, not built on the username, no pattern), by
 * `estimate` (`loadPasswordEstimator`).
 */
export function parseRegistration(
	username: unknown,
	password: unknown,
	estimate: PasswordEstimator
): CredentialsResult {
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
	const name = normaliseUsername(username);
	const weakness = password.toLowerCase().includes(name)
		? 'password-has-username'
		: passwordWeakness(password, [name, 'plenum'], estimate);
	if (weakness) {
		return {
			ok: false,
			field: 'password',
			code: weakness,
			message: WEAKNESS_MESSAGES[weakness]
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
