/**
 * The WebSocket endpoint: answers upgrades on `/collab` only (others, such as Vite's HMR, pass),
 * refuses cross-site origins before any byte of Yjs is read, and hands the socket to Hocuspocus
 * with the session of the upgrade's cookie, if any. SvelteKit's CSRF check does not cover
 * upgrades, so the Origin check here is what stops another site from using a voter's cookie.
 *
 * Keeps its own bookkeeping of each socket (when it last heard from it, its logger with a
 * `connectionId`) instead of reading Hocuspocus's fields: the server pings every 15 s, the
 * provider answers, and a socket silent for `idleTimeoutMs` is closed here (Hocuspocus's own idle
 * check is turned off in `compose.ts`, since a pong never reaches it through a public method).
 */
import { Hocuspocus } from '@hocuspocus/server';
import type { Peer } from 'crossws';
import crossws from 'crossws/adapters/node';
import type { AddressLimit } from './address-limit.ts';
import type { IncomingMessage } from 'node:http';
import type { Metrics } from '../src/lib/server/metrics.ts';
import type { Duplex } from 'node:stream';
import { SESSION_COOKIE } from '../src/lib/server/auth/cookie-name.ts';
import type { SessionManager } from '../src/lib/server/auth/session.ts';
import { COLLAB_PATH } from '../src/lib/shared/documents.ts';
import { CLOSE } from '../src/lib/shared/close-codes.ts';
import type { CollabContext } from './extensions/auth.ts';
import type { Logger } from '../src/lib/server/log.ts';
import { createSessionSockets } from './session-sockets.ts';
import { messageRateLimit } from './message-rate.ts';
import { framedSocket } from './socket-frames.ts';

const PING_INTERVAL_MS = 15_000;
/** A socket that sent nothing, not even a pong, for this long is closed (four missed pings). */
export const IDLE_TIMEOUT_MS = 60_000;
const PING = new Uint8Array([9]); // MessageType.Ping, understood by @hocuspocus/provider 4
const PONG = 10;

