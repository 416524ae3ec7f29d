import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSessionManager } from './auth/session.ts';
import { loadConfig } from './config.ts';
import { groupsOf, signInWithProvider } from './oidc-accounts.ts';
import type { Services } from './services.ts';
import { createSqliteStores } from './storage/sqlite/index.ts';
import type { Stores } from './storage/store.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../server/migrations/sqlite', import.meta.url));
const ISSUER = 'https://id.example.org';

let stores: Stores;
let services: Services;
let refused: string[];
let ended: string[];
beforeEach(() => {
	stores = createSqliteStores(':memory:', MIGRATIONS);
	refused = [];
	ended = [];
	const config = loadConfig({
		OIDC_ISSUER: ISSUER,
		OIDC_CLIENT_ID: 'plenum',
		OIDC_CLIENT_SECRET: 'secret',
		ORIGIN: 'https://vote.example.org',
		OIDC_USERNAME_CLAIM: 'email',
		OIDC_GROUPS_CLAIM: 'roles',
		OIDC_REQUIRED_GROUP: 'members'
	});
	// Only what signing in uses.
	services = {
		config,
		stores,
		sessions: createSessionManager(stores.sessions),
		metrics: { authRefused: (reason: string) => refused.push(reason) },
		endSession: (id: string) => ended.push(id),
		now: () => 1000
	} as unknown as Services;
});
afterEach(() => stores.close());

const identity = (subject: string, claims: Record<string, unknown>) => ({
	issuer: ISSUER,
	subject,
	claims: { sub: subject, ...claims }
});

describe('signInWithProvider', () => {
	it('signs a member of the required group into their own account, with a new session', async () => {
		const result = await signInWithProvider(
			services,
			identity('s1', { email: 'Anna.Lee@example.org', roles: ['members', 'board'] }),
			null
		);
		expect(result).toMatchObject({
			ok: true,
			created: true,
			user: { username: 'anna-lee-example-org' }
		});
		if (!result.ok) return;
		expect((await services.sessions.validate(result.token, 1000))?.user.id).toBe(result.user.id);
		expect(await groupsOf(services, result.user.id)).toEqual(['board', 'members']);
	});

	it('refuses someone outside the required group before making any account', async () => {
		const result = await signInWithProvider(
			services,
			identity('s2', { email: 'bob@example.org', roles: ['visitors'] }),
			null
		);
		expect(result).toEqual({ ok: false, code: 'not-in-group' });
		expect(refused).toEqual(['not-in-group']);
		expect(await stores.users.findByUsername('bob-example-org')).toBeNull();
		// No group claim at all is not being in the group.
		expect(await signInWithProvider(services, identity('s3', { email: 'c@x.org' }), null)).toEqual({
			ok: false,
			code: 'not-in-group'
		});
	});

	it('refuses a sign-in without a usable username claim', async () => {
		expect(
			await signInWithProvider(services, identity('s4', { roles: ['members'] }), null)
		).toEqual({ ok: false, code: 'no-username' });
		expect(
			await signInWithProvider(services, identity('s4', { email: '@@', roles: 'members' }), null)
		).toEqual({ ok: false, code: 'no-username' });
	});

	it('ends the session the browser carried (a guest’s, or one planted before)', async () => {
		const host = (await stores.users.create('host', 'h', 1))!;
		const meeting = await stores.meetings.create(host.id, 'Board', 1);
		const guest = await stores.users.createGuest(meeting.id, 'Guest', 1);
		const before = await services.sessions.create(guest.id, 1000);
		const result = await signInWithProvider(
			services,
			identity('s5', { email: 'dora', roles: ['members'] }),
			before.session
		);
		expect(result.ok).toBe(true);
		expect(ended).toEqual([before.session.id]);
		expect(await services.sessions.validate(before.token, 1000)).toBeNull();
	});
});
