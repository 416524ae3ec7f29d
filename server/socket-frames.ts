/**
 * What Hocuspocus sends on a socket goes out as one pre-framed buffer, shared by every socket that
 * gets the same message. A tally write is one encoded message sent to every subscriber (Hocuspocus
 * reuses one `Uint8Array` per broadcast); `ws` frames it again for each socket (a header buffer,
 * an options object, a Buffer view) and writes header and payload as two corked writes, which
 * Node turns into a `writev` with its own bookkeeping. A frame from the server is never masked
 * (RFC 6455, 5.1), so its bytes are the same for every socket: built once, written with one
 * `write` per socket.
 *
 * This needs private fields of the `ws` socket (`/collab` uses the `ws` package itself): `_socket`,
 * `_sender` and `_extensions`. They are read once per socket; a socket that lacks them, or that
 * negotiated an extension (permessage-deflate changes the bytes), keeps `ws`'s own `send` for good.
 * A frame is written straight to the TCP socket only when `ws` would have written it there itself
 * at that moment: socket open, its sender idle (nothing queued behind a compression or a Blob
 * read) and no fragmented message under way. Order is kept because both paths write synchronously
 * to the same socket in call order; `bufferedAmount` still counts these bytes (it reads the TCP
 * socket's buffer) and a closing socket goes through `ws`, which drops and counts what it cannot
 * send.
 *
 * Every socket is a lane of the process's write slices (`write-slices.ts`): a broadcast beyond its
 * first recipients is queued as its shared frame and written on later turns, each socket's frames
 * in the order they were sent. A queued frame is written the same way when its turn comes (straight
 * to the TCP socket if `ws` is idle, else through `ws.send`), or dropped if the socket is no longer
 * open. A close through this socket writes its queue first; frames queued in this module are not
 * in `bufferedAmount` until written.
 */
import type { WebSocketLike } from '@hocuspocus/server';
import { createWriteSlices, type Lane, type LaneWriter, type WriteSlices } from './write-slices.ts';

const OPEN = 1;
/** FIN + opcode 2 (binary): one whole binary message. */
const BINARY_FINAL = 0x82;
const SENDER_IDLE = 0;

/** The parts of a `ws` WebSocket this module uses; the underscored ones are private to `ws`. */
interface WsSocket {
	readonly readyState: number;
	_extensions?: unknown;
	send(data: Parameters<WebSocketLike['send']>[0]): void;
	close(code?: number, reason?: string): void;
	_isServer?: unknown;
	_socket?: { write(chunk: Uint8Array): boolean } | null;
	_sender?: { _state: unknown; _queue: unknown; _firstFragment: unknown } | null;
}

/** The bytes of one unmasked, final, binary frame carrying `payload`. */
export function binaryFrame(payload: Uint8Array): Buffer {
	const length = payload.length;
	const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
	const frame = Buffer.allocUnsafe(header + length);
	frame[0] = BINARY_FINAL;
	if (length < 126) frame[1] = length;
	else if (length < 65_536) {
		frame[1] = 126;
		frame.writeUInt16BE(length, 2);
	} else {
		frame[1] = 127;
		frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
		frame.writeUInt32BE(length >>> 0, 6);
	}
	frame.set(payload, header);
	return frame;
}

/**
 * Frames messages, keeping the last one: a broadcast sends the same message object to every
 * socket in a row. A hit needs the same object and the same bytes, so a caller that reuses a
 * buffer with new content gets a new frame.
 */
export function createFrameCache() {
	let message: Uint8Array | null = null;
	let view: Buffer | null = null;
	let frame: Buffer | null = null;
	let payload: Buffer | null = null;
	return (data: Uint8Array): Buffer => {
		if (data === message && view !== null && payload !== null && frame !== null) {
			if (view.length === data.length && view.equals(payload)) return frame;
		}
		frame = binaryFrame(data);
		payload = frame.subarray(frame.length - data.length);
		message = data;
		view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
		return frame;
	};
}

const sharedCache = createFrameCache();

