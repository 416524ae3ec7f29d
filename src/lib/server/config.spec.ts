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

	it('takes PostgreSQL from DATABASE_URL, and nothing else for it', () => {
		expect(loadConfig({})).toMatchObject({ databaseUrl: null, databasePoolSize: 10 });
		const url = 'postgres://plenum@db:5432/plenum';
		expect(loadConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: '4' })).toMatchObject({
			databaseUrl: url,
			databasePoolSize: 4
		});
		expect(() => loadConfig({ DATABASE_URL: 'mysql://x:secret@db/plenum' })).toThrow(
			/^DATABASE_URL must be a postgres:\/\/ \(or postgresql:\/\/\) URL$/
		);
		expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
	});

	it('names the bad variable', () => {
		expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
		expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
		expect(() => loadConfig({ ORIGIN: 'example.org' })).toThrow(/ORIGIN/);
		expect(() => loadConfig({ SECURE_COOKIES: 'yes' })).toThrow(/SECURE_COOKIES/);
	});

	it('keeps metrics and the status page closed unless configured', () => {
		expect(loadConfig({})).toMatchObject({
			metricsToken: null,
			metricsPort: null,
			metricsHost: '127.0.0.1',
			adminUsernames: []
		});
		const set = loadConfig({
			METRICS_TOKEN: 'a-long-enough-secret',
			METRICS_PORT: '9464',
			ADMIN_USERNAMES: ' ada, grace ,',
			MEMORY_LIMIT_MB: '512'
		});
		expect(set).toMatchObject({
			metricsToken: 'a-long-enough-secret',
			metricsPort: 9464,
			adminUsernames: ['ada', 'grace'],
			memoryLimitBytes: 512 * 1024 * 1024
		});
		expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
		expect(() => loadConfig({ METRICS_PORT: 'x' })).toThrow(/METRICS_PORT/);
		expect(() => loadConfig({ AUDIT_CHECK_INTERVAL_MS: '5' })).toThrow(/AUDIT_CHECK_INTERVAL_MS/);
	});
});
