/**
 * A hostile client: speaks the Hocuspocus wire protocol by hand (lib0 + y-protocols over `ws`),
 * so tests can send what no honest provider would.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

const SYNC = 0;
const AUTH = 2;
const STATELESS = 5;
const SYNC_STATUS = 8;

export interface RawEvent {
	document: string;
	type: number;
	/** Auth replies: 'authenticated:<scope>' or 'denied:<reason>'. */
	auth?: string;
	/** Stateless messages: their payload. */
	stateless?: string;
}

export function frame(document: string, type: number, write: (encoder: encoding.Encoder) => void) {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, document);
	encoding.writeVarUint(encoder, type);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

export async function rawClient(wsUrl: string, headers: Record<string, string> = {}) {
	const socket = new WebSocket(wsUrl, { headers });
	const events: RawEvent[] = [];
	const docs = new Map<string, Y.Doc>();
	let closed: { code: number; reason: string } | null = null;
	socket.on('close', (code, reason) => (closed = { code, reason: reason.toString() }));
	socket.on('message', (data: Buffer) => {
		if (data.length === 1) return; // ping
		const decoder = decoding.createDecoder(new Uint8Array(data));
		const document = decoding.readVarString(decoder);
		const type = decoding.readVarUint(decoder);
		const event: RawEvent = { document, type };
		if (type === AUTH) {
			const kind = decoding.readVarUint(decoder);
			const detail = decoding.readVarString(decoder);
			event.auth = kind === 2 ? `authenticated:${detail}` : `denied:${detail}`;
		} else if (type === STATELESS) {
			event.stateless = decoding.readVarString(decoder);
		} else if (type === SYNC || type === 4) {
			const doc = docs.get(document) ?? new Y.Doc();
			docs.set(document, doc);
			const reply = encoding.createEncoder();
			syncProtocol.readSyncMessage(decoder, reply, doc, 'server');
		}
		events.push(event);
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('open', () => resolve());
		socket.once('error', reject);
		socket.once('unexpected-response', (_request, response) =>
			reject(new Error(`upgrade refused: ${response.statusCode}`))
		);
	});

	return {
		socket,
		events,
		closed: () => closed,
		/** The server's view of a document, as far as this client has received it. */
		doc(document: string) {
			const doc = docs.get(document) ?? new Y.Doc();
			docs.set(document, doc);
			return doc;
		},
		send(data: Uint8Array | Buffer) {
			socket.send(data);
		},
		authenticate(document: string, token: string) {
			socket.send(
				frame(document, AUTH, (e) => {
					encoding.writeVarUint(e, 0);
					encoding.writeVarString(e, token);
				})
			);
		},
		syncStep1(document: string) {
			socket.send(frame(document, SYNC, (e) => syncProtocol.writeSyncStep1(e, this.doc(document))));
		},
		update(document: string, update: Uint8Array) {
			socket.send(frame(document, SYNC, (e) => syncProtocol.writeUpdate(e, update)));
		},
		stateless(document: string, payload: string) {
			socket.send(frame(document, STATELESS, (e) => encoding.writeVarString(e, payload)));
		},
		/** The stateless payloads received on a document, in order. */
		statelessReceived(document: string) {
			return events.flatMap((event) =>
				event.document === document && event.stateless !== undefined ? [event.stateless] : []
			);
		},
		authReply(document: string) {
			return events.find((event) => event.document === document && event.auth)?.auth ?? null;
		},
		syncStatus(document: string) {
			return events.filter((event) => event.document === document && event.type === SYNC_STATUS);
		},
		close() {
			socket.close();
		}
	};
}

/** An update that writes `entries` into the named map of a fresh document. */
export function mapUpdate(mapName: string, entries: Record<string, unknown>, base?: Y.Doc) {
	const doc = new Y.Doc();
	if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
	const before = Y.encodeStateVector(doc);
	doc.transact(() => {
		for (const [key, value] of Object.entries(entries)) doc.getMap(mapName).set(key, value);
	});
	return Y.encodeStateAsUpdate(doc, before);
}
