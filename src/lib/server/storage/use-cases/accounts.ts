import { randomId } from '../../../shared/ids.ts';
import { db, type UseCase } from '../port.ts';
import type { SessionRecord, UserRecord } from '../store.ts';

/** A new account, or null when the username is taken. */
export function* createUser(
	username: string,
	passwordHash: string,
	now: number
): UseCase<UserRecord | null> {
	const id = randomId(16);
	const created = yield* db.insertUser({ id, username, passwordHash, createdAt: now });
	return created ? { id, username, createdAt: now, guest: null } : null;
}

/**
 * A guest of one meeting. Guests get an internal username no one can type at sign-in (it holds a
 * colon) and no password.
 */
export function* createGuest(
	meetingId: string,
	displayName: string,
	now: number
): UseCase<UserRecord> {
	const id = randomId(16);
	yield* db.insertGuest({ id, username: `guest:${id}`, createdAt: now, meetingId, displayName });
	return (yield* db.userById(id))!;
}

export function* accountByName(username: string) {
	return yield* db.accountByName(username);
}

export function* userById(id: string) {
	return yield* db.userById(id);
}

export function* createSession(session: SessionRecord): UseCase<void> {
	yield* db.insertSession(session);
}

export function* findSession(id: string) {
	return yield* db.findSession(id);
}

export function* setSessionExpiry(id: string, expiresAt: number): UseCase<void> {
	yield* db.setSessionExpiry(id, expiresAt);
}

export function* deleteSession(id: string): UseCase<void> {
	yield* db.deleteSession(id);
}

export function* deleteExpiredSessions(now: number): UseCase<number> {
	return yield* db.deleteExpiredSessions(now);
}

export function* loadDocument(name: string): UseCase<Uint8Array[]> {
	return yield* db.documentUpdates(name);
}

export function* appendDocument(name: string, update: Uint8Array): UseCase<void> {
	yield* db.appendDocumentUpdate(name, update);
}

/** Replaces a document's updates with one merged state. */
export function* compactDocument(name: string, state: Uint8Array): UseCase<void> {
	yield* db.clearDocument(name);
	yield* db.appendDocumentUpdate(name, state);
}
