/**
 * Clients of the public results feed (`/feed/topic/<id>`): a plain `y-websocket`
 * `WebsocketProvider` over Node's `ws`, as any Yjs program would subscribe, and a raw client
 * that speaks the y-websocket protocol by hand to send what no honest provider would.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { topicDocumentName } from '../../src/lib/shared/documents.ts';

export const feedUrl = (httpUrl: string) => `${httpUrl.replace(/^http/, 'ws')}/feed`;

/** A subscriber as a dashboard would write it: one Y.Doc, one provider. */
export function subscribeFeed(httpUrl: string, topicId: string) {
	const doc = new Y.Doc();
	let closed: { code: number; reason: string } | null = null;
	const provider = new WebsocketProvider(feedUrl(httpUrl), topicDocumentName(topicId), doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		maxBackoffTime: 500
	});
	// Emitted when the server refuses for good (close codes 4400-4499).
	provider.on('closed', (event) => (closed = { code: event.code, reason: event.reason }));
	return {
		doc,
		provider,
		closed: () => closed,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

const SYNC = 0;
const AWARENESS = 1;

function syncFrame(write: (encoder: encoding.Encoder) => void) {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, SYNC);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

/**
 * A hostile subscriber: applies what the server sends to its own doc and can send SyncStep2,
 * Update and awareness frames of its choosing. `fresh()` asks for the server's whole document
 * again on the same socket (SyncStep1 with an empty state vector) and resolves with it: frames
 * on one socket are answered in order, so it shows the document after everything sent before.
 */
export async function rawFeedClient(
	httpUrl: string,
	topicId: string,
	options: { origin?: string } = {}
) {
	const socket = new WebSocket(`${feedUrl(httpUrl)}/${topicDocumentName(topicId)}`, {
		origin: options.origin
	});
	const doc = new Y.Doc();
	const waiting: ((update: Uint8Array) => void)[] = [];
	let closed: { code: number; reason: string } | null = null;
	socket.on('close', (code, reason) => (closed = { code, reason: reason.toString() }));
	socket.on('message', (data: Buffer) => {
		const decoder = decoding.createDecoder(new Uint8Array(data));
		if (decoding.readVarUint(decoder) !== SYNC) return;
		const type = decoding.readVarUint(decoder);
		const update = decoding.readVarUint8Array(decoder);
		if (type === syncProtocol.messageYjsSyncStep2) waiting.shift()?.(update);
		Y.applyUpdate(doc, update, 'server');
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('open', () => resolve());
		socket.once('unexpected-response', (_request, response) =>
			reject(new Error(`upgrade refused: ${response.statusCode}`))
		);
		socket.once('error', reject);
	});
	const send = (frame: Uint8Array) => socket.send(frame);
	return {
		doc,
		socket,
		closed: () => closed,
		/** SyncStep1 with this client's state vector; the answer is applied to `doc`. */
		sync() {
			waiting.push(() => {});
			send(syncFrame((encoder) => syncProtocol.writeSyncStep1(encoder, doc)));
		},
		/** The server's whole document as it answers now, in a doc of its own. */
		fresh(): Promise<Y.Doc> {
			const answered = new Promise<Uint8Array>((resolve) => waiting.push(resolve));
			send(syncFrame((encoder) => syncProtocol.writeSyncStep1(encoder, new Y.Doc())));
			return answered.then((update) => {
				const copy = new Y.Doc();
				Y.applyUpdate(copy, update);
				return copy;
			});
		},
		sendUpdate(update: Uint8Array) {
			send(syncFrame((encoder) => syncProtocol.writeUpdate(encoder, update)));
		},
		sendSyncStep2(update: Uint8Array) {
			send(
				syncFrame((encoder) => {
					encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
					encoding.writeVarUint8Array(encoder, update);
				})
			);
		},
		sendAwareness(payload: Uint8Array) {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, AWARENESS);
			encoding.writeVarUint8Array(encoder, payload);
			send(encoding.toUint8Array(encoder));
		},
		sendRaw: send,
		close: () => socket.close()
	};
}
