/**
 * Test factories that write straight into a server's SQLite file (WAL lets both processes use
 * it): many voters with sessions in milliseconds, without paying for password hashing.
 */
import { createSessionManager } from '../../src/lib/server/auth/session.ts';
import { createSqliteStores } from '../../src/lib/server/storage/sqlite/index.ts';
import { SQLITE_MIGRATIONS } from '../../server/compose.ts';
import type { Account } from './api.ts';
import { uniqueName } from './api.ts';
import { recordSecret } from './secrets.ts';

export async function createVoters(databasePath: string, count: number): Promise<Account[]> {
	const stores = createSqliteStores(databasePath, SQLITE_MIGRATIONS);
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
		stores.close();
	}
}
