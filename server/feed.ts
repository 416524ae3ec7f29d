/**
 * The public results feed: `/feed/topic/<topicId>` on the same port, spoken in the plain
 * y-websocket protocol (y-protocols sync and awareness, one document per socket), so any Yjs
 * client with `y-websocket`'s `WebsocketProvider` can follow a topic read-only.
 *
 * It serves the very topic document Hocuspocus holds (opened through `openDirectConnection`,
 * one per topic however many subscribers), so a subscriber sees exactly what an anonymous
 * `/collab` reader of `topic/<id>` sees: hidden totals never reach that document. Access mirrors
 * that anonymous reader: a topic visible to nobody-in-particular (`topicVisibleTo(topic, null)`),
 * and the session cookie is never looked at, so no page can use a visitor's session through it.
 *
 * Read-only by construction: the server answers SyncStep1 with SyncStep2 and forwards every
 * update of the document; a client's SyncStep2 and Update messages are dropped unread and its
 * awareness is ignored, so nothing a client sends is ever applied to any document.
 */
import type { DirectConnection, Hocuspocus } from '@hocuspocus/server';
import crossws from 'crossws/adapters/node';
import type { AddressLimit } from './address-limit.ts';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { IncomingMessage } from 'node:http';
import type { Metrics } from '../src/lib/server/metrics.ts';
import type { Duplex } from 'node:stream';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { FEED_CLOSE } from '../src/lib/shared/close-codes.ts';
import type { Logger } from '../src/lib/server/log.ts';
import { topicVisibleTo } from '../src/lib/core/topic-rules.ts';
import type { TopicStore } from '../src/lib/server/storage/store.ts';
import { topicDocumentName, topicRoom } from '../src/lib/shared/documents.ts';
import { originAllowed } from './collab.ts';
import { messageRateLimit } from './message-rate.ts';

export const FEED_PATH = '/feed';
const TOPIC_PATH = /^\/feed\/topic\/([A-Za-z0-9_-]{1,64})$/;

/** y-websocket's message types. */
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

/**
 * The provider closes a socket that received nothing for 30 s. The feed has no awareness to
 * relay, so it sends an empty awareness update (no clients) this often instead.
 */
const KEEPALIVE_INTERVAL_MS = 15_000;
const KEEPALIVE = (() => {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, new Uint8Array([0]));
	return encoding.toUint8Array(encoder);
})();

interface Subscriber {
	send(data: Uint8Array): void;
	close(code?: number, reason?: string): void;
}

/** One loaded topic document and the sockets that follow it. */
interface Subscription {
	ready: Promise<{ connection: DirectConnection; doc: Y.Doc }>;
	peers: Set<Subscriber>;
	release: () => void;
}

function updateMessage(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

/**
 * What to answer a client's frame with: SyncStep2 for a SyncStep1, nothing for anything else
 * (its writes and awareness are dropped). Throws on a frame that cannot be read.
 */
export function answerFrame(doc: Y.Doc, data: Uint8Array): Uint8Array | null {
	const decoder = decoding.createDecoder(data);
	if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return null;
	if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep1) return null;
	const stateVector = decoding.readVarUint8Array(decoder);
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep2(encoder, doc, stateVector);
	return encoding.toUint8Array(encoder);
}

