import { sha256 } from '@oslojs/crypto/sha2';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStores } from '../storage/sqlite/index.ts';
import type { Stores } from '../storage/store.ts';
import { createSessionManager } from './session.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../../server/migrations/sqlite', import.meta.url));
const DAY = 24 * 60 * 60 * 1000;

let stores: Stores;
beforeEach(() => {
	stores = createSqliteStores(':memory:', MIGRATIONS);
});
afterEach(() => stores.close());

describe('sessions', () => {
	it('stores only the SHA-256 of the secret and validates the token', async () => {
		const user = (await stores.users.create('ann', 'h', 0))!;
		const sessions = createSessionManager(stores.sessions, 30 * DAY);
		const { token, session } = await sessions.create(user.id, 0);
		const [id, secret] = token.split('.');
		expect(session.id).toBe(id);
		const stored = await stores.sessions.find(id);
		const expected = sha256(new TextEncoder().encode(secret));
		expect(Buffer.from(stored!.session.secretHash).toString('hex')).toBe(
			Buffer.from(expected).toString('hex')
		);
		expect((await sessions.validate(token, 1))?.user.username).toBe('ann');
		expect(await sessions.validate(`${id}.wrongsecret`, 1)).toBeNull();
		expect(await sessions.validate(`${id}`, 1)).toBeNull();
		expect(await sessions.validate(null, 1)).toBeNull();
	});

	it('slides the expiry when used in the second half of its life, and expires', async () => {
		const user = (await stores.users.create('bob', 'h', 0))!;
		const sessions = createSessionManager(stores.sessions, 30 * DAY);
		const { token } = await sessions.create(user.id, 0);
		expect((await sessions.validate(token, 5 * DAY))?.session.expiresAt).toBe(30 * DAY);
		expect((await sessions.validate(token, 20 * DAY))?.session.expiresAt).toBe(50 * DAY);
		expect(await sessions.validate(token, 50 * DAY)).toBeNull();
		expect(await stores.sessions.find(token.split('.')[0])).toBeNull();
	});

	it('ends a session at its absolute lifetime however often it is used', async () => {
		const user = (await stores.users.create('dee', 'h', 0))!;
		const sessions = createSessionManager(stores.sessions, 30 * DAY, 45 * DAY);
		const { token } = await sessions.create(user.id, 0);
		expect((await sessions.validate(token, 20 * DAY))?.session.expiresAt).toBe(45 * DAY);
		expect((await sessions.validate(token, 40 * DAY))?.session.expiresAt).toBe(45 * DAY);
		expect(await sessions.validate(token, 45 * DAY)).toBeNull();
	});

	it('ends a session whose stored expiry outlives the absolute lifetime', async () => {
		const user = (await stores.users.create('eve', 'h', 0))!;
		const { token } = await createSessionManager(stores.sessions, 30 * DAY).create(user.id, 0);
		const stricter = createSessionManager(stores.sessions, 30 * DAY, 10 * DAY);
		expect(await stricter.validate(token, 11 * DAY)).toBeNull();
	});

	it('invalidates a session', async () => {
		const user = (await stores.users.create('cy', 'h', 0))!;
		const sessions = createSessionManager(stores.sessions);
		const { token, session } = await sessions.create(user.id, 0);
		await sessions.invalidate(session.id);
		expect(await sessions.validate(token, 1)).toBeNull();
	});
});
