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

describe('sign-in and registration settings', () => {
	const OIDC = {
		OIDC_ISSUER: 'https://id.example.org/realms/club',
		OIDC_CLIENT_ID: 'plenum',
		OIDC_CLIENT_SECRET: 'secret',
		ORIGIN: 'https://vote.example.org'
	};

	it('keeps open registration and passwords, without OpenID Connect, by default', () => {
		expect(loadConfig({})).toMatchObject({
			registration: 'open',
			passwordSignIn: true,
			oidc: null
		});
		expect(loadConfig({ REGISTRATION: 'invitation' }).registration).toBe('invitation');
		expect(loadConfig({ REGISTRATION: 'off' }).registration).toBe('off');
		expect(() => loadConfig({ REGISTRATION: 'closed' })).toThrow(/REGISTRATION/);
	});

	it('reads the provider, with defaults for claims, scopes and the button', () => {
		expect(loadConfig(OIDC).oidc).toEqual({
			issuer: 'https://id.example.org/realms/club',
			clientId: 'plenum',
			clientSecret: 'secret',
			redirectUri: 'https://vote.example.org/login/oidc/callback',
			usernameClaim: 'preferred_username',
			groupsClaim: 'groups',
			requiredGroup: null,
			scopes: ['openid', 'profile'],
			displayName: 'OpenID Connect'
		});
		const custom = loadConfig({
			...OIDC,
			OIDC_REDIRECT_ORIGIN: 'https://plenum.example.org',
			OIDC_USERNAME_CLAIM: 'email',
			OIDC_GROUPS_CLAIM: 'roles',
			OIDC_REQUIRED_GROUP: 'members',
			OIDC_SCOPES: 'profile groups',
			OIDC_DISPLAY_NAME: 'Club account'
		}).oidc;
		expect(custom).toMatchObject({
			redirectUri: 'https://plenum.example.org/login/oidc/callback',
			usernameClaim: 'email',
			groupsClaim: 'roles',
			requiredGroup: 'members',
			scopes: ['openid', 'profile', 'groups'],
			displayName: 'Club account'
		});
	});

	it('refuses an incomplete or unsafe provider setting, naming the variable', () => {
		expect(() => loadConfig({ ...OIDC, OIDC_CLIENT_ID: '' })).toThrow(/OIDC_CLIENT_ID/);
		expect(() => loadConfig({ ...OIDC, OIDC_CLIENT_SECRET: '' })).toThrow(/OIDC_CLIENT_SECRET/);
		expect(() => loadConfig({ ...OIDC, ORIGIN: '' })).toThrow(/OIDC_REDIRECT_ORIGIN/);
		expect(() => loadConfig({ ...OIDC, OIDC_REDIRECT_ORIGIN: 'vote' })).toThrow(
			/OIDC_REDIRECT_ORIGIN/
		);
		expect(() => loadConfig({ ...OIDC, OIDC_ISSUER: 'http://id.example.org' })).toThrow(
			/OIDC_ISSUER must be an https URL/
		);
		// Plain http only to this machine.
		expect(loadConfig({ ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:43001' }).oidc?.issuer).toBe(
			'http://127.0.0.1:43001'
		);
	});

	it('turns password sign-in off only with a provider, and registration with it', () => {
		expect(() => loadConfig({ PASSWORD_SIGN_IN: 'false' })).toThrow(/OIDC_ISSUER/);
		expect(() => loadConfig({ PASSWORD_SIGN_IN: 'no' })).toThrow(/PASSWORD_SIGN_IN/);
		const off = loadConfig({ ...OIDC, PASSWORD_SIGN_IN: 'false' });
		expect(off).toMatchObject({ passwordSignIn: false, registration: 'off' });
		expect(() => loadConfig({ ...OIDC, PASSWORD_SIGN_IN: 'false', REGISTRATION: 'open' })).toThrow(
			/REGISTRATION/
		);
	});
});