export function createFeed(deps: {
	hocuspocus: Hocuspocus;
	topics: TopicStore;
	origin: string | null;
	maxMessageBytes: number;
	/** Sockets per client address, shared with `/collab`. */
	addresses: AddressLimit;
	/** Counts refusals (rate limits, cross-site upgrades) for `/metrics`. */
	metrics?: Pick<Metrics, 'rateLimited' | 'authRefused'>;
	messageRate: number;
	messageBurst: number;
	log: Logger;
	/** Whether this instance serves the room (holds its lease, `cluster/ownership.ts`). */
	own?: (room: string) => Promise<boolean>;
	/** A document of the room is served here. */
	serving?: (documentName: string, room: string) => void;
}) {
	const subscriptions = new Map<string, Subscription>();
	/** The room of each topic followed here. */
	const roomOf = new Map<string, string>();
	const peers = new Set<Subscriber>();

	/** Joins a topic's subscription, loading the document for the first subscriber. */
	function subscribe(topicId: string, peer: Subscriber): Subscription {
		let subscription = subscriptions.get(topicId);
		if (!subscription) {
			const ready = deps.hocuspocus
				.openDirectConnection(topicDocumentName(topicId), { cookieSession: null, auth: null })
				.then((connection) => {
					const doc = connection.document as Y.Doc;
					const forward = (update: Uint8Array) => {
						const message = updateMessage(update);
						for (const each of created.peers) each.send(message);
					};
					doc.on('update', forward);
					created.release = () => {
						doc.off('update', forward);
						void connection.disconnect().catch((error) => {
							deps.log.error({ err: error, topicId }, 'feed could not release a topic');
						});
					};
					return { connection, doc };
				});
			const created: Subscription = { ready, peers: new Set(), release: () => {} };
			ready.catch((error) => {
				deps.log.error({ err: error, topicId }, 'feed could not load a topic');
				if (subscriptions.get(topicId) === created) subscriptions.delete(topicId);
				for (const each of created.peers) {
					each.close(FEED_CLOSE.unavailable.code, FEED_CLOSE.unavailable.reason);
				}
			});
			subscriptions.set(topicId, created);
			subscription = created;
		}
		subscription.peers.add(peer);
		return subscription;
	}

	function unsubscribe(topicId: string, peer: Subscriber) {
		const subscription = subscriptions.get(topicId);
		if (!subscription?.peers.delete(peer) || subscription.peers.size > 0) return;
		subscriptions.delete(topicId);
		roomOf.delete(topicId);
		// Released once loaded: the last subscriber may leave while the document still loads.
		subscription.ready.then(() => subscription.release()).catch(() => {});
	}

	const { take: takeToken } = messageRateLimit(deps.messageRate, deps.messageBurst);

	const keepalive = setInterval(() => {
		for (const peer of peers) peer.send(KEEPALIVE);
	}, KEEPALIVE_INTERVAL_MS);
	keepalive.unref();

	const subscriptionOf = new WeakMap<object, { topicId: string; subscription: Subscription }>();

	const ws = crossws({
		serverOptions: { maxPayload: deps.maxMessageBytes },
		hooks: {
			async upgrade(request) {
				if (!originAllowed(request, deps.origin)) {
					deps.metrics?.authRefused('cross-origin');
					return new Response('Cross-origin WebSocket refused', { status: 403 });
				}
				const topicId = TOPIC_PATH.exec(new URL(request.url).pathname)?.[1] ?? null;
				const topic = topicId ? await deps.topics.get(topicId) : null;
				// The anonymous reader's rule of `/collab`; refused after the upgrade with a close code,
				// since y-websocket retries a failed upgrade for ever but stops on 4404.
				const readable = topic !== null && topicVisibleTo(topic, null);
				if (!readable) return { context: { topicId: null } };
				// Another instance serves the topic's room: the client tries again, through nginx.
				const room = topicRoom(topic);
				if (deps.own && !(await deps.own(room))) return { context: { topicId, moved: true } };
				deps.serving?.(topicDocumentName(topic.id), room);
				roomOf.set(topic.id, room);
				return { context: { topicId } };
			},
			open(peer) {
				const topicId = peer.context.topicId as string | null;
				if (!topicId) {
					peer.close(FEED_CLOSE.unknownTopic.code, FEED_CLOSE.unknownTopic.reason);
					return;
				}
				if (peer.context.moved) {
					peer.close(FEED_CLOSE.servedElsewhere.code, FEED_CLOSE.servedElsewhere.reason);
					return;
				}
				peers.add(peer);
				subscriptionOf.set(peer, { topicId, subscription: subscribe(topicId, peer) });
			},
			async message(peer, message) {
				const entry = subscriptionOf.get(peer);
				if (!entry) return;
				if (!takeToken(peer)) {
					deps.metrics?.rateLimited('message-rate');
					peer.close(FEED_CLOSE.rateLimited.code, FEED_CLOSE.rateLimited.reason);
					return;
				}
				const data = message.uint8Array();
				let answer: Uint8Array | null;
				try {
					const { doc } = await entry.subscription.ready;
					answer = answerFrame(doc, data);
				} catch {
					// A failed load has closed the socket already; this is a frame it could not read.
					peer.close(FEED_CLOSE.malformed.code, FEED_CLOSE.malformed.reason);
					return;
				}
				if (answer && subscriptionOf.has(peer)) peer.send(answer);
			},
			close(peer) {
				peers.delete(peer);
				const entry = subscriptionOf.get(peer);
				subscriptionOf.delete(peer);
				if (entry) unsubscribe(entry.topicId, peer);
			},
			error(peer, error) {
				deps.log.error({ err: error, connectionId: peer.id }, 'feed socket failed');
			}
		}
	});

	return {
		/** Takes the upgrade if it is for `/feed/...`; returns false to leave it to others. */
		handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
			const path = (request.url ?? '').split('?')[0];
			if (!path.startsWith(`${FEED_PATH}/`)) return false;
			deps.addresses
				.admit(request, socket)
				.then((admitted) => (admitted ? ws.handleUpgrade(request, socket, head) : undefined))
				.catch((error) => {
					deps.log.error({ err: error }, 'feed upgrade failed');
					socket.destroy();
				});
			return true;
		},

		/** Open sockets (for `/metrics`). */
		sockets: () => peers.size,

		/** Closes the followers of a room this instance no longer serves (`servedElsewhere`). */
		closeRoom(room: string) {
			for (const [topicId, subscription] of subscriptions) {
				if (roomOf.get(topicId) !== room) continue;
				for (const peer of subscription.peers) {
					peer.close(FEED_CLOSE.servedElsewhere.code, FEED_CLOSE.servedElsewhere.reason);
				}
			}
		},

		/** Closes every socket and releases every document, so shutdown can unload them. */
		closeAll() {
			clearInterval(keepalive);
			ws.closeAll(FEED_CLOSE.restarting.code, FEED_CLOSE.restarting.reason);
			for (const [topicId, subscription] of subscriptions) {
				subscriptions.delete(topicId);
				subscription.ready.then(() => subscription.release()).catch(() => {});
			}
		}
	};
}

export type Feed = ReturnType<typeof createFeed>;
