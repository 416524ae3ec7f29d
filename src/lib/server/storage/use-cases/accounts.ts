import { randomId } from '../../../shared/ids.ts';
import { db, type UseCase } from '../port.ts';
import type { Fence, SessionRecord, UserRecord } from '../store.ts';

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

/**
 * Whether a write under `fence` may go ahead: no fence (one instance), or the room's fencing token
 * raised to it. False when a newer holder of the room's lease has loaded or written it.
 */
function* passes(fence: Fence | null): UseCase<boolean> {
	return !fence || (yield* db.passFence(fence.room, fence.token));
}

/**
 * A room's document as its lease holder loads it: the fence is raised to its token first, so an
 * instance that held the room before cannot write it any more (null: a newer holder has it).
 */
export function* loadFencedDocument(name: string, fence: Fence): UseCase<Uint8Array[] | null> {
	if (!(yield* passes(fence))) return null;
	return yield* db.documentUpdates(name);
}

/** False, and nothing written, when the fence names an older lease than the room's newest. */
export function* appendDocument(
	name: string,
	update: Uint8Array,
	fence: Fence | null = null
): UseCase<boolean> {
	if (!(yield* passes(fence))) return false;
	yield* db.appendDocumentUpdate(name, update);
	return true;
}

/** Replaces a document's updates with one merged state (false, and nothing done, when fenced). */
export function* compactDocument(
	name: string,
	state: Uint8Array,
	fence: Fence | null = null
): UseCase<boolean> {
	if (!(yield* passes(fence))) return false;
	yield* db.clearDocument(name);
	yield* db.appendDocumentUpdate(name, state);
	return true;
}
