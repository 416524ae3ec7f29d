/**
 * Every expected failure a form can show has a stable `code` (and the values its text names, in
 * `params`) beside its English `message`: the pages word it in their own language from the code
 * (`errorText` in `$lib/i18n`), while the JSON API keeps giving the English message.
 */
import { ACCOUNT_ERRORS, CREDENTIALS_ERRORS } from './account-rules.ts';
import { MEETING_CHANGE_ERRORS, MEETING_INPUT_ERRORS } from './meeting-rules.ts';
import { ROLL_CHANGE_ERRORS, ROLL_INPUT_ERRORS } from './roll-rules.ts';
import { PAPER_ERRORS } from './paper.ts';
import { PROXY_ERRORS } from './proxy-rules.ts';
import { VOTED_LIST_ERRORS } from './voted-list.ts';
import { NAMED_VOTES_ERRORS, TOPIC_CHANGE_ERRORS, TOPIC_INPUT_ERRORS } from './topic-rules.ts';

/** Refusals that only the form actions give (missing sign-in, unchosen form fields). */
export const FORM_ERRORS = [
	'sign-in-first',
	'access-choose',
	'member-username-missing',
	'role-choose'
] as const;

const ALL = [
	...TOPIC_INPUT_ERRORS,
	...TOPIC_CHANGE_ERRORS,
	...NAMED_VOTES_ERRORS,
	...CREDENTIALS_ERRORS,
	...ACCOUNT_ERRORS,
	...MEETING_INPUT_ERRORS,
	...MEETING_CHANGE_ERRORS,
	...ROLL_INPUT_ERRORS,
	...ROLL_CHANGE_ERRORS,
	...PAPER_ERRORS,
	...VOTED_LIST_ERRORS,
	...PROXY_ERRORS,
	...FORM_ERRORS
] as const;
export type FailureCode = (typeof ALL)[number];

/** Every failure code, once each (some modules share one, like `topic-not-found`). */
export const FAILURE_CODES: readonly FailureCode[] = [...new Set(ALL)];

/** Values a failure's text names: limits, allowed values, minutes to wait. */
export type FailureParams = Record<string, number | string>;
