/**
 * Which language a person gets. No Svelte and no messages here: the service worker uses it too,
 * to word the offline page.
 */
export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** The cookie that remembers the language a person picked. */
export const LOCALE_COOKIE = 'lang';

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The language for a request: the `lang` cookie if it names a supported language, else the best
 * supported one in `Accept-Language` (by q-value, then order), else English.
 */
export function pickLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
	if (isLocale(cookie)) return cookie;
	const ranges = (acceptLanguage ?? '')
		.split(',')
		.map((part, index) => {
			const [range = '', ...params] = part.trim().split(';');
			const q = params.map((param) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(param)?.[1]).find(Boolean);
			return { tag: range.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
		})
		.filter((range) => range.tag !== '' && range.q > 0 && !Number.isNaN(range.q))
		.sort((a, b) => b.q - a.q || a.index - b.index);
	for (const { tag } of ranges) {
		const primary = tag.split('-')[0];
		if (isLocale(primary)) return primary;
	}
	return DEFAULT_LOCALE;
}
