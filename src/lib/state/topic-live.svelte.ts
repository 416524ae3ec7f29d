/**
 * Live state of one topic page: the read-only topic document and, for a signed-in voter, their
 * ballot document, both kept in IndexedDB so a choice made offline survives reloads and is sent
 * when the socket is back. One socket carries both documents.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { ballotStatus, type OwnBallot } from '../shared/ballot-status.ts';
import {
	ballotDocumentName,
	ballotMap,
	COLLAB_PATH,
	readBallot,
	readTopic,
	topicDocumentName,
	topicMap,
	type BallotReceipt,
	type BallotRefusal,
	type BallotRequestValue,
	type TopicMeta,
	type TopicResults,
	type TopicState
} from '../shared/documents.ts';
import { randomId } from '../shared/ids.ts';

/** `reconnecting` after the socket was lost; `offline` while the device has no network. */
export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'offline';

export interface TopicSnapshot {
	meta: TopicMeta;
	state: TopicState;
	results: TopicResults;
}

export class TopicLive {
	connection = $state<ConnectionState>('connecting');
	meta = $state<TopicMeta | null>(null);
	topicState = $state<TopicState | null>(null);
	results = $state<TopicResults | null>(null);
	request = $state<BallotRequestValue | null>(null);
	receipt = $state<BallotReceipt | null>(null);
	refusal = $state<BallotRefusal | null>(null);
	/** The ballot this device cast (the shared request may hold another device's). */
	mine = $state<OwnBallot | null>(null);
	/** Why the server refused to open a document, if it did. */
	problem = $state<string | null>(null);

	ballot = $derived(ballotStatus(this.request, this.receipt, this.refusal, this.mine));

	#cleanup: (() => void)[] = [];
	#ballotDoc: Y.Doc | null = null;
	#mineKey: string | null = null;

	constructor(initial: TopicSnapshot) {
		this.meta = initial.meta;
		this.topicState = initial.state;
		this.results = initial.results;
	}

	/** Connects to the server; call in the browser only. */
	start(topicId: string, userId: string | null) {
		const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
		const socket = new HocuspocusProviderWebsocket({
			url: `${scheme}://${location.host}${COLLAB_PATH}`,
			// Back off from 0.5 s to 10 s between attempts, with jitter.
			delay: 500,
			minDelay: 500,
			maxDelay: 10_000,
			autoConnect: navigator.onLine
		});
		let wasOnline = false;
		socket.on('status', ({ status }: { status: string }) => {
			if (!navigator.onLine) return;
			if (status === 'connected') wasOnline = true;
			this.connection =
				status === 'connected' ? 'online' : wasOnline ? 'reconnecting' : 'connecting';
		});
		// The device knows before the socket does. Offline, the page says so (the provider keeps
		// retrying with backoff); back online, a socket that outlived the network is replaced and
		// a pending retry is cut short, and the sync resends whatever the server has not seen.
		const goOffline = () => (this.connection = 'offline');
		const goOnline = () => {
			this.connection = wasOnline ? 'reconnecting' : 'connecting';
			if (socket.status === 'connected') socket.webSocket?.close();
			else void socket.connect();
		};
		if (!navigator.onLine) this.connection = 'offline';
		window.addEventListener('offline', goOffline);
		window.addEventListener('online', goOnline);
		this.#cleanup.push(() => {
			window.removeEventListener('offline', goOffline);
			window.removeEventListener('online', goOnline);
		});

		const topicDoc = this.#open(socket, topicDocumentName(topicId));
		const readTopicDoc = () => {
			const { meta, state, results } = readTopic(topicDoc);
			if (meta) this.meta = meta;
			if (state) this.topicState = state;
			if (results) this.results = results;
		};
		topicMap(topicDoc).observe(readTopicDoc);
		readTopicDoc();

		if (userId) {
			const name = ballotDocumentName(topicId, userId);
			this.#mineKey = `plenum:mine:${name}`;
			this.mine = readOwnBallot(this.#mineKey);
			const ballotDoc = this.#open(socket, name);
			const readBallotDoc = () => {
				const { request, receipt, refusal } = readBallot(ballotDoc);
				this.request = request;
				this.receipt = receipt;
				this.refusal = refusal;
			};
			ballotMap(ballotDoc).observe(readBallotDoc);
			readBallotDoc();
			this.#ballotDoc = ballotDoc;
		}
		this.#cleanup.push(() => socket.destroy());
	}

	#open(socket: HocuspocusProviderWebsocket, name: string): Y.Doc {
		const doc = new Y.Doc();
		const local = new IndexeddbPersistence(`plenum:${name}`, doc);
		const provider = new HocuspocusProvider({
			websocketProvider: socket,
			name,
			document: doc,
			awareness: null,
			onAuthenticationFailed: ({ reason }) => {
				this.problem = reason;
			}
		});
		provider.attach();
		this.#cleanup.push(() => {
			provider.destroy();
			void local.destroy();
			doc.destroy();
		});
		return doc;
	}

	/** Records the voter's choice on this device; the server counts it when it arrives. */
	vote(optionId: string) {
		if (!this.#ballotDoc) return;
		const request: BallotRequestValue = { ballotId: randomId(16), optionId, castAt: Date.now() };
		this.mine = { ballotId: request.ballotId, optionId };
		if (this.#mineKey) localStorage.setItem(this.#mineKey, JSON.stringify(this.mine));
		ballotMap(this.#ballotDoc).set('request', request);
	}

	destroy() {
		for (const cleanup of this.#cleanup.splice(0).reverse()) cleanup();
	}
}

function readOwnBallot(key: string): OwnBallot | null {
	try {
		const value = JSON.parse(localStorage.getItem(key) ?? 'null');
		return typeof value?.ballotId === 'string' && typeof value?.optionId === 'string'
			? value
			: null;
	} catch {
		return null;
	}
}
