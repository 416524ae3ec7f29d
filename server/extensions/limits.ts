/**
 * Bounds what one client can make the server hold: documents per socket and sockets per user.
 * The auth extension asks `admit` before it accepts a document, so an excess is refused with a
 * named reason. (Signing out closes a session's sockets through `session-sockets.ts`.)
 */
import type { connectedPayload, Extension } from '@hocuspocus/server';
import { Refusal, type CollabContext } from './auth.ts';

export function limitsExtension(limits: { documentsPerSocket: number; socketsPerUser: number }) {
	const documentsBySocket = new Map<string, number>();
	const socketsByUser = new Map<string, Map<string, number>>();

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

	/** Throws the refusal when one more document on this socket, for this user, is too many. */
	function admit(socketId: string, userId: string | null) {
		if ((documentsBySocket.get(socketId) ?? 0) >= limits.documentsPerSocket) {
			throw new Refusal('too-many-documents', 'This connection has too many documents open.');
		}
		const sockets = userId ? socketsByUser.get(userId) : undefined;
		if (sockets && !sockets.has(socketId) && sockets.size >= limits.socketsPerUser) {
			throw new Refusal('too-many-connections', 'You have too many connections open.');
		}
	}

	const extension: Extension = {
		extensionName: 'plenum-limits',
		priority: 950,

		async connected({ connection, context, socketId }: connectedPayload<CollabContext>) {
			const userId = context.auth?.user.id ?? null;
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
		/** Most sockets one user holds now (for `/metrics`). */
		busiestUser: () => Math.max(0, ...[...socketsByUser.values()].map((sockets) => sockets.size))
	};
}
