/**
 * Finds WebSocket frames (RFC 6455 section 5.2) in the bytes a server sends, however the reads
 * cut them. Pure: bytes in, frames out, no socket. A frame's payload is handed over as a range
 * of the chunk it arrived in when it arrived whole, so the caller must use it before returning
 * (the chunk is a read buffer that the next read overwrites); only frames cut by a read are
 * copied. Server frames are never masked; a masked one is a protocol error.
 */

export const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 };

export interface FrameSink {
	/** A whole message (fragments joined): its opcode and `bytes[start, end)`. */
	message(opcode: number, bytes: Uint8Array, start: number, end: number): void;
	/** A control frame (close, ping, pong) and its payload, copied. */
	control(opcode: number, payload: Uint8Array): void;
}

export class FrameReader {
	/** Bytes of a frame cut by the end of a read (copies), kept until the rest arrives. */
	private held: Uint8Array[] = [];
	private heldBytes = 0;
	/** How many bytes the held frame needs in all (its header read), or 0 while unknown. */
	private need = 0;
	/** Fragments of a message whose last frame has not arrived yet. */
	private fragments: Uint8Array[] = [];
	private fragmentOpcode = 0;
	private readonly sink: FrameSink;

	constructor(sink: FrameSink) {
		this.sink = sink;
	}

	/** Reads every whole frame in `chunk[start, end)`, after whatever the last read left. */
	push(chunk: Uint8Array, start = 0, end = chunk.length) {
		let bytes = chunk;
		let at = start;
		let stop = end;
		if (this.heldBytes > 0) {
			this.held.push(chunk.slice(start, end));
			this.heldBytes += end - start;
			// A long frame arriving over many reads is joined once, when it is whole.
			if (this.heldBytes < this.need) return;
			bytes = join(this.held);
			this.held = [];
			this.heldBytes = 0;
			at = 0;
			stop = bytes.length;
		}
		this.need = 0;
		while (at < stop) {
			const next = this.frame(bytes, at, stop);
			if (next < 0) break;
			at = next;
		}
		if (at < stop) {
			this.held.push(bytes.slice(at, stop));
			this.heldBytes = stop - at;
		}
	}

	/** Bytes held back, waiting for the rest of their frame. */
	get pending() {
		return this.heldBytes;
	}

	/** Handles the frame at `at`; returns where the next one starts, or -1 if it is cut. */
	private frame(bytes: Uint8Array, at: number, stop: number): number {
		if (stop - at < 2) return -1;
		const first = bytes[at];
		const second = bytes[at + 1];
		if (second & 0x80) throw new Error('a server frame must not be masked');
		let length = second & 0x7f;
		let header = 2;
		if (length === 126) {
			if (stop - at < 4) return -1;
			length = (bytes[at + 2] << 8) | bytes[at + 3];
			header = 4;
		} else if (length === 127) {
			if (stop - at < 10) return -1;
			const high =
				(bytes[at + 2] << 24) | (bytes[at + 3] << 16) | (bytes[at + 4] << 8) | bytes[at + 5];
			if (high !== 0) throw new Error('frame longer than 4 GB');
			length =
				((bytes[at + 6] << 24) >>> 0) +
				((bytes[at + 7] << 16) | (bytes[at + 8] << 8) | bytes[at + 9]);
			header = 10;
		}
		const begin = at + header;
		const end = begin + length;
		if (end > stop) {
			this.need = end - at;
			return -1;
		}
		const fin = (first & 0x80) !== 0;
		const opcode = first & 0x0f;
		if (opcode >= 8) this.sink.control(opcode, bytes.slice(begin, end));
		else if (opcode === OPCODE.continuation || !fin) {
			if (opcode !== OPCODE.continuation) this.fragmentOpcode = opcode;
			this.fragments.push(bytes.slice(begin, end));
			if (fin) {
				const whole = join(this.fragments);
				this.fragments = [];
				this.sink.message(this.fragmentOpcode, whole, 0, whole.length);
			}
		} else this.sink.message(opcode, bytes, begin, end);
		return end;
	}
}

function join(parts: Uint8Array[]): Uint8Array {
	const whole = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let offset = 0;
	for (const part of parts) {
		whole.set(part, offset);
		offset += part.length;
	}
	return whole;
}

/** A masked client frame (clients must mask, RFC 6455 5.3): header, mask key, payload. */
export function clientFrame(opcode: number, payload: Uint8Array): Uint8Array {
	const length = payload.length;
	const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
	const frame = new Uint8Array(header + 4 + length);
	frame[0] = 0x80 | opcode;
	if (header === 2) frame[1] = 0x80 | length;
	else if (header === 4) {
		frame[1] = 0x80 | 126;
		frame[2] = length >> 8;
		frame[3] = length & 0xff;
	} else {
		frame[1] = 0x80 | 127;
		new DataView(frame.buffer).setUint32(6, length);
	}
	// The mask only keeps proxies from mistaking payloads for requests; it needs no secrecy here.
	const mask = (Math.random() * 0x100000000) >>> 0;
	const key = header;
	frame[key] = mask >>> 24;
	frame[key + 1] = (mask >>> 16) & 0xff;
	frame[key + 2] = (mask >>> 8) & 0xff;
	frame[key + 3] = mask & 0xff;
	const body = key + 4;
	for (let i = 0; i < length; i++) frame[body + i] = payload[i] ^ frame[key + (i & 3)];
	return frame;
}
