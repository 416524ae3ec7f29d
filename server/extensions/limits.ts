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
 */
import type { connectedPayload, Extension } from '@hocuspocus/server';
import { Refusal, type CollabContext } from './auth.ts';

const RESERVATION_MS = 30_000;

export function limitsExtension(
	limits: { documentsPerSocket: number; socketsPerUser: number },
	now: () => number = Date.now
) {
	const documentsBySocket = new Map<string, number>();
	const socketsByUser = new Map<string, Map<string, number>>();
	/** Admitted documents not connected yet, per socket: by document, who asked and when. */
	const reserved = new Map<string, Map<string, { userId: string | null; at: number }>>();

	/** The socket's reservations still running (a document asked for again keeps one). */
	function reservations(socketId: string) {
		const byDocument = reserved.get(socketId);
		if (!byDocument) return new Map<string, { userId: string | null; at: number }>();
		for (const [name, entry] of byDocument) {
			if (now() - entry.at >= RESERVATION_MS) byDocument.delete(name);
		}
		if (byDocument.size === 0) reserved.delete(socketId);
		return byDocument;
	}

	/** The sockets a user holds documents on or has documents admitted on. */
	function socketsOf(userId: string) {
		const sockets = new Set(socketsByUser.get(userId)?.keys());
		for (const socketId of [...reserved.keys()]) {
			for (const entry of reservations(socketId).values()) {
				if (entry.userId === userId) sockets.add(socketId);
			}
		}
		return sockets;
	}

	function release(userId: string | null, socketId: string) {
		const count = (documentsBySocket.get(socketId) ?? 1) - 1;
		if (count <= 0) documentsBySocket.delete(socketId);
		else documentsBySocket.set(socketId, count);
		if (!userId) return;
		const sockets = socketsByUser.get(userId);
		const perSocket = (sockets?.get(socketId) ?? 1) - 1;
		if (perSocket <= 0) sockets?.delete(socketId);
		else sockets?.set(socketId, perSocket);
		if (sockets?.size === 0) socketsByUser.delete(userId);
	}

	/**
	 * Throws the refusal when one more document on this socket, for this user, is too many;
	 * otherwise reserves its slot.
	 */
	function admit(socketId: string, userId: string | null, documentName: string) {
		const pending = reservations(socketId);
		if (pending.has(documentName)) return;
		const open = (documentsBySocket.get(socketId) ?? 0) + pending.size;
		if (open >= limits.documentsPerSocket) {
			throw new Refusal('too-many-documents', 'This connection has too many documents open.');
		}
		const sockets = userId ? socketsOf(userId) : undefined;
		if (sockets && !sockets.has(socketId) && sockets.size >= limits.socketsPerUser) {
			throw new Refusal('too-many-connections', 'You have too many connections open.');
		}
		reserved.set(socketId, pending.set(documentName, { userId, at: now() }));
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
			const pending = reservations(socketId);
			pending.delete(documentName);
			if (pending.size === 0) reserved.delete(socketId);
			if (userId) {
				const sockets = socketsByUser.get(userId) ?? new Map<string, number>();
				sockets.set(socketId, (sockets.get(socketId) ?? 0) + 1);
				socketsByUser.set(userId, sockets);
			}
			documentsBySocket.set(socketId, (documentsBySocket.get(socketId) ?? 0) + 1);

			connection.onClose(() => release(userId, socketId));
		}
	};

	return {
		extension,
		admit,
		/** The socket closed: documents admitted on it that never connected free their slots. */
		socketClosed: (socketId: string) => void reserved.delete(socketId),
		/** Most sockets one user holds now (for `/metrics`). */
		busiestUser: () => Math.max(0, ...[...socketsByUser.values()].map((sockets) => sockets.size))
	};
}
