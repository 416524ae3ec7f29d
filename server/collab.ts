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
 *
 * Every connected phone holds one of these sockets, so what each one keeps matters (see
 * "Memory per voter" in `docs/BENCHMARKS.md`). The sockets are `ws`'s own, without crossws in
 * between: crossws kept each upgrade's `IncomingMessage` and two `Request` views of it, with their
 * headers, for the socket's lifetime, and ran a second heartbeat beside ours (about 3 KB a phone).
 * Hocuspocus gets one shared, empty request for every socket (`HOCUSPOCUS_REQUEST`).
 */
import { Hocuspocus } from '@hocuspocus/server';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressLimit } from './address-limit.ts';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
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
import type { WriteSlices } from './write-slices.ts';
import { socketId, socketLog, type SocketLog } from './socket-log.ts';
import { createPinger } from './pinger.ts';

const PING_INTERVAL_MS = 15_000;
/** Every socket is pinged once per interval, one fifteenth of them each second. */
const PING_GROUPS = 15;
/** A socket that sent nothing, not even a pong, for this long is closed (four missed pings). */
export const IDLE_TIMEOUT_MS = 60_000;
const PING = new Uint8Array([9]); // MessageType.Ping, understood by @hocuspocus/provider 4
const PONG = 10;

/**
 * What Hocuspocus is given as every socket's request. It keeps the request of each document it
 * opens for its hooks' payloads (`requestHeaders`, `requestParameters`, parsed again for every
 * message), and Plenum's extensions read none of them: the upgrade's origin and session were
 * checked here, and documents authenticate by cookie session or token. An empty URL makes
 * Hocuspocus's parameters an empty `URLSearchParams` instead of a parsed `URL` per document.
 */
const HOCUSPOCUS_REQUEST = Object.freeze({ url: '', headers: new Headers() }) as unknown as Request;

/** What this module keeps about one open socket. */
interface Socket {
	connection: ReturnType<Hocuspocus['handleConnection']>;
	log: SocketLog;
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
	return originMatches(request.headers.get('origin'), request.headers.get('host'), configured);
}

/** `originAllowed` on the `Origin` and `Host` header values (null when absent). */
export function originMatches(
	origin: string | null,
	host: string | null,
	configured: string | null
): boolean {
	if (origin === null) return true; // not a browser: it cannot carry a victim's cookie
	if (configured) return origin === configured;
	try {
		return host !== null && new URL(origin).host === host;
	} catch {
		return false;
	}
}

