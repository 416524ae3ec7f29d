import { describe, expect, it } from 'vitest';
import { parseLogin, parseRegistration } from './account-rules.ts';

describe('parseRegistration', () => {
	it('accepts a plain username and a long password, lower-casing the name', () => {
		expect(parseRegistration(' Alice_1 ', 'correct horse battery')).toEqual({
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
		const result = parseRegistration(username, password);
		expect(result).toMatchObject({ ok: false, field });
	});
});

describe('parseLogin', () => {
	it('only checks shape', () => {
		expect(parseLogin('Bob', 'x')).toEqual({ ok: true, username: 'bob', password: 'x' });
		expect(parseLogin('', 'x')).toMatchObject({ ok: false, field: 'username' });
		expect(parseLogin('bob', '')).toMatchObject({ ok: false, field: 'password' });
	});
});
