import type { SessionStore } from '../store.ts';
import type { Db } from './db.ts';

interface SessionRow {
	id: string;
	user_id: string;
	secret_hash: Buffer;
	created_at: number;
	expires_at: number;
	username: string;
	user_created_at: number;
	display_name: string | null;
	guest_meeting_id: string | null;
}

export function sqliteSessions(db: Db): SessionStore {
	const insert = db.prepare(
		'INSERT INTO sessions (id, user_id, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'
	);
	const find = db.prepare<[string], SessionRow>(
		`SELECT s.*, u.username, u.created_at AS user_created_at, u.display_name, u.guest_meeting_id
		 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`
	);
	const setExpiry = db.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?');
	const remove = db.prepare('DELETE FROM sessions WHERE id = ?');
	const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
	return {
		async create(session) {
			insert.run(
				session.id,
				session.userId,
				Buffer.from(session.secretHash),
				session.createdAt,
				session.expiresAt
			);
		},
		async find(id) {
			const row = find.get(id);
			if (!row) return null;
			return {
				session: {
					id: row.id,
					userId: row.user_id,
					secretHash: new Uint8Array(row.secret_hash),
					createdAt: row.created_at,
					expiresAt: row.expires_at
				},
				user: {
					id: row.user_id,
					username: row.username,
					createdAt: row.user_created_at,
					guest: row.guest_meeting_id
						? { meetingId: row.guest_meeting_id, displayName: row.display_name ?? '' }
						: null
				}
			};
		},
		async setExpiry(id, expiresAt) {
			setExpiry.run(expiresAt, id);
		},
		async delete(id) {
			remove.run(id);
		},
		async deleteExpired(now) {
			return removeExpired.run(now).changes;
		}
	};
}
