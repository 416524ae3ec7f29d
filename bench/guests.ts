import { createSessionManager } from '../src/lib/server/auth/session.ts';
import { openDatabase } from '../src/lib/server/storage/sqlite/db.ts';
import { sqliteStores } from '../src/lib/server/storage/sqlite/index.ts';

/**
 * Guests join the meeting by its code over HTTP, as a phone in the hall does (no password hashing,
 * one request each). A 429 from a sign-in flood limit is waited out (`Retry-After`), so the
 * benchmark keeps working when the server grows such limits; raise them through the server's env.
 */
export interface Guest {
	userId: string;
	token: string;
}

export async function joinAsGuest(baseUrl: string, code: string, name: string): Promise<Guest> {
	for (let attempt = 0; ; attempt++) {
		const response = await fetch(`${baseUrl}/api/join/${encodeURIComponent(code)}/guest`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ displayName: name })
		});
		if (response.status === 201) {
			const body = (await response.json()) as { user: { id: string }; token: string };
			return { userId: body.user.id, token: body.token };
		}
		const text = await response.text();
		if ((response.status === 429 || response.status === 503) && attempt < 60) {
			const wait = Number(response.headers.get('retry-after') ?? 1);
			await new Promise((resolve) => setTimeout(resolve, Math.min(10, wait || 1) * 1000));
			continue;
		}
		throw new Error(`guest join failed: ${response.status} ${text}`);
	}
}

/** Runs `task` for 0..count-1 with at most `limit` in flight; results in order. */
export async function pool<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>
): Promise<T[]> {
	const results = new Array<T>(count);
	let next = 0;
	const lane = async () => {
		while (next < count) {
			const index = next++;
			results[index] = await task(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
	return results;
}

/**
 * The fast path for large halls: the same guest users and sessions a join makes, written straight
 * into the server's SQLite file (WAL lets both processes use it) on a connection that skips the
 * sync to disk. Joining over HTTP costs the server a few disk syncs per guest, which would make
 * setting up 10,000 phones take minutes without telling anything about voting.
 */
export async function createGuests(
	databasePath: string,
	meetingId: string,
	count: number,
	namePrefix: string
): Promise<Guest[]> {
	const db = openDatabase(databasePath, 'NORMAL');
	db.pragma('synchronous = OFF');
	try {
		// The database is migrated by the server already; no migrations are asked for here.
		const stores = sqliteStores(db, '');
		const users = stores.users;
		const sessions = createSessionManager(stores.sessions);
		const guests: Guest[] = [];
		// A few hundred rows per commit: quick, yet never holding the write lock for long.
		for (let i = 0; i < count; i++) {
			if (i % 250 === 0) db.exec('BEGIN IMMEDIATE');
			const user = await users.createGuest(meetingId, `${namePrefix}${i}`, Date.now());
			const { token } = await sessions.create(user.id, Date.now());
			guests.push({ userId: user.id, token });
			if (i % 250 === 249 || i === count - 1) db.exec('COMMIT');
		}
		return guests;
	} finally {
		db.close();
	}
}
