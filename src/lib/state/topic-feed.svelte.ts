/**
 * A topic followed through the public results feed (`/feed/topic/<id>`), as any outside Yjs
 * client would: a plain `y-websocket` provider, no session, no awareness. Used by the embed page,
 * which shows only what anyone may see.
 */
import { WebsocketProvider } from 'y-websocket';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { PollRules } from '../core/poll.ts';
import { readTopic, ROOM_PARAM, topicDocumentName, topicMap } from '../shared/documents.ts';
import type { TopicSnapshot } from './topic-live.svelte.ts';

export const FEED_PATH = '/feed';

export class TopicFeed {
	meta = $state<TopicSnapshot['meta']>() as TopicSnapshot['meta'];
	topicState = $state<TopicSnapshot['state']>() as TopicSnapshot['state'];
	results = $state<TopicSnapshot['results']>() as TopicSnapshot['results'];
	/** Whether the feed is connected and in sync now. */
	live = $state(false);
	/** Set when the server refused the topic for good (it is not public). */
	refused = $state(false);

	rules = $derived<PollRules>({
		kind: this.topicState.kind ?? 'single',
		minChoices: this.topicState.minChoices ?? 1,
		maxChoices: this.topicState.maxChoices ?? 1,
		scoreMax: this.topicState.scoreMax ?? 5,
		seats: this.topicState.seats ?? 1
	});

	#stop: (() => void) | null = null;

	constructor(initial: TopicSnapshot) {
		this.meta = initial.meta;
		this.topicState = initial.state;
		this.results = initial.results;
	}

	/**
	 * Subscribes to the feed of this page's own origin; browser only. `room`: the topic's room
	 * (`topicRoom`), so with several instances the one serving it gets the socket.
	 */
	start(topicId: string, room: string) {
		const doc = new Y.Doc();
		// No awareness state: the feed ignores it, so there is nothing to send every 15 s.
		const awareness = new Awareness(doc);
		awareness.setLocalState(null);
		const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
		const provider = new WebsocketProvider(
			`${scheme}//${location.host}${FEED_PATH}`,
			topicDocumentName(topicId),
			doc,
			{ awareness, disableBc: true, params: { [ROOM_PARAM]: room } }
		);
		const read = () => {
			const { meta, state, results } = readTopic(doc);
			if (meta) this.meta = meta;
			if (state) this.topicState = state;
			if (results) this.results = results;
		};
		topicMap(doc).observe(read);
		provider.on('sync', (synced) => (this.live = synced));
		provider.on('status', ({ status }) => {
			if (status !== 'connected') this.live = false;
		});
		provider.on('closed', () => (this.refused = true));
		this.#stop = () => {
			provider.destroy();
			awareness.destroy();
			doc.destroy();
		};
	}

	destroy() {
		this.#stop?.();
		this.#stop = null;
	}
}
