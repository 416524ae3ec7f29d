/**
 * How guessable a new password is, by zxcvbn-ts with its common dictionaries: about 30,000 of the
 * most common passwords from breach corpora, a diceware word list, keyboard layouts, sequences,
 * repeats and dates, with l33t and reversed spellings. OWASP ASVS 2.1.7 and NIST SP 800-63B 5.1.1.2
 * ask that new passwords be checked against such a list; the estimate also catches the list's
 * near neighbours (`Welcome2024!`), which a plain lookup misses.
 *
 * The dictionaries take about 4.5 MB of heap once loaded, so they are not part of this module:
 * `loadPasswordEstimator` imports them on the first check (a server that never registers anyone
 * never holds them), and the rules below stay pure and synchronous on the estimator they are given.
 */
import type { ZxcvbnResult } from '@zxcvbn-ts/core';

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

/** zxcvbn's estimate for a password, given words an attacker knows about the account. */
export type PasswordEstimator = (password: string, userInputs: string[]) => ZxcvbnResult;

let loading: Promise<PasswordEstimator> | null = null;

/**
 * The estimator with zxcvbn's common dictionaries, imported on the first call and kept; building
 * its matcher takes about 0.3 s once. Callers await it before checking a new password.
 */
export function loadPasswordEstimator(): Promise<PasswordEstimator> {
	loading ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
		([{ ZxcvbnFactory }, { adjacencyGraphs, dictionary }]) => {
			const factory = new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });
			return (password, userInputs) => factory.check(password.slice(0, CHECKED_LENGTH), userInputs);
		}
	);
	// A failed import is tried again next time instead of failing every registration for good.
	loading.catch(() => (loading = null));
	return loading;
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
export function passwordWeakness(
	password: string,
	userInputs: string[],
	estimate: PasswordEstimator
): PasswordWeakness | null {
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
