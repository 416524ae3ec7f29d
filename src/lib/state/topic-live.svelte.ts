/**
 * Live state of one topic page: the read-only topic document and, for a signed-in voter, their
 * ballot document, both kept in IndexedDB so a choice made offline survives reloads and is sent
 * when the socket is back. One socket carries both documents.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { ballotStatus } from '../shared/ballot-status.ts';
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

export type ConnectionState = 'connecting' | 'online' | 'offline';

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
	/** Why the server refused to open a document, if it did. */
	problem = $state<string | null>(null);

	ballot = $derived(ballotStatus(this.request, this.receipt, this.refusal));

	#cleanup: (() => void)[] = [];
	#ballotDoc: Y.Doc | null = null;

	constructor(initial: TopicSnapshot) {
		this.meta = initial.meta;
		this.topicState = initial.state;
		this.results = initial.results;
	}

	/** Connects to the server; call in the browser only. */
	start(topicId: string, userId: string | null) {
		const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
		const socket = new HocuspocusProviderWebsocket({
			url: `${scheme}://${location.host}${COLLAB_PATH}`
		});
		const onStatus = ({ status }: { status: string }) => {
			this.connection =
				status === 'connected' ? 'online' : status === 'connecting' ? 'connecting' : 'offline';
		};
		socket.on('status', onStatus);
		const goOffline = () => (this.connection = 'offline');
		window.addEventListener('offline', goOffline);
		this.#cleanup.push(() => window.removeEventListener('offline', goOffline));

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
			const ballotDoc = this.#open(socket, ballotDocumentName(topicId, userId));
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
		ballotMap(this.#ballotDoc).set('request', request);
	}

	destroy() {
		for (const cleanup of this.#cleanup.splice(0).reverse()) cleanup();
	}
}
