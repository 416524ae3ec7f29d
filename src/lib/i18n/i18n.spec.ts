import { describe, expect, it } from 'vitest';
import { de } from './de.ts';
import { en } from './en.ts';
import { pickLocale } from './index.ts';

describe('pickLocale', () => {
	it('prefers the cookie, then Accept-Language by weight and order, then English', () => {
		expect(pickLocale('de', 'en-US,en;q=0.9')).toBe('de');
		expect(pickLocale('en', 'de-DE')).toBe('en');
		expect(pickLocale(undefined, 'de-AT,de;q=0.9,en;q=0.8')).toBe('de');
		expect(pickLocale(undefined, 'fr-FR,fr;q=0.9,de;q=0.5,en;q=0.4')).toBe('de');
		expect(pickLocale(undefined, 'en;q=0.2, de;q=0.7')).toBe('de');
		expect(pickLocale(undefined, 'de;q=0, en')).toBe('en');
		expect(pickLocale('xx', 'fr')).toBe('en');
		expect(pickLocale(undefined, null)).toBe('en');
		expect(pickLocale(undefined, ';;,;q=abc')).toBe('en');
	});
});

/** Every key of `a`, with the type of its value, as dotted paths. */
function shape(value: unknown, path = ''): string[] {
	if (typeof value === 'function') return [`${path}:function`];
	if (typeof value === 'string') return [`${path}:string`];
	return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
		shape(inner, path ? `${path}.${key}` : key)
	);
}

describe('messages', () => {
	it('German has exactly the keys of English, each of the same kind', () => {
		expect(shape(de).sort()).toEqual(shape(en).sort());
	});

	it('German texts are translated, not copied, except names and shared words', () => {
		const same = shape(en)
			.filter((key) => key.endsWith(':string'))
			.map((key) => key.slice(0, -':string'.length))
			.filter((key) => {
				const get = (root: unknown) =>
					key.split('.').reduce((node, part) => (node as Record<string, unknown>)[part], root);
				return get(en) === get(de);
			});
		// Language names, the product name, punctuation and words German shares with English.
		expect(same.sort()).toEqual([
			'app.name',
			'auth.sentenceEnd',
			'connection.online',
			'home.noTopicsEnd',
			'join.codePlaceholder',
			'language.de',
			'language.en',
			'namedVotes.name',
			'newTopic.details',
			'newTopic.optional',
			'newTopic.quorum',
			'poll.runoff.option'
		]);
	});
});
