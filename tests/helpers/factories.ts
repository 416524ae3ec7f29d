/**
 * Test factories that write straight into a server's database (its SQLite file, which WAL lets
 * both processes use, or its PostgreSQL schema): many voters with sessions in milliseconds, without paying for password hashing.
 */
import { createSessionManager } from '../../src/lib/server/auth/session.ts';
import type { Account } from './api.ts';
import { uniqueName } from './api.ts';
import { openTestStores } from './database.ts';
import { recordSecret } from './secrets.ts';

export async function createVoters(databasePath: string, count: number): Promise<Account[]> {
	const stores = await openTestStores(databasePath);
	const sessions = createSessionManager(stores.sessions);
	try {
		const accounts: Account[] = [];
		for (let i = 0; i < count; i++) {
			const user = await stores.users.create(uniqueName('v'), 'no-password-login', Date.now());
			if (!user) throw new Error('username clash');
			const { token } = await sessions.create(user.id, Date.now());
			recordSecret('a session token', token);
			accounts.push({ user, token });
		}
		return accounts;
	} finally {
		await stores.close();
	}
}
