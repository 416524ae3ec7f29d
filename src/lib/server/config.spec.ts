import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
	it('has working defaults', () => {
		expect(loadConfig({})).toMatchObject({
			port: 3000,
			databasePath: './data/plenum.db',
			origin: null,
			secureCookies: false
		});
		expect(loadConfig({ NODE_ENV: 'production' }).secureCookies).toBe(true);
	});

	it('names the bad variable', () => {
		expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
		expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
		expect(() => loadConfig({ ORIGIN: 'example.org' })).toThrow(/ORIGIN/);
		expect(() => loadConfig({ SECURE_COOKIES: 'yes' })).toThrow(/SECURE_COOKIES/);
	});
});
