/**
 * UI strings per language. The root layout calls `setI18n` with the request's locale (chosen by
 * `hooks.server.ts`); components call `useI18n()` while initialising and read `i18n.m`.
 *
 * The locale lives in Svelte context, not in a module variable: the server renders many
 * requests, in different languages, in one process.
 */
import { getContext, setContext } from 'svelte';
import type { FailureCode, FailureParams } from '$lib/core/failures.ts';
import type { PollRules } from '$lib/core/poll.ts';
import type { RefusalReason } from '$lib/core/types.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import {
	DEFAULT_LOCALE,
	isLocale,
	LOCALE_COOKIE,
	LOCALES,
	pickLocale,
	type Locale
} from './locale.ts';

/** Widens string literals (and functions' string results) so other languages can differ. */
type DeepString<T> = T extends string
	? string
	: T extends (...args: infer A) => string
		? (...args: A) => string
		: { [K in keyof T]: DeepString<T[K]> };

export type Messages = DeepString<typeof en>;

export { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, LOCALES, pickLocale, type Locale };

export const messages: Record<Locale, Messages> = { en, de };

// Every refusal reason the server can give has a text.
en.refusal satisfies Record<RefusalReason, string>;
// Every failure code a form can show has a text (`i18n.spec.ts` checks there are no others).
en.errors satisfies Record<FailureCode, string | ((params: never) => string)>;

export interface I18n {
	readonly locale: Locale;
	readonly m: Messages;
}

const KEY = Symbol('i18n');

/**
 * Provides the language to every component below; call it in the root layout. Pass a getter
 * (`() => data.locale`) to follow changes of the locale without remounting.
 */
export function setI18n(locale: Locale | (() => Locale)): I18n {
	const current = typeof locale === 'function' ? locale : () => locale;
	const i18n: I18n = {
		get locale() {
			return current();
		},
		get m() {
			return messages[current()];
		}
	};
	return setContext(KEY, i18n);
}

const fallback: I18n = { locale: DEFAULT_LOCALE, m: en };

/** The language of the page; call while a component initialises. English outside the layout. */
export function useI18n(): I18n {
	return getContext<I18n | undefined>(KEY) ?? fallback;
}

/**
 * Option labels as the page shows them: a yes / no / abstain topic stores its three options in
 * English, and each page names them in its own language.
 */
export function shownOptions<T extends { id: string; label: string }>(
	options: T[],
	kind: string | undefined,
	m: Messages
): T[] {
	if (kind !== 'yes-no') return options;
	const names = [m.poll.yes, m.poll.no, m.poll.abstain];
	return options.map((option, index) => ({ ...option, label: names[index] ?? option.label }));
}

/**
 * The poll type's name as the pages show it: a topic that elects several options is named by
 * its rule (approval with k seats, the single transferable vote), not by its ballot's shape.
 */
export function kindName(m: Messages, rules: Pick<PollRules, 'kind' | 'seats'>): string {
	const seats = rules.seats ?? 1;
	if (seats > 1 && rules.kind === 'multiple') return m.poll.elects.approval(seats);
	if (seats > 1 && rules.kind === 'ranked') return m.poll.elects.stv(seats);
	return m.poll.kinds[rules.kind].name;
}

/** A failure as the server gives it: its code and values, and the English message. */
export interface FailureLike {
	code?: string | null;
	params?: FailureParams | null;
	message?: string | null;
	/** Form data carries other fields too (the section, what was typed). */
	[other: string]: unknown;
}

/**
 * A failure's text in the page's language: the `errors` text for its code (filled with its
 * params), else its English `message`, else null (nothing to show). Never throws.
 */
export function errorText(m: Messages, failure: FailureLike | null | undefined): string | null {
	if (!failure) return null;
	const { code, params, message } = failure;
	const entry =
		typeof code === 'string' && Object.hasOwn(m.errors, code)
			? (m.errors as Record<string, unknown>)[code]
			: undefined;
	if (typeof entry === 'string') return entry;
	if (typeof entry === 'function' && params && typeof params === 'object') {
		try {
			const text = (entry as (params: FailureParams) => unknown)(params);
			if (typeof text === 'string') return text;
		} catch {
			// A text that cannot use these params: the English message below.
		}
	}
	return message || null;
}