/** What this module keeps about one open socket. */
interface Socket {
	connection: ReturnType<Hocuspocus['handleConnection']>;
	log: Logger;
	openedAt: number;
	lastSeen: number;
	/** Run when the socket closes (`CollabContext.onSocketClose`). */
	onClose: (() => void)[];
}

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
	/** Sockets per client address, shared with the feed. */
	addresses: AddressLimit;
	/** Counts refusals (rate limits, cross-site upgrades) for `/metrics`. */
	metrics?: Pick<Metrics, 'rateLimited' | 'authRefused'>;
	messageRate: number;
	messageBurst: number;
	now: () => number;
	log: Logger;
	idleTimeoutMs?: number;
}) {
	const idleTimeoutMs = deps.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
	// Sockets per session (cookie or token), closed on sign-out; per room, closed when its lease
	// is lost; and what to do when each socket closes.
	const sessionSockets = createSessionSockets();
	const roomSockets = createSessionSockets(CLOSE.servedElsewhere);
	const sockets = new Map<Peer, Socket>();
	/** Set on shutdown: upgrades get 503 and incoming frames are left unread. */
	let accepting = true;
	let reading = true;

	const takeToken = messageRateLimit(deps.messageRate, deps.messageBurst);

	// The provider reconnects when it received nothing for 30 s, and a socket silent for a minute is
	// dead. Voters send no awareness, so the server pings, counts any frame (the pong too) as a
	// sign of life, and closes a socket that gave none for `idleTimeoutMs`.
	const pinger = setInterval(() => {
		const now = Date.now();
		for (const [peer, socket] of sockets) {
			if (now - socket.lastSeen > idleTimeoutMs) {
				socket.log.info({ idleMs: now - socket.lastSeen }, 'socket idle, closing');
				peer.close(CLOSE.timedOut.code, CLOSE.timedOut.reason);
			} else peer.send(PING);
		}
	}, PING_INTERVAL_MS);
	pinger.unref();

	const ws = crossws({
		serverOptions: { maxPayload: deps.maxMessageBytes },
		hooks: {
			async upgrade(request) {
				if (!accepting) return new Response('Server restarting', { status: 503 });
				if (!originAllowed(request, deps.origin)) {
					deps.log.warn({ origin: request.headers.get('origin') }, 'cross-origin upgrade refused');
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
				const log = deps.log.child({ connectionId: peer.id });
				const onClose: (() => void)[] = [];
				const connection = deps.hocuspocus.handleConnection(
					framedSocket(peer.websocket as Parameters<typeof framedSocket>[0]),
					peer.request as Request,
					{
						cookieSession,
						tokens: { last: null },
						carried: { last: null },
						bindSession: (sessionId) => sessionSockets.add(sessionId, peer),
						joinRoom: (room) => roomSockets.add(room, peer),
						moved: () => peer.close(CLOSE.servedElsewhere.code, CLOSE.servedElsewhere.reason),
						log,
						onSocketClose: (callback) => void onClose.push(callback)
					} satisfies CollabContext
				);
				const now = Date.now();
				sockets.set(peer, { connection, log, openedAt: now, lastSeen: now, onClose });
				if (cookieSession) sessionSockets.add(cookieSession.session.id, peer);
				log.info(
					{ address: peer.remoteAddress, userId: cookieSession?.user.id ?? null },
					'socket opened'
				);
			},
			message(peer, message) {
				const socket = sockets.get(peer);
				if (!socket || !reading) return;
				if (!takeToken(peer)) {
					socket.log.warn('message rate exceeded, closing');
					deps.metrics?.rateLimited('message-rate');
					peer.close(CLOSE.rateLimited.code, CLOSE.rateLimited.reason);
					return;
				}
				socket.lastSeen = Date.now();
				const data = message.uint8Array();
				if (data.length === 1 && data[0] === PONG) return;
				socket.connection.handleMessage(data);
			},
			close(peer, event) {
				sessionSockets.remove(peer);
				roomSockets.remove(peer);
				const socket = sockets.get(peer);
				sockets.delete(peer);
				if (!socket) return;
				socket.connection.handleClose(
					event.code === undefined ? undefined : { code: event.code, reason: event.reason ?? '' }
				);
				for (const callback of socket.onClose.splice(0)) callback();
				socket.log.info(
					{ code: event.code, reason: event.reason, openMs: Date.now() - socket.openedAt },
					'socket closed'
				);
			},
			error(peer, error) {
				(sockets.get(peer)?.log ?? deps.log).error({ err: error }, 'socket failed');
			}
		}
	});

	return {
		/** Takes the upgrade if it is for `/collab`; returns false to leave it to others. */
		handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
			const path = (request.url ?? '').split('?')[0];
			if (path !== COLLAB_PATH) return false;
			deps.addresses
				.admit(request, socket)
				.then((admitted) => {
					if (!admitted) {
						deps.log.warn('upgrade refused: no client address, or too many sockets from it');
						return;
					}
					return ws.handleUpgrade(request, socket, head);
				})
				.catch((error) => {
					deps.log.error({ err: error }, 'upgrade failed');
					socket.destroy();
				});
			return true;
		},

		/** Closes the sockets opened with this session's cookie or token (on sign-out). */
		endSession(sessionId: string) {
			sessionSockets.close(sessionId);
		},

		/** Closes the sockets of a room this instance no longer serves (`servedElsewhere`). */
		closeRoom(room: string) {
			roomSockets.close(room);
		},

		/** Shutdown, first step: new upgrades get 503. */
		stopAccepting() {
			accepting = false;
		},

		/**
		 * Shutdown, second step: frames that arrive from now on are left unread. Nothing is lost:
		 * the socket closes soon, and the provider's sync on reconnect sends whatever the server
		 * has not seen again.
		 */
		stopReading() {
			reading = false;
		},

		/** Open sockets (for `/metrics` and the shutdown log). */
		sockets: () => ({ open: sockets.size }),

		/** Closes every socket with `restarting`, so clients reconnect at once to the next process. */
		closeAll() {
			accepting = false;
			clearInterval(pinger);
			ws.closeAll(CLOSE.restarting.code, CLOSE.restarting.reason);
		}
	};
}

export type Collab = ReturnType<typeof createCollab>;
