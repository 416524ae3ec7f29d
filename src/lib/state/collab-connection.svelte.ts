/**
 * One WebSocket per page for every live document on it, with the state a person sees: live,
 * connecting, reconnecting, or offline. Documents are kept in IndexedDB, so what was seen before
 * (and a ballot cast offline) is there again after a reload with no network.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { CLOSE } from '../shared/close-codes.ts';
import { COLLAB_PATH, roomUrl } from '../shared/documents.ts';
import { ServerLink } from './server-link.ts';

/** Back off from 0.5 s to 10 s between attempts, with jitter: for a lost network or a crash. */
const BACKOFF = { delay: 500, minDelay: 500, maxDelay: 10_000, factor: 2 };
/**
 * After the server said it is restarting (a deliberate stop that committed every vote first):
 * try again at once and every 100-250 ms, since the next process is seconds away, for at most
 * `FAST_WINDOW_MS`; then back to backing off.
 */
const FAST = { delay: 250, minDelay: 100, maxDelay: 250, factor: 1 };
const FAST_WINDOW_MS = 30_000;

/** `reconnecting` after the socket was lost; `offline` while the device has no network. */
export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'offline';

export interface LiveDocument {
	doc: Y.Doc;
	/** Why the server refused the document, once it did. */
	onRefused(callback: (reason: string) => void): void;
	/** Stateless messages the server sends on this document (see `readResultsPreview`). */
	onStateless(callback: (payload: string) => void): void;
	destroy(): void;
}

/**
 * A document the page may close on the server while it keeps showing the device's copy (a
 * ballot: `ballot-link.ts`); it starts open.
 */
export interface ClosableDocument extends Omit<LiveDocument, 'onStateless'> {
	server: ServerLink;
	/** Resolves once the device's own copy (IndexedDB) has been read into `doc`. */
	loaded: Promise<void>;
	/** Told whenever the server side opened, closed, or synced. */
	onServerChange(callback: () => void): void;
}

export class CollabConnection {
	state = $state<ConnectionState>('connecting');
	#socket: HocuspocusProviderWebsocket;
	#cleanup: (() => void)[] = [];

	/**
	 * `room`: the meeting the page's documents belong to, or its topic outside a meeting
	 * (`meetingRoom`, `topicRoom`); with several instances, the one serving the room gets the socket.
	 */
	constructor(room: string) {
		const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
		const socket = new HocuspocusProviderWebsocket({
			url: roomUrl(`${scheme}://${location.host}${COLLAB_PATH}`, room),
			...BACKOFF,
			autoConnect: navigator.onLine
		});
		this.#socket = socket;
		let wasOnline = false;
		let fastUntil: ReturnType<typeof setTimeout> | undefined;
		const backOffAgain = () => {
			clearTimeout(fastUntil);
			fastUntil = undefined;
			socket.setConfiguration(BACKOFF);
		};
		socket.on('disconnect', ({ event }: { event?: { code?: number } }) => {
			if (event?.code !== CLOSE.restarting.code || !navigator.onLine) return;
			socket.setConfiguration(FAST);
			void socket.connect();
			clearTimeout(fastUntil);
			fastUntil = setTimeout(() => {
				backOffAgain();
				if (socket.status !== 'connected') void socket.connect();
			}, FAST_WINDOW_MS);
		});
		socket.on('status', ({ status }: { status: string }) => {
			if (!navigator.onLine) return;
			if (status === 'connected') {
				wasOnline = true;
				if (fastUntil !== undefined) backOffAgain();
			}
			this.state = status === 'connected' ? 'online' : wasOnline ? 'reconnecting' : 'connecting';
		});
		// The device knows before the socket does. Offline, the page says so (the provider keeps
		// retrying with backoff); back online, a socket that outlived the network is replaced and
		// a pending retry is cut short, and the sync resends whatever the server has not seen.
		const goOffline = () => (this.state = 'offline');
		const goOnline = () => {
			this.state = wasOnline ? 'reconnecting' : 'connecting';
			if (socket.status === 'connected') socket.webSocket?.close();
			else void socket.connect();
		};
		if (!navigator.onLine) this.state = 'offline';
		window.addEventListener('offline', goOffline);
		window.addEventListener('online', goOnline);
		this.#cleanup.push(() => {
			window.removeEventListener('offline', goOffline);
			window.removeEventListener('online', goOnline);
			clearTimeout(fastUntil);
			socket.destroy();
		});
	}

	/** Opens a document on this connection, kept in IndexedDB as `plenum:<name>`. */
	open(name: string): LiveDocument {
		const doc = new Y.Doc();
		const local = new IndexeddbPersistence(`plenum:${name}`, doc);
		let refused: (reason: string) => void = () => {};
		let stateless: (payload: string) => void = () => {};
		const provider = new HocuspocusProvider({
			websocketProvider: this.#socket,
			name,
			document: doc,
			awareness: null,
			onAuthenticationFailed: ({ reason }) => refused(reason),
			onStateless: ({ payload }) => stateless(payload)
		});
		provider.attach();
		return {
			doc,
			onRefused: (callback) => (refused = callback),
			onStateless: (callback) => (stateless = callback),
			destroy: () => {
				provider.destroy();
				void local.destroy();
				doc.destroy();
			}
		};
	}

	/** Opens a document the page may close and reopen on the server (`ClosableDocument`). */
	openClosable(name: string): ClosableDocument {
		const doc = new Y.Doc();
		const local = new IndexeddbPersistence(`plenum:${name}`, doc);
		let refused: (reason: string) => void = () => {};
		let changed: () => void = () => {};
		const server = new ServerLink({
			websocket: this.#socket,
			name,
			doc,
			onRefused: (reason) => refused(reason),
			onChange: () => changed()
		});
		server.connect();
		return {
			doc,
			server,
			loaded: local.whenSynced.then(() => undefined),
			onRefused: (callback) => (refused = callback),
			onServerChange: (callback) => (changed = callback),
			destroy: () => {
				server.disconnect();
				void local.destroy();
				doc.destroy();
			}
		};
	}

	destroy() {
		for (const cleanup of this.#cleanup.splice(0).reverse()) cleanup();
	}
}
