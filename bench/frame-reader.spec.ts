/** Frames found in a server's bytes however the reads cut them, and the frames a client sends. */
import { describe, expect, it } from 'vitest';
import { clientFrame, FrameReader, OPCODE } from './frame-reader.ts';

/** An unmasked frame as a server writes it. */
function serverFrame(opcode: number, payload: Uint8Array, fin = true): Uint8Array {
	const length = payload.length;
	const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
	const frame = new Uint8Array(header + length);
	frame[0] = (fin ? 0x80 : 0) | opcode;
	if (header === 2) frame[1] = length;
	else if (header === 4) {
		frame[1] = 126;
		frame[2] = length >> 8;
		frame[3] = length & 0xff;
	} else {
		frame[1] = 127;
		new DataView(frame.buffer).setUint32(6, length);
	}
	frame.set(payload, header);
	return frame;
}

const bytes = (length: number, seed: number) =>
	Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);

function concat(parts: Uint8Array[]) {
	const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const part of parts) {
		all.set(part, at);
		at += part.length;
	}
	return all;
}

function collect() {
	const seen: { opcode: number; payload: number[] }[] = [];
	const reader = new FrameReader({
		// Copied at once: the bytes are a read buffer the next read overwrites.
		message: (opcode, data, start, end) =>
			seen.push({ opcode, payload: [...data.subarray(start, end)] }),
		control: (opcode, payload) => seen.push({ opcode, payload: [...payload] })
	});
	return { seen, reader };
}

describe('the frame reader', () => {
	const messages = [bytes(1, 9), bytes(60, 1), bytes(125, 2), bytes(126, 3), bytes(70_000, 4)];
	const stream = concat([
		...messages.slice(0, 2).map((m) => serverFrame(OPCODE.binary, m)),
		serverFrame(OPCODE.ping, bytes(4, 5)),
		...messages.slice(2).map((m) => serverFrame(OPCODE.binary, m))
	]);
	const expected = [
		...messages.slice(0, 2).map((m) => ({ opcode: OPCODE.binary, payload: [...m] })),
		{ opcode: OPCODE.ping, payload: [...bytes(4, 5)] },
		...messages.slice(2).map((m) => ({ opcode: OPCODE.binary, payload: [...m] }))
	];

	it('hands over every frame in order from one read holding them all', () => {
		const { seen, reader } = collect();
		reader.push(stream);
		expect(seen).toEqual(expected);
		expect(reader.pending).toBe(0);
	});

	it('hands over the same frames in the same order wherever the reads cut them', () => {
		for (const size of [1, 2, 3, 7, 64, 127, 1000, 4096]) {
			const { seen, reader } = collect();
			// One reused buffer, as the sockets share one read buffer per thread.
			const buffer = new Uint8Array(size);
			for (let at = 0; at < stream.length; at += size) {
				const piece = stream.subarray(at, Math.min(stream.length, at + size));
				buffer.set(piece);
				reader.push(buffer, 0, piece.length);
			}
			expect(seen).toEqual(expected);
		}
	});

	it('joins a fragmented message, with a control frame between its fragments', () => {
		const { seen, reader } = collect();
		reader.push(
			concat([
				serverFrame(OPCODE.binary, bytes(10, 1), false),
				serverFrame(OPCODE.ping, bytes(2, 2)),
				serverFrame(OPCODE.continuation, bytes(5, 3), false),
				serverFrame(OPCODE.continuation, bytes(3, 4))
			])
		);
		expect(seen).toEqual([
			{ opcode: OPCODE.ping, payload: [...bytes(2, 2)] },
			{
				opcode: OPCODE.binary,
				payload: [...concat([bytes(10, 1), bytes(5, 3), bytes(3, 4)])]
			}
		]);
	});

	it('refuses a masked frame from the server', () => {
		const { reader } = collect();
		expect(() => reader.push(clientFrame(OPCODE.binary, bytes(3, 1)))).toThrow(/masked/);
	});
});

describe('a client frame', () => {
	it('is masked and unmasks to its payload, at every length encoding', () => {
		for (const length of [0, 5, 125, 126, 65535, 65536]) {
			const payload = bytes(length, 7);
			const frame = clientFrame(OPCODE.binary, payload);
			expect(frame[0]).toBe(0x80 | OPCODE.binary);
			expect(frame[1] & 0x80).toBe(0x80);
			const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
			const key = frame.subarray(header, header + 4);
			const body = frame.subarray(header + 4).map((b, i) => b ^ key[i & 3]);
			expect(body).toEqual(payload);
		}
	});
});
