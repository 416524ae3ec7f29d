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

/** `closeWith`: the close code sent when a key's sockets are closed (rooms use `restarting`). */
export function createSessionSockets(
	closeWith: { code: number; reason: string } = CLOSE.sessionEnded
) {
	const bySession = new Map<string, Set<ClosableSocket>>();
	const sessionsOf = new Map<ClosableSocket, Set<string>>();
	return {
		/** Remembers that `socket` acts for `sessionId`. */
		add(sessionId: string, socket: ClosableSocket) {
			if (!bySession.has(sessionId)) bySession.set(sessionId, new Set());
			bySession.get(sessionId)!.add(socket);
			if (!sessionsOf.has(socket)) sessionsOf.set(socket, new Set());
			sessionsOf.get(socket)!.add(sessionId);
		},
		/** Forgets a socket that closed. */
		remove(socket: ClosableSocket) {
			for (const sessionId of sessionsOf.get(socket) ?? []) {
				const sockets = bySession.get(sessionId);
				sockets?.delete(socket);
				if (sockets?.size === 0) bySession.delete(sessionId);
			}
			sessionsOf.delete(socket);
		},
		/** Closes every socket of the session with `session-ended` (4401), or `closeWith`. */
		close(sessionId: string) {
			for (const socket of [...(bySession.get(sessionId) ?? [])]) {
				socket.close(closeWith.code, closeWith.reason);
			}
			bySession.delete(sessionId);
		},
		/** Sockets known for a session (for tests). */
		count: (sessionId: string) => bySession.get(sessionId)?.size ?? 0
	};
}

export type SessionSockets = ReturnType<typeof createSessionSockets>;