/** Answers an upgrade that is refused with a plain HTTP response and closes the socket. */
function refuse(socket: Duplex, status: number, message: string) {
	if (!socket.writable) return void socket.destroy();
	socket.end(
		`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n` +
			`Content-Type: text/plain;charset=UTF-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
		() => socket.destroy()
	);
}

/**
 * Messages a device sends per ballot at once: its ask when the topic syncs (or the vote pending
 * on the device), and a vote.
 */
export const MESSAGES_PER_BALLOT = 2;

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
	/** Where broadcasts beyond their first recipients wait for later turns (`write-slices.ts`). */
	slices?: WriteSlices;
	/** How many members a user carries as a proxy in a meeting (0: none, or no roll). */
	carried?: (meetingId: string, userId: string) => Promise<number>;
}) {
	const idleTimeoutMs = deps.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
	// Sockets per session (cookie or token), closed on sign-out; per room, closed when its lease
	// is lost; and what to do when each socket closes.
	const sessionSockets = createSessionSockets();
	const roomSockets = createSessionSockets(CLOSE.servedElsewhere);
	const sockets = new Map<WebSocket, Socket>();
	/** Set on shutdown: upgrades get 503 and incoming frames are left unread. */
	let accepting = true;
	let reading = true;

	const rate = messageRateLimit(deps.messageRate, deps.messageBurst);

	// The provider reconnects when it received nothing for 30 s, and a socket silent for a minute is
	// dead. Voters send no awareness, so the server pings (spread over the interval, `pinger.ts`),
	// counts any frame (the pong too) as a sign of life, and closes a socket that gave none for
	// `idleTimeoutMs`.
	const pinger = createPinger<WebSocket>({
		intervalMs: PING_INTERVAL_MS,
		groups: PING_GROUPS,
		idleTimeoutMs,
		now: Date.now,
		lastSeen: (websocket) => sockets.get(websocket)?.lastSeen ?? 0,
		ping: (websocket) => {
			if (websocket.readyState === websocket.OPEN) websocket.send(PING);
		},
		close: (websocket, idleMs) => {
			sockets.get(websocket)?.log.info({ idleMs }, 'socket idle, closing');
			websocket.close(CLOSE.timedOut.code, CLOSE.timedOut.reason);
		}
	});
	pinger.start();

	// No client tracking (`sockets` is the list) and no compression: no socket holds zlib state.
	const server = new WebSocketServer({
		noServer: true,
		maxPayload: deps.maxMessageBytes,
		clientTracking: false,
		perMessageDeflate: false
	});

	/**
	 * Lets a socket send the asks and votes of every member its user carries as a proxy in a
	 * meeting at once: its page asks about a ballot per member each time the topic syncs, and may
	 * vote for each. Read once per socket and meeting, when its first document of the meeting
	 * authenticates (by cookie or token); the documents opened with it wait for the same read.
	 */
	function proxyBurst(
		websocket: WebSocket,
		carried: (meetingId: string, userId: string) => Promise<number>
	) {
		let reads: Map<string, Promise<void>> | null = null;
		return (userId: string, meetingId: string): Promise<void> => {
			reads ??= new Map();
			let read = reads.get(meetingId);
			if (!read) {
				read = carried(meetingId, userId).then(
					(members) => {
						if (members > 0) {
							rate.raise(websocket, deps.messageBurst + members * MESSAGES_PER_BALLOT);
						}
					},
					(error) => deps.log.warn({ err: error }, 'could not read the members a proxy carries')
				);
				reads.set(meetingId, read);
			}
			return read;
		};
	}

	function open(
		websocket: WebSocket,
		cookieSession: CollabContext['cookieSession'],
		address: string | undefined
	) {
		const log = socketLog(deps.log, socketId());
		const onClose: (() => void)[] = [];
		const connection = deps.hocuspocus.handleConnection(
			framedSocket(websocket, undefined, deps.slices),
			HOCUSPOCUS_REQUEST,
			{
				cookieSession,
				tokens: { last: null },
				bindSession: (sessionId) => sessionSockets.add(sessionId, websocket),
				joinRoom: (room) => roomSockets.add(room, websocket),
				carrying: deps.carried ? proxyBurst(websocket, deps.carried) : undefined,
				moved: () => websocket.close(CLOSE.servedElsewhere.code, CLOSE.servedElsewhere.reason),
				log,
				onSocketClose: (callback) => void onClose.push(callback)
			} satisfies CollabContext
		);
		const now = Date.now();
		sockets.set(websocket, { connection, log, openedAt: now, lastSeen: now, onClose });
		pinger.add(websocket);
		if (cookieSession) sessionSockets.add(cookieSession.session.id, websocket);
		log.info({ address, userId: cookieSession?.user.id ?? null }, 'socket opened');
		websocket.on('message', message);
		websocket.on('close', closed);
		websocket.on('error', failed);
	}

	function message(this: WebSocket, data: Buffer | ArrayBuffer | Buffer[]) {
		const socket = sockets.get(this);
		if (!socket || !reading) return;
		if (!rate.take(this)) {
			socket.log.warn('message rate exceeded, closing');
			deps.metrics?.rateLimited('message-rate');
			this.close(CLOSE.rateLimited.code, CLOSE.rateLimited.reason);
			return;
		}
		socket.lastSeen = Date.now();
		// `ws` hands a whole message as one Buffer (its default binary type), text frames too.
		const bytes = Array.isArray(data)
			? Buffer.concat(data)
			: data instanceof ArrayBuffer
				? new Uint8Array(data)
				: data;
		if (bytes.length === 1 && bytes[0] === PONG) return;
		socket.connection.handleMessage(bytes);
	}

	function closed(this: WebSocket, code: number, reason: Buffer) {
		sessionSockets.remove(this);
		roomSockets.remove(this);
		pinger.remove(this);
		const socket = sockets.get(this);
		sockets.delete(this);
		if (!socket) return;
		// `ws` reports 1005 when the close frame carried no code, and 1006 when none came.
		socket.connection.handleClose({ code, reason: reason.toString() });
		for (const callback of socket.onClose.splice(0)) callback();
		socket.log.info(
			{ code, reason: reason.toString(), openMs: Date.now() - socket.openedAt },
			'socket closed'
		);
	}

	function failed(this: WebSocket, error: Error) {
		(sockets.get(this)?.log ?? deps.log).error({ err: error }, 'socket failed');
	}

	/** Checks an upgrade for `/collab` (origin, session) and hands it to `ws`. */
	async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
		if (!accepting) return refuse(socket, 503, 'Server restarting');
		const origin = request.headers.origin ?? null;
		if (!originMatches(origin, request.headers.host ?? null, deps.origin)) {
			deps.log.warn({ origin }, 'cross-origin upgrade refused');
			deps.metrics?.authRefused('cross-origin');
			return refuse(socket, 403, 'Cross-origin WebSocket refused');
		}
		const token = cookieValue(request.headers.cookie ?? null, SESSION_COOKIE);
		const cookieSession = await deps.sessions.validate(token, deps.now());
		if (!accepting) return refuse(socket, 503, 'Server restarting');
		const address = request.socket.remoteAddress;
		server.handleUpgrade(request, socket, head, (websocket) =>
			open(websocket, cookieSession, address)
		);
	}

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
					return upgrade(request, socket, head);
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
			pinger.stop();
			for (const websocket of sockets.keys()) {
				websocket.close(CLOSE.restarting.code, CLOSE.restarting.reason);
			}
		}
	};
}

export type Collab = ReturnType<typeof createCollab>;
