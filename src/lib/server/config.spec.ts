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

	it('marks cookies Secure when the public origin is https, production or not', () => {
		expect(loadConfig({ ORIGIN: 'https://vote.example.org' }).secureCookies).toBe(true);
		expect(loadConfig({ ORIGIN: 'http://localhost:3000' }).secureCookies).toBe(false);
		expect(
			loadConfig({ ORIGIN: 'https://vote.example.org', SECURE_COOKIES: 'false' }).secureCookies
		).toBe(false);
	});

	it('has an absolute session lifetime in days', () => {
		expect(loadConfig({}).sessionAbsoluteMs).toBe(90 * 24 * 60 * 60 * 1000);
		expect(loadConfig({ SESSION_ABSOLUTE_DAYS: '7' }).sessionAbsoluteMs).toBe(7 * 86_400_000);
		expect(() => loadConfig({ SESSION_ABSOLUTE_DAYS: '0' })).toThrow(/SESSION_ABSOLUTE_DAYS/);
	});

	it('names the bad variable', () => {
		expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
		expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
		expect(() => loadConfig({ ORIGIN: 'example.org' })).toThrow(/ORIGIN/);
		expect(() => loadConfig({ SECURE_COOKIES: 'yes' })).toThrow(/SECURE_COOKIES/);
	});
});
