import { describe, expect, it } from 'vitest';
import { de } from '../i18n/de.ts';
import { en } from '../i18n/en.ts';
import { isKeepMessage } from './keep.ts';
import { offlinePageHtml, RETRY_SCRIPT } from './offline-page.ts';

describe('offlinePageHtml', () => {
	it('is worded in the language asked for and says so in <html lang>', () => {
		const german = offlinePageHtml('de', de.offlinePage);
		expect(german).toContain('<html lang="de">');
		expect(german).toContain('<h1>Sie sind offline</h1>');
		expect(german).toContain('Erneut versuchen');
		expect(offlinePageHtml('en', en.offlinePage)).toContain('<h1>You are offline</h1>');
	});

	it('escapes its texts', () => {
		const html = offlinePageHtml('en', { ...en.offlinePage, heading: '<b>"x" & y</b>' });
		expect(html).toContain('<h1>&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;</h1>');
	});

	it('carries the retry script verbatim, so its hash allows it', () => {
		expect(offlinePageHtml('en', en.offlinePage)).toContain(`<script>${RETRY_SCRIPT}</script>`);
	});
});

describe('isKeepMessage', () => {
	it('takes a same-origin path and a locale', () => {
		expect(isKeepMessage({ type: 'keep', url: '/m/abc?x=1', locale: 'de' })).toBe(true);
	});

	it.each([
		null,
		'keep',
		{ type: 'keep', url: 'https://evil.test/', locale: 'en' },
		{ type: 'keep', url: '//evil.test/', locale: 'en' },
		{ type: 'keep', url: '/m/abc' },
		{ type: 'other', url: '/m/abc', locale: 'en' }
	])('refuses anything else: %j', (value) => {
		expect(isKeepMessage(value)).toBe(false);
	});
});
