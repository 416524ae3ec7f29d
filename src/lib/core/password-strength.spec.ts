import { describe, expect, it } from 'vitest';
import { loadPasswordEstimator, passwordWeakness } from './password-strength.ts';

const estimate = await loadPasswordEstimator();

describe('passwordWeakness', () => {
	it.each([
		['password12', 'password-too-common'],
		['qwerty1234', 'password-too-common'],
		['Welcome2024!', 'password-too-common'],
		['bob-the-builder', 'password-has-username'],
		['1234567890abc', 'password-too-common'],
		['aaaaaaaaaaaa', 'password-pattern'],
		['kx7w9qbt', 'password-too-guessable']
	])('finds %s weak: %s', (password, weakness) => {
		expect(passwordWeakness(password, ['bob-the-builder', 'plenum'], estimate)).toBe(weakness);
	});

	it('passes long passphrases and random strings', () => {
		expect(passwordWeakness('correct horse battery staple', ['bob'], estimate)).toBeNull();
		expect(passwordWeakness('v8#Lq2!mZr4@', ['bob'], estimate)).toBeNull();
	});

	it('judges the longest password accepted by its start', () => {
		expect(passwordWeakness('ab'.repeat(128), ['bob'], estimate)).toBe('password-pattern');
	});
});
