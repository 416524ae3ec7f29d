/**
 * Bounds what one client can make the server hold: documents per socket and sockets per user.
 * The auth extension asks `admit` before it accepts a document, so an excess is refused with a
 * named reason. (Signing out closes a session's sockets through `session-sockets.ts`.)
 *
 * `admit` reserves the slot it grants: a document counts from its admission, not only once it is
 * `connected`, so documents asked for together on one socket cannot all pass the check while the
 * first ones are still loading (with a networked database, loading takes several turns of the
 * event loop). A reservation becomes the document's slot when it connects; it goes when its socket
 * closes first (`socketClosed`), and lapses after `RESERVATION_MS` in any case.
 *
 * Sockets per user are counted across instances through the shared state's holds: a socket takes
 * one of the user's places with the user's first document on it and gives it back when the last
 * one closes. Documents per socket need no sharing: a socket lives on one instance.
 */
import type { connectedPayload, Extension } from '@hocuspocus/server';
import type { Holds } from '../cluster/shared-state.ts';
import { Refusal, type CollabContext } from './auth.ts';

const RESERVATION_MS = 30_000;

export function limitsExtension(
	limits: { documentsPerSocket: number; socketsPerUser: number },
	holds: Holds,
	now: () => number = Date.now
) {
	const documentsBySocket = new Map<string, number>();
	/** Per user, the sockets of this instance holding one of their places, with their documents. */
	const socketsByUser = new Map<string, Map<string, number>>();
	/**
	 * The same places by socket, so a closing socket finds its users without walking every user
	 * (with 10,000 phones leaving, that walk cost O(N) per socket and a minute of a core in all).
	 */
	const usersBySocket = new Map<string, Set<string>>();
	/** Admitted documents not connected yet, per socket: by document, when. */
	const reserved = new Map<string, Map<string, number>>();
	const userKey = (userId: string) => `user:${userId}`;
	/** Places being taken now, by user and socket. */
	const pending = new Map<string, Promise<boolean>>();

	/** The socket's reservations still running (a document asked for again keeps one). */
	function reservations(socketId: string) {
		const byDocument = reserved.get(socketId);
		if (!byDocument) return new Map<string, number>();
		for (const [name, at] of byDocument) {
			if (now() - at >= RESERVATION_MS) byDocument.delete(name);
		}
		if (byDocument.size === 0) reserved.delete(socketId);
		return byDocument;
	}

	function unreserve(socketId: string, documentName: string) {
		const byDocument = reserved.get(socketId);
		byDocument?.delete(documentName);
		if (byDocument?.size === 0) reserved.delete(socketId);
	}

	/** The user's place on this socket is held (with `documents` connected on it). */
	function hold(userId: string, socketId: string, documents: number) {
		const sockets = socketsByUser.get(userId) ?? new Map<string, number>();
		sockets.set(socketId, documents);
		socketsByUser.set(userId, sockets);
		const users = usersBySocket.get(socketId) ?? new Set<string>();
		usersBySocket.set(socketId, users.add(userId));
	}

	/** Gives the user's place on this socket back, here and in the shared holds. */
	function giveBack(userId: string, socketId: string) {
		const sockets = socketsByUser.get(userId);
		if (!sockets?.delete(socketId)) return;
		if (sockets.size === 0) socketsByUser.delete(userId);
		const users = usersBySocket.get(socketId);
		users?.delete(userId);
		if (users?.size === 0) usersBySocket.delete(socketId);
		void holds.release(userKey(userId), socketId);
	}

	function release(userId: string | null, socketId: string) {
		const count = (documentsBySocket.get(socketId) ?? 1) - 1;
		if (count <= 0) documentsBySocket.delete(socketId);
		else documentsBySocket.set(socketId, count);
		if (!userId) return;
		const sockets = socketsByUser.get(userId);
		if (!sockets?.has(socketId)) return;
		const perSocket = (sockets.get(socketId) ?? 1) - 1;
		if (perSocket <= 0) giveBack(userId, socketId);
		else sockets.set(socketId, perSocket);
	}

	/**
	 * Throws the refusal when one more document on this socket, for this user, is too many;
	 * otherwise reserves its slot, and the user's place (given back when the socket closes, also
	 * if no document of theirs was ever connected on it: `socketClosed`).
	 */
	async function admit(socketId: string, userId: string | null, documentName: string) {
		const waiting = reservations(socketId);
		if (!waiting.has(documentName)) {
			const open = (documentsBySocket.get(socketId) ?? 0) + waiting.size;
			if (open >= limits.documentsPerSocket) {
				throw new Refusal('too-many-documents', 'This connection has too many documents open.');
			}
			reserved.set(socketId, waiting.set(documentName, now()));
		}
		if (!userId || socketsByUser.get(userId)?.has(socketId)) return;
		// A voter's meeting and topic documents authenticate at once: one place, one round trip.
		const key = `${userId}|${socketId}`;
		let acquiring = pending.get(key);
		if (!acquiring) {
			acquiring = holds.acquire(userKey(userId), socketId, limits.socketsPerUser);
			pending.set(key, acquiring);
			void acquiring.finally(() => pending.delete(key)).catch(() => {});
		}
		if (!(await acquiring)) {
			unreserve(socketId, documentName);
			throw new Refusal('too-many-connections', 'You have too many connections open.');
		}
		if (socketsByUser.get(userId)?.has(socketId)) return;
		// The place is held from now on; `connected` counts the document on it.
		hold(userId, socketId, 0);
	}

	/** The socket closed: what was admitted on it and never connected gives its place back. */
	function socketClosed(socketId: string) {
		reserved.delete(socketId);
		for (const userId of usersBySocket.get(socketId) ?? []) giveBack(userId, socketId);
	}

	const extension: Extension = {
		extensionName: 'plenum-limits',
		priority: 950,

		async connected({
			connection,
			context,
			socketId,
			documentName
		}: connectedPayload<CollabContext>) {
			const userId = context.auth?.user.id ?? null;
			// The reservation `admit` made becomes this document's slot.
			unreserve(socketId, documentName);
			if (userId) hold(userId, socketId, (socketsByUser.get(userId)?.get(socketId) ?? 0) + 1);
			documentsBySocket.set(socketId, (documentsBySocket.get(socketId) ?? 0) + 1);

			connection.onClose(() => release(userId, socketId));
		}
	};

	return {
		extension,
		admit,
		socketClosed,
		/** Most sockets one user holds on this instance now (for `/metrics`). */
		busiestUser: () => Math.max(0, ...[...socketsByUser.values()].map((sockets) => sockets.size))
	};
}
