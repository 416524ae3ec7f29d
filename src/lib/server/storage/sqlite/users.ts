import type { UserRecord, UserStore } from '../store.ts';
import type { Db } from './db.ts';
import { randomId } from '../../../shared/ids.ts';

interface UserRow {
	id: string;
	username: string;
	password_hash: string;
	created_at: number;
	kind: 'account' | 'guest';
	display_name: string | null;
	guest_meeting_id: string | null;
}

const toUser = (row: UserRow): UserRecord => ({
	id: row.id,
	username: row.username,
	createdAt: row.created_at,
	guest:
		row.kind === 'guest'
			? { meetingId: row.guest_meeting_id!, displayName: row.display_name ?? '' }
			: null
});

export function sqliteUsers(db: Db): UserStore {
	const insert = db.prepare(
		'INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (username) DO NOTHING'
	);
	// Guests get an internal username no one can type at sign-in (it holds a colon) and no password.
	const insertGuest = db.prepare(
		`INSERT INTO users (id, username, password_hash, created_at, kind, display_name, guest_meeting_id)
		 VALUES (?, ?, '', ?, 'guest', ?, ?)`
	);
	const byName = db.prepare<[string], UserRow>(
		"SELECT * FROM users WHERE username = ? AND kind = 'account'"
	);
	const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
	return {
		async create(username, passwordHash, now) {
			const id = randomId(16);
			const { changes } = insert.run(id, username, passwordHash, now);
			return changes === 1 ? { id, username, createdAt: now, guest: null } : null;
		},
		async createGuest(meetingId, displayName, now) {
			const id = randomId(16);
			insertGuest.run(id, `guest:${id}`, now, displayName, meetingId);
			return toUser(byId.get(id)!);
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
