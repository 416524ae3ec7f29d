/**
 * A silent subscription: a document opened on a phone's socket the way the provider opens it
 * (authentication with the session token, then sync step 1), whose later updates are received but
 * never decoded. The mass of a hall's phones hold their topic and meeting documents like this, so
 * the load generator can afford 10,000 of them; a sample of phones decodes everything instead.
 */
import { WebSocketStatus, type HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { readFileSync } from 'node:fs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
const AUTH_TOKEN = 0;
const AUTH_DENIED = 1;
const AUTH_GRANTED = 2;
const SYNC_STEP_1 = 0;

/** The provider sends its version with the token; the server adapts its protocol to it. */
const PROVIDER_VERSION = (
	JSON.parse(
		readFileSync(new URL('../package.json', import.meta.resolve('@hocuspocus/provider')), 'utf8')
	) as { version: string }
).version;

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

export function authMessage(name: string, token: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, name);
	encoding.writeVarUint(encoder, MESSAGE_AUTH);
	encoding.writeVarUint(encoder, AUTH_TOKEN);
	encoding.writeVarString(encoder, token);
	encoding.writeVarString(encoder, PROVIDER_VERSION);
	return encoding.toUint8Array(encoder);
}

export function syncStep1(name: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, name);
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, SYNC_STEP_1);
	encoding.writeVarUint8Array(encoder, EMPTY_STATE_VECTOR);
	return encoding.toUint8Array(encoder);
}

/**
 * Subscribes to `names` on the socket, now and after every reconnect. Resolves once the server
 * has authenticated all of them; rejects with the reason if it refuses one.
 */
export function subscribeSilently(
	websocket: HocuspocusProviderWebsocket,
	names: string[],
	token: string
): { done: Promise<void>; pending: Set<string> } {
	const pending = new Set(names);
	const done = new Promise<void>((resolve, reject) => {
		const send = () => {
			for (const name of names) {
				websocket.send(authMessage(name, token));
				websocket.send(syncStep1(name));
			}
		};
		const onMessage = (event: MessageEvent) => {
			const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer));
			if (decoder.arr.length < 2) return;
			const name = decoding.readVarString(decoder);
			if (!pending.has(name) || decoding.readVarUint(decoder) !== MESSAGE_AUTH) return;
			const answer = decoding.readVarUint(decoder);
			if (answer === AUTH_DENIED) {
				websocket.off('message', onMessage);
				reject(new Error(`${name} refused: ${decoding.readVarString(decoder)}`));
			} else if (answer === AUTH_GRANTED) {
				pending.delete(name);
				if (pending.size === 0) {
					// From here on, updates to these documents are received and dropped undecoded.
					websocket.off('message', onMessage);
					resolve();
				}
			}
		};
		websocket.on('message', onMessage);
		websocket.on('open', send);
		if (websocket.status === WebSocketStatus.Connected) send();
	});
	return { done, pending };
}
