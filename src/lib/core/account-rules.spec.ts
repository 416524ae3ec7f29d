import { describe, expect, it } from 'vitest';
import {
	CREDENTIALS_ERRORS,
	parseLogin,
	parseRegistration,
	type CredentialsError
} from './account-rules.ts';
import { loadPasswordEstimator } from './password-strength.ts';

const estimate = await loadPasswordEstimator();

describe('parseRegistration', () => {
	it('accepts a plain username and a long password, lower-casing the name', () => {
		expect(parseRegistration(' Alice_1 ', 'correct horse battery', estimate)).toEqual({
			ok: true,
			username: 'alice_1',
			password: 'correct horse battery'
		});
	});

	it.each([
		['al', 'correct horse battery', 'username'],
		['-alice', 'correct horse battery', 'username'],
		['alice bob', 'correct horse battery', 'username'],
		['alice', 'short', 'password'],
		['alice', 'password123', 'password'],
		['alice', 'aaaaaaaaaaaa', 'password'],
		['alice', 'alice-is-great', 'password'],
		['alice', 'x'.repeat(300), 'password']
	])('refuses %s / %s on %s', (username, password, field) => {
		const result = parseRegistration(username, password, estimate);
		expect(result).toMatchObject({ ok: false, field });
	});
});

describe('new passwords against lists of common and leaked passwords', () => {
	it.each(['password12', 'qwerty1234', 'Welcome2024!', 'iloveyou2024', 'Passw0rd!23'])(
		'refuses %s and says why',
		(password) => {
			const result = parseRegistration('alice', password, estimate);
			expect(result).toMatchObject({ ok: false, field: 'password', code: 'password-too-common' });
			if (!result.ok) expect(result.message).toMatch(/common or leaked/);
		}
	);

	it.each(['correct horse battery staple', 'another long passphrase', 'Tr0ub4dor&3x-plus'])(
		'accepts %s',
		(password) => {
			expect(parseRegistration('alice', password, estimate)).toMatchObject({ ok: true });
		}
	);
});

describe('parseLogin', () => {
	it('only checks shape', () => {
		expect(parseLogin('Bob', 'x')).toEqual({ ok: true, username: 'bob', password: 'x' });
		expect(parseLogin('', 'x')).toMatchObject({ ok: false, field: 'username' });
		expect(parseLogin('bob', '')).toMatchObject({ ok: false, field: 'password' });
	});
});

describe('failure codes', () => {
	const cases: [
		unknown,
		unknown,
		'register' | 'login',
		CredentialsError,
		Record<string, number>?
	][] = [
		['al', 'correct horse battery', 'register', 'username-invalid'],
		[42, 'correct horse battery', 'register', 'username-invalid'],
		['alice', 'short', 'register', 'password-too-short', { min: 10 }],
		['alice', 'x'.repeat(300), 'register', 'password-too-long', { max: 256 }],
		['alice', 'password123', 'register', 'password-too-common'],
		['alice', 'password12', 'register', 'password-too-common'],
		['alice', 'qwerty1234', 'register', 'password-too-common'],
		['alice', 'Welcome2024!', 'register', 'password-too-common'],
		['alice', 'alice-alice!', 'register', 'password-has-username'],
		['alice', 'aaaaaaaaaaaa', 'register', 'password-pattern'],
		['alice', 'zxcvbnm,./;', 'register', 'password-pattern'],
		[' ', 'x', 'login', 'username-missing'],
		['x'.repeat(65), 'x', 'login', 'username-missing'],
		['bob', '', 'login', 'password-missing'],
		['bob', 'x'.repeat(257), 'login', 'password-missing']
	];

	it.each(cases)('refuses %j / %j (%s) with %s', (username, password, kind, code, params) => {
		const result =
			kind === 'register'
				? parseRegistration(username, password, estimate)
				: parseLogin(username, password);
		expect(result).toMatchObject({ ok: false, code });
		if (!result.ok) expect(result.params).toEqual(params);
	});

	it('covers every code they can give, with the English message kept', () => {
		// A password of 10+ characters that is guessable without matching a list or pattern is rare;
		// `password-too-guessable` is shown on a shorter one in password-strength.spec.ts.
		const shown = [...cases.map(([, , , code]) => code), 'password-too-guessable'];
		expect(new Set(shown)).toEqual(new Set(CREDENTIALS_ERRORS));
		expect(parseRegistration('alice', 'short', estimate)).toEqual({
			ok: false,
			field: 'password',
			code: 'password-too-short',
			params: { min: 10 },
			message: 'Use a password of at least 10 characters.'
		});
	});
});
