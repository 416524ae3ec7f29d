/**
 * The WebSocket endpoint: answers upgrades on `/collab` only (others, such as Vite's HMR, pass),
 * refuses cross-site origins before any byte of Yjs is read, and hands the socket to Hocuspocus
 * with the session of the upgrade's cookie, if any. SvelteKit's CSRF check does not cover
 * upgrades, so the Origin check here is what stops another site from using a voter's cookie.
 */
import { Hocuspocus } from '@hocuspocus/server';
import crossws from 'crossws/adapters/node';
import type { IncomingMessage } from 'node:http';
import type { Metrics } from '../src/lib/server/metrics.ts';
import type { Duplex } from 'node:stream';
import { SESSION_COOKIE } from '../src/lib/server/auth/cookie-name.ts';
import type { SessionManager } from '../src/lib/server/auth/session.ts';
import { COLLAB_PATH } from '../src/lib/shared/documents.ts';
import { CLOSE } from './close-codes.ts';
import type { CollabContext } from './extensions/auth.ts';
import { createSessionSockets } from './session-sockets.ts';
import { messageRateLimit } from './message-rate.ts';

const PING_INTERVAL_MS = 15_000;
const PING = new Uint8Array([9]); // MessageType.Ping, understood by @hocuspocus/provider 4
const PONG = 10;

interface PeerConnection {
	handleMessage(data: Uint8Array): void;
	handleClose(event: { code?: number; reason?: string }): void;
	lastMessageReceivedAt: number;
}

const connectionOf = (peer: object) => (peer as { hocuspocus?: PeerConnection }).hocuspocus;

function cookieValue(header: string | null, name: string): string | null {
	for (const part of (header ?? '').split(';')) {
		const [key, ...value] = part.trim().split('=');
		if (key === name) return decodeURIComponent(value.join('='));
	}
	return null;
}

/** Browsers always send Origin on a WebSocket upgrade; it must be this site's. */
export function originAllowed(request: Request, configured: string | null): boolean {
	const origin = request.headers.get('origin');
	if (origin === null) return true; // not a browser: it cannot carry a victim's cookie
	if (configured) return origin === configured;
	const host = request.headers.get('host');
	try {
		return host !== null && new URL(origin).host === host;
	} catch {
		return false;
	}
}

export function createCollab(deps: {
	hocuspocus: Hocuspocus;
	sessions: SessionManager;
	origin: string | null;
	maxMessageBytes: number;
	maxSocketsPerAddress: number;
	/** Counts refusals (rate limits, cross-site upgrades) for `/metrics`. */
	metrics?: Pick<Metrics, 'rateLimited' | 'authRefused'>;
	messageRate: number;
	messageBurst: number;
	now: () => number;
}) {
	const socketsByAddress = new Map<string, number>();
	const releaseAddress = (address: string) => {
		const count = (socketsByAddress.get(address) ?? 1) - 1;
		if (count <= 0) socketsByAddress.delete(address);
		else socketsByAddress.set(address, count);
	};
	// Sockets per session (cookie or token), closed on sign-out.
	const sessionSockets = createSessionSockets();
	const peers = new Set<{ send(data: Uint8Array): void }>();

	const takeToken = messageRateLimit(deps.messageRate, deps.messageBurst);

	// Hocuspocus closes a socket that sent nothing for a minute, and the provider reconnects when it
	// received nothing for 30 s. Voters send no awareness, so the server pings and counts the pong.
	const pinger = setInterval(() => {
		for (const peer of peers) peer.send(PING);
	}, PING_INTERVAL_MS);
	pinger.unref();

	const ws = crossws({
		serverOptions: { maxPayload: deps.maxMessageBytes },
		hooks: {
			async upgrade(request) {
				if (!originAllowed(request, deps.origin)) {
					deps.metrics?.authRefused('cross-origin');
					return new Response('Cross-origin WebSocket refused', { status: 403 });
				}
				const token = cookieValue(request.headers.get('cookie'), SESSION_COOKIE);
				const cookieSession = await deps.sessions.validate(token, deps.now());
				return { context: { cookieSession } };
			},
			open(peer) {
				const cookieSession = (peer.context.cookieSession ??
					null) as CollabContext['cookieSession'];
				const connection = deps.hocuspocus.handleConnection(
					peer.websocket as WebSocket,
					peer.request as Request,
					{
						cookieSession,
						bindSession: (sessionId) => sessionSockets.add(sessionId, peer)
					} satisfies CollabContext
				);
				Object.assign(peer, { hocuspocus: connection });
				peers.add(peer);
				if (cookieSession) sessionSockets.add(cookieSession.session.id, peer);
			},
			message(peer, message) {
				const connection = connectionOf(peer);
				const data = message.uint8Array();
				if (!connection) return;
				if (!takeToken(peer)) {
					deps.metrics?.rateLimited('message-rate');
					peer.close(CLOSE.rateLimited.code, CLOSE.rateLimited.reason);
					return;
				}
				if (data.length === 1 && data[0] === PONG) connection.lastMessageReceivedAt = Date.now();
				else connection.handleMessage(data);
			},
			close(peer, event) {
				sessionSockets.remove(peer);
				peers.delete(peer);
				connectionOf(peer)?.handleClose({ code: event.code, reason: event.reason });
			},
			error(peer, error) {
				console.error(`collab socket ${peer.id} failed`, error);
			}
		}
	});

	return {
		/** Takes the upgrade if it is for `/collab`; returns false to leave it to others. */
		handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
			const path = (request.url ?? '').split('?')[0];
			if (path !== COLLAB_PATH) return false;
			const address = request.socket.remoteAddress ?? 'unknown';
			if ((socketsByAddress.get(address) ?? 0) >= deps.maxSocketsPerAddress) {
				deps.metrics?.rateLimited('sockets-per-address');
				socket.end(
					'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'
				);
				return true;
			}
			socketsByAddress.set(address, (socketsByAddress.get(address) ?? 0) + 1);
			let released = false;
			socket.once('close', () => {
				if (!released) releaseAddress(address);
				released = true;
			});
			ws.handleUpgrade(request, socket, head).catch((error) => {
				console.error('collab upgrade failed', error);
				socket.destroy();
			});
			return true;
		},

		/** Closes the sockets opened with this session's cookie or token (on sign-out). */
		endSession(sessionId: string) {
			sessionSockets.close(sessionId);
		},

		/** Open sockets, and the most held by one address (for `/metrics`). */
		sockets: () => ({
			open: peers.size,
			busiestAddress: Math.max(0, ...socketsByAddress.values())
		}),

		/** Closes every socket so clients reconnect at once to the next process. */
		closeAll() {
			clearInterval(pinger);
			ws.closeAll(CLOSE.restarting.code, CLOSE.restarting.reason);
		}
	};
}

export type Collab = ReturnType<typeof createCollab>;
