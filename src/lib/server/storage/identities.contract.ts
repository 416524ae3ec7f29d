/**
 * What every engine's identity and sign-up code stores must do: run it from each adapter's spec
 * with a factory that opens empty, migrated stores (see `sqlite/identities.spec.ts`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from './store.ts';

export interface OpenedIdentityStores {
	stores: Stores;
	/** The sign-up code's row as stored. */
	signupCodeRow(codeHash: string): Promise<{ usedAt: number | null; usedBy: string | null }>;
	close(): Promise<void> | void;
}

const ISSUER = 'https://id.example.org';
const claims = (subject: string, username: string, groups: string[] = []) => ({
	issuer: ISSUER,
	subject,
	username,
	groups
});

export function identityContract(engine: string, open: () => Promise<OpenedIdentityStores>) {
	let opened: OpenedIdentityStores;
	let stores: Stores;
	beforeEach(async () => {
		opened = await open();
		stores = opened.stores;
	});
	afterEach(() => opened.close());

	describe(`${engine}: accounts from OpenID Connect`, () => {
		it('creates an account without a password once, then finds it by issuer and subject', async () => {
			const first = await stores.identities.signIn(claims('sub-1', 'alice', ['members']), 1000);
			expect(first.created).toBe(true);
			expect(first.user).toMatchObject({ username: 'alice', createdAt: 1000, guest: null });
			const again = await stores.identities.signIn(
				claims('sub-1', 'alice-renamed', ['board']),
				2000
			);
			expect(again).toEqual({ user: first.user, created: false });
			expect(await stores.users.findByUsername('alice')).toMatchObject({ passwordHash: '' });
			expect(await stores.users.findByUsername('alice-renamed')).toBeNull();
			expect(await stores.identities.groups(first.user.id)).toEqual(['board']);
		});

		it('never takes over an existing account with the same username', async () => {
			const owner = await stores.users.create('alice', 'argon2-hash', 1);
			const fromProvider = await stores.identities.signIn(claims('sub-1', 'alice'), 2);
			expect(fromProvider.user.id).not.toBe(owner!.id);
			expect(fromProvider.user.username).toBe('alice-2');
			// Another provider's "alice" is another person too.
			const other = await stores.identities.signIn(
				{ ...claims('sub-1', 'alice'), issuer: 'https://other.example.org' },
				3
			);
			expect(other.user.username).toBe('alice-3');
			expect(other.user.id).not.toBe(fromProvider.user.id);
			expect((await stores.users.findByUsername('alice'))!.passwordHash).toBe('argon2-hash');
		});

		it('keeps the groups of the latest sign-in, sorted, per account', async () => {
			const { user } = await stores.identities.signIn(claims('s', 'bob', ['members', 'board']), 1);
			expect(await stores.identities.groups(user.id)).toEqual(['board', 'members']);
			expect(await stores.identities.groups('nobody')).toEqual([]);
			await stores.identities.signIn(claims('s', 'bob', []), 2);
			expect(await stores.identities.groups(user.id)).toEqual([]);
		});
	});

	describe(`${engine}: sign-up codes`, () => {
		it('create one account per code, before it expires, and record who used it', async () => {
			const codes = stores.signupCodes;
			await codes.issue('hash-1', 'for the board', 1000, 5000);
			expect(await codes.usable('hash-1', 1000)).toBe(true);
			expect(await codes.usable('hash-1', 5000)).toBe(false);
			expect(await codes.usable('unknown', 1000)).toBe(false);
			const used = await codes.register('hash-1', 'carol', 'argon2-hash', 2000);
			expect(used).toMatchObject({ ok: true, user: { username: 'carol' } });
			expect(await stores.users.findByUsername('carol')).toMatchObject({
				passwordHash: 'argon2-hash'
			});
			expect(await codes.usable('hash-1', 2000)).toBe(false);
			expect(await codes.register('hash-1', 'dave', 'argon2-hash', 2001)).toEqual({
				ok: false,
				reason: 'code-invalid'
			});
			expect(await stores.users.findByUsername('dave')).toBeNull();
			expect(await opened.signupCodeRow('hash-1')).toEqual({
				usedAt: 2000,
				usedBy: used.ok ? used.user.id : null
			});
		});

		it('keep the code when the username is taken (both or neither)', async () => {
			await stores.users.create('erin', 'h', 1);
			const codes = stores.signupCodes;
			await codes.issue('hash-2', '', 1000, 5000);
			expect(await codes.register('hash-2', 'erin', 'h', 2000)).toEqual({
				ok: false,
				reason: 'username-taken'
			});
			expect(await codes.usable('hash-2', 2000)).toBe(true);
			expect(await opened.signupCodeRow('hash-2')).toEqual({ usedAt: null, usedBy: null });
			expect(await codes.register('hash-2', 'frank', 'h', 6000)).toEqual({
				ok: false,
				reason: 'code-invalid'
			});
		});

		it('let one of two registrations racing for a code through', async () => {
			const codes = stores.signupCodes;
			await codes.issue('hash-3', '', 1000, 5000);
			const both = await Promise.all([
				codes.register('hash-3', 'gina', 'h', 2000),
				codes.register('hash-3', 'hank', 'h', 2000)
			]);
			expect(both.filter((result) => result.ok)).toHaveLength(1);
		});
	});
}
