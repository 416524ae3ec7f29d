/**
 * How guessable a new password is, by zxcvbn-ts with its common dictionaries: about 30,000 of the
 * most common passwords from breach corpora, a diceware word list, keyboard layouts, sequences,
 * repeats and dates, with l33t and reversed spellings. OWASP ASVS 2.1.7 and NIST SP 800-63B 5.1.1.2
 * ask that new passwords be checked against such a list; the estimate also catches the list's
 * near neighbours (`Welcome2024!`), which a plain lookup misses. Pure and synchronous; the
 * matcher is built once, on first use (about 0.3 s).
 */
import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** zxcvbn's score (0–4) a new password needs: 3 is "safely unguessable" (about 10^8+ guesses). */
export const PASSWORD_MIN_SCORE = 3;

/** Only the start of a long password is estimated: the cost grows with length, the answer does not. */
const CHECKED_LENGTH = 100;

/** Why a password was found too easy to guess. */
export const PASSWORD_WEAKNESSES = [
	'password-too-common',
	'password-has-username',
	'password-pattern',
	'password-too-guessable'
] as const;
export type PasswordWeakness = (typeof PASSWORD_WEAKNESSES)[number];

let factory: ZxcvbnFactory | null = null;

function estimate(password: string, userInputs: string[]): ZxcvbnResult {
	factory ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });
	return factory.check(password.slice(0, CHECKED_LENGTH), userInputs);
}

const COMMON_WARNINGS = new Set(['topTen', 'topHundred', 'common', 'similarToCommon', 'pwned']);
const PATTERN_WARNINGS = new Set([
	'straightRow',
	'keyPattern',
	'simpleRepeat',
	'extendedRepeat',
	'sequences',
	'recentYears',
	'dates'
]);

/**
 * Null when the password is hard enough to guess; else the main reason it is not. `userInputs`
 * are words an attacker knows about this account (its username, the site's name).
 */
export function passwordWeakness(password: string, userInputs: string[]): PasswordWeakness | null {
	const result = estimate(password, userInputs);
	if (result.score >= PASSWORD_MIN_SCORE) return null;
	const warning = result.feedback.warning ?? '';
	if (warning === 'userInputs' || result.sequence.some((m) => m.dictionaryName === 'userInputs')) {
		return 'password-has-username';
	}
	if (
		COMMON_WARNINGS.has(warning) ||
		result.sequence.some((m) => m.dictionaryName === 'passwords-common')
	) {
		return 'password-too-common';
	}
	if (PATTERN_WARNINGS.has(warning)) return 'password-pattern';
	return 'password-too-guessable';
}
