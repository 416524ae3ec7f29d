/**
 * One WebSocket per page for every live document on it, with the state a person sees: live,
 * connecting, reconnecting, or offline. Documents are kept in IndexedDB, so what was seen before
 * (and a ballot cast offline, kept in a document of the device's own) is there again after a
 * reload with no network.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { CLOSE } from '../shared/close-codes.ts';
import { COLLAB_PATH, roomUrl } from '../shared/documents.ts';

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
	/**
	 * Stateless messages the server sends on this document (`readResultsPreview`, a ballot's
	 * answers: `ballot-messages.ts`).
	 */
	onStateless(callback: (payload: string) => void): void;
	/** Told each time the document is synced with the server (opened, and after every reconnect). */
	onSynced(callback: () => void): void;
	/** Whether the document is synced with the server now. */
	readonly synced: boolean;
	/** Sends a stateless message on the document; lost while not connected. */
	sendStateless(payload: string): void;
	destroy(): void;
}

/** A document kept on the device only (IndexedDB), never on the server: a ballot's copy. */
export interface DeviceDocument {
	doc: Y.Doc;
	/** Resolves once the device's copy has been read into `doc`. */
	loaded: Promise<void>;
	destroy(): void;
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
		let synced: () => void = () => {};
		const provider = new HocuspocusProvider({
			websocketProvider: this.#socket,
			name,
			document: doc,
			awareness: null,
			onAuthenticationFailed: ({ reason }) => refused(reason),
			onStateless: ({ payload }) => stateless(payload),
			onSynced: () => synced()
		});
		provider.attach();
		return {
			doc,
			onRefused: (callback) => (refused = callback),
			onStateless: (callback) => (stateless = callback),
			onSynced: (callback) => (synced = callback),
			get synced() {
				return provider.isSynced;
			},
			sendStateless: (payload) => provider.sendStateless(payload),
			destroy: () => {
				provider.destroy();
				void local.destroy();
				doc.destroy();
			}
		};
	}

	/** A document kept on this device only, in IndexedDB as `plenum:<name>` (`DeviceDocument`). */
	openLocal(name: string): DeviceDocument {
		const doc = new Y.Doc();
		const local = new IndexeddbPersistence(`plenum:${name}`, doc);
		return {
			doc,
			loaded: local.whenSynced.then(() => undefined),
			destroy: () => {
				void local.destroy();
				doc.destroy();
			}
		};
	}

	destroy() {
		for (const cleanup of this.#cleanup.splice(0).reverse()) cleanup();
	}
}
