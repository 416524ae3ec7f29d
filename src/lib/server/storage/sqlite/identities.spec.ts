import { fileURLToPath } from 'node:url';
import { identityContract } from '../identities.contract.ts';
import { migrate, openDatabase } from './db.ts';
import { sqliteStores } from './index.ts';

const MIGRATIONS = fileURLToPath(
	new URL('../../../../../server/migrations/sqlite', import.meta.url)
);

identityContract('sqlite', async () => {
	const db = openDatabase(':memory:');
	migrate(db, MIGRATIONS);
	const stores = sqliteStores(db, MIGRATIONS);
	const row = db.prepare<[string], { used_at: number | null; used_by: string | null }>(
		'SELECT used_at, used_by FROM signup_codes WHERE code_hash = ?'
	);
	return {
		stores,
		async signupCodeRow(codeHash) {
			const found = row.get(codeHash);
			return { usedAt: found?.used_at ?? null, usedBy: found?.used_by ?? null };
		},
		close: () => stores.close()
	};
});
