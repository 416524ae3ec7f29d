import type { UserRecord, UserStore } from '../store.ts';
import type { Db } from './db.ts';
import { randomId } from '../../../shared/ids.ts';

interface UserRow {
	id: string;
	username: string;
	password_hash: string;
	created_at: number;
}

const toUser = (row: UserRow): UserRecord => ({
	id: row.id,
	username: row.username,
	createdAt: row.created_at
});

export function sqliteUsers(db: Db): UserStore {
	const insert = db.prepare(
		'INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (username) DO NOTHING'
	);
	const byName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
	const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
	return {
		async create(username, passwordHash, now) {
			const id = randomId(16);
			const { changes } = insert.run(id, username, passwordHash, now);
			return changes === 1 ? { id, username, createdAt: now } : null;
		},
		async findByUsername(username) {
			const row = byName.get(username);
			return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
		},
		async findById(id) {
			const row = byId.get(id);
			return row ? toUser(row) : null;
		}
	};
}
