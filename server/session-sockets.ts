/**
 * Which WebSockets each session opened, so signing out closes them all: sockets whose upgrade
 * carried the session cookie, and sockets on which a document was opened with the session's
 * bearer token (Hocuspocus `token`). One socket may serve several sessions' documents; it is
 * closed when any of them ends.
 */
import { CLOSE } from '../src/lib/shared/close-codes.ts';

export interface ClosableSocket {
	close(code?: number, reason?: string): void;
}

/**
 * A key's values: the value itself while it is the only one, a Set once there are more. Nearly
 * every session has one socket and every socket one session, and a Set is about 150 bytes of heap:
 * three of them for each connected phone otherwise.
 */
type OneOrMore<T> = T | Set<T>;

function addTo<K, V extends object | string>(map: Map<K, OneOrMore<V>>, key: K, value: V) {
	const held = map.get(key);
	if (held === undefined) map.set(key, value);
	else if (held instanceof Set) held.add(value);
	else if (held !== value) map.set(key, new Set([held, value]));
}

function removeFrom<K, V extends object | string>(map: Map<K, OneOrMore<V>>, key: K, value: V) {
	const held = map.get(key);
	if (held instanceof Set) {
		held.delete(value);
		if (held.size === 0) map.delete(key);
	} else if (held === value) map.delete(key);
}

function all<V extends object | string>(held: OneOrMore<V> | undefined): V[] {
	return held === undefined ? [] : held instanceof Set ? [...held] : [held];
}

/** `closeWith`: the close code sent when a key's sockets are closed (rooms use `restarting`). */
export function createSessionSockets(
	closeWith: { code: number; reason: string } = CLOSE.sessionEnded
) {
	const bySession = new Map<string, OneOrMore<ClosableSocket>>();
	const sessionsOf = new Map<ClosableSocket, OneOrMore<string>>();
	return {
		/** Remembers that `socket` acts for `sessionId`. */
		add(sessionId: string, socket: ClosableSocket) {
			addTo(bySession, sessionId, socket);
			addTo(sessionsOf, socket, sessionId);
		},
		/** Forgets a socket that closed. */
		remove(socket: ClosableSocket) {
			for (const sessionId of all(sessionsOf.get(socket))) removeFrom(bySession, sessionId, socket);
			sessionsOf.delete(socket);
		},
		/** Closes every socket of the session with `session-ended` (4401), or `closeWith`. */
		close(sessionId: string) {
			for (const socket of all(bySession.get(sessionId))) {
				socket.close(closeWith.code, closeWith.reason);
			}
			bySession.delete(sessionId);
		},
		/** Sockets known for a session (for tests). */
		count: (sessionId: string) => all(bySession.get(sessionId)).length
	};
}

export type SessionSockets = ReturnType<typeof createSessionSockets>;