/** The process's write slices: one event loop, so one budget per turn for all its sockets. */
export const writeSlices: WriteSlices = createWriteSlices();

/** Where the payload starts in a frame built by `binaryFrame`. */
function payloadOf(frame: Buffer): Buffer {
	const length = frame[1] & 0x7f;
	return frame.subarray(length < 126 ? 2 : length === 126 ? 4 : 10);
}

/** The TCP socket and sender of a server-side `ws` socket without extensions, or null. */
function internals(ws: WsSocket) {
	const socket = ws._socket;
	const sender = ws._sender;
	// The private `_extensions`, what was negotiated: a wrapper of the socket may answer the
	// public `extensions` from the request's offer instead.
	const extensions = ws._extensions;
	if (ws._isServer !== true || typeof extensions !== 'object' || extensions === null) return null;
	if (Object.keys(extensions).length > 0) return null;
	if (!socket || typeof socket.write !== 'function' || !sender) return null;
	if (typeof sender._state !== 'number' || !Array.isArray(sender._queue)) return null;
	if (typeof sender._firstFragment !== 'boolean') return null;
	return {
		socket,
		sender: sender as { _state: number; _queue: unknown[]; _firstFragment: boolean }
	};
}

/**
 * What Hocuspocus gets for one `ws` socket (`handleConnection`): the same socket, with binary
 * messages written as shared frames whenever `ws` would have written them straight away, and a
 * broadcast's later recipients written in slices (`slices`). It is also its lane's writer. One
 * object per socket with its methods on the prototype: object literals with a getter and a
 * closure per method were kept in dictionary mode, ~900 bytes of heap for every connected phone.
 */
class FramedSocket implements WebSocketLike, LaneWriter<Uint8Array, Buffer> {
	readonly #ws: WsSocket;
	readonly #frames: (data: Uint8Array) => Buffer;
	/** The TCP socket and sender when frames may go straight to them (see `internals`), else null. */
	readonly #socket: { write(chunk: Uint8Array): boolean } | null;
	readonly #sender: { _state: number; _queue: unknown[]; _firstFragment: boolean } | null;
	readonly #lane: Lane<Uint8Array>;

	constructor(ws: WsSocket, frames: (data: Uint8Array) => Buffer, slices: WriteSlices) {
		this.#ws = ws;
		this.#frames = frames;
		const direct = internals(ws);
		this.#socket = direct?.socket ?? null;
		this.#sender = direct?.sender ?? null;
		this.#lane = slices.lane<Uint8Array, Buffer>(this);
	}

	get readyState() {
		return this.#ws.readyState;
	}

	close(code?: number, reason?: string) {
		this.#lane.flush();
		this.#ws.close(code, reason);
	}

	send(data: Parameters<WebSocketLike['send']>[0]) {
		if (!(data instanceof Uint8Array)) {
			this.#lane.flush();
			this.#ws.send(data);
			return;
		}
		this.#lane.send(data);
	}

	/** The lane writes a message at once. */
	now(data: Uint8Array) {
		if (this.#idle()) this.#socket!.write(this.#frames(data));
		else this.#ws.send(data);
	}

	/** The frame the lane keeps for a message that waits. */
	frame(data: Uint8Array) {
		return this.#frames(data);
	}

	/** The lane writes a frame that waited. */
	write(frame: Buffer) {
		if (this.#idle()) this.#socket!.write(frame);
		else this.#ws.send(payloadOf(frame));
	}

	open() {
		return this.#ws.readyState === OPEN;
	}

	/** Whether a frame may go straight to the TCP socket now (else `ws` sends it). */
	#idle() {
		const sender = this.#sender;
		return (
			sender !== null &&
			this.#ws.readyState === OPEN &&
			sender._state === SENDER_IDLE &&
			sender._queue.length === 0 &&
			sender._firstFragment
		);
	}
}

export function framedSocket(
	ws: WsSocket,
	frames: (data: Uint8Array) => Buffer = sharedCache,
	slices: WriteSlices = writeSlices
): WebSocketLike {
	return new FramedSocket(ws, frames, slices);
}
