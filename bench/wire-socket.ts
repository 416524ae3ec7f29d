/**
 * The raw phones' WebSocket client: the handshake and framing of RFC 6455 on a bare TCP socket,
 * so that a phone that waits for nothing can leave the server's frames in the kernel and take
 * them in one read later. At N = 1,000 the server writes a tally frame every 50 ms into every
 * socket; read as they come, each frame costs the generator an epoll wakeup, a read and a JS
 * callback (11–15 µs here), as much CPU as the server needs to send it. A `lazy` socket stops
 * reading after each read and is resumed by the thread's drainer once every `DRAIN_MS`, so a
 * read takes all that queued since: one wakeup per batch instead of per frame. Reads land in one
 * buffer shared by the thread's sockets (`onread`), which each read's handler uses before
 * returning; nothing is allocated for a frame that arrives whole. The server's writes complete as
 * before: the kernel acknowledges the bytes as they arrive and holds them (a few KB per socket,
 * against a receive buffer of 128 KB or more); pings wait at most one period for their pong (the
 * server allows a minute), and so does noticing that the server closed the socket. A phone with
 * a vote in flight reads promptly.
 */
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { clientFrame, FrameReader, OPCODE } from './frame-reader.ts';

/** How often a lazy socket is drained by default (`--idle-read-ms`). */
export const DRAIN_MS = 1000;
/** How often the drainer resumes its next slice of the lazy sockets. */
const DRAIN_TICK_MS = 20;
const ACCEPT_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** One read buffer for the thread: a read is handled before the next one starts. */
const readBuffer = Buffer.allocUnsafe(256 * 1024);

/** What the thread's wire sockets read, for the run's report. */
export const wireStats = { reads: 0, frames: 0, bytes: 0, largestRead: 0 };

export interface WireEvents {
	open(): void;
	/** A binary or text message, `bytes[start, end)`, valid only until this call returns. */
	message(bytes: Uint8Array, start: number, end: number): void;
	close(): void;
	error(error: Error): void;
}

export type WireState = 'connecting' | 'open' | 'closing' | 'closed';

export class WireSocket {
	state: WireState = 'connecting';
	/** Stop reading after each read until the drainer's next turn (see the header). */
	lazy = false;
	private readonly socket: net.Socket;
	private readonly reader: FrameReader;
	private readonly events: WireEvents;
	private readonly key = randomBytes(16).toString('base64');
	private response = '';
	private readonly drainer: Drainer;

	/** `drainer`: who resumes the socket while it is lazy (the thread's, unless a test's). */
	constructor(url: string, events: WireEvents, drainer: Drainer = threadDrainer) {
		this.events = events;
		this.drainer = drainer;
		const target = new URL(url);
		this.reader = new FrameReader({
			message: (opcode, bytes, start, end) => {
				wireStats.frames++;
				if (opcode === OPCODE.binary || opcode === OPCODE.text)
					this.events.message(bytes, start, end);
			},
			control: (opcode, payload) => {
				wireStats.frames++;
				if (opcode === OPCODE.ping) this.write(clientFrame(OPCODE.pong, payload));
				else if (opcode === OPCODE.close && this.state === 'open') {
					this.state = 'closing';
					this.write(clientFrame(OPCODE.close, payload.subarray(0, 2)));
					this.socket.end();
				}
			}
		});
		this.socket = net.connect({
			host: target.hostname,
			port: Number(target.port || 80),
			noDelay: true,
			onread: { buffer: readBuffer, callback: (length) => this.onRead(length) }
		});
		this.socket.on('connect', () =>
			this.socket.write(
				`GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n` +
					`Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n` +
					`Sec-WebSocket-Key: ${this.key}\r\n\r\n`
			)
		);
		this.socket.on('error', (error) => this.events.error(error));
		this.socket.on('close', () => {
			this.state = 'closed';
			this.drainer.remove(this);
			this.events.close();
		});
	}

	/** Returns false to stop reading: the socket is lazy and the drainer resumes it later. */
	private onRead(length: number): boolean {
		wireStats.reads++;
		wireStats.bytes += length;
		if (length > wireStats.largestRead) wireStats.largestRead = length;
		try {
			if (this.state === 'connecting') this.onHandshake(length);
			else this.reader.push(readBuffer, 0, length);
		} catch (error) {
			this.events.error(error as Error);
			this.terminate();
			return false;
		}
		return !(this.lazy && this.state === 'open' && this.drainer.periodMs !== 0);
	}

	private onHandshake(length: number) {
		this.response += readBuffer.toString('latin1', 0, length);
		const headerEnd = this.response.indexOf('\r\n\r\n');
		if (headerEnd < 0) return;
		const head = this.response.slice(0, headerEnd);
		const accept = createHash('sha1')
			.update(this.key + ACCEPT_GUID)
			.digest('base64');
		if (!/^HTTP\/1\.1 101/.test(head) || !head.includes(accept))
			throw new Error(`upgrade refused: ${head.split('\r\n')[0]}`);
		const rest = Buffer.from(this.response.slice(headerEnd + 4), 'latin1');
		this.response = '';
		this.state = 'open';
		this.drainer.add(this);
		this.events.open();
		if (rest.length) this.reader.push(rest);
	}

	/** Reads whatever the kernel holds for this socket (now, or as soon as something arrives). */
	drain() {
		if (this.state === 'open' || this.state === 'closing') this.socket.resume();
	}

	/** Sends one binary message. */
	send(payload: Uint8Array) {
		if (this.state === 'open') this.write(clientFrame(OPCODE.binary, payload));
	}

	private write(frame: Uint8Array) {
		if (!this.socket.destroyed) this.socket.write(frame);
	}

	terminate() {
		this.state = 'closed';
		this.socket.destroy();
	}
}

/**
 * Resumes each open wire socket of the thread once every `DRAIN_MS`, a slice every tick, so the
 * reads spread evenly instead of arriving together. Sockets that read promptly (not lazy) are
 * reading anyway; resuming them costs nothing.
 */
export class Drainer {
	private sockets: WireSocket[] = [];
	private next = 0;
	/** Sockets due but not resumed yet: a fraction carried over to the next tick. */
	private due = 0;
	private timer: ReturnType<typeof setInterval> | null = null;
	/** Each socket is resumed once per period; null: only by `drain()` (tests); 0: never lazy. */
	periodMs: number | null;

	constructor(periodMs: number | null) {
		this.periodMs = periodMs;
	}

	add(socket: WireSocket) {
		this.sockets.push(socket);
		if (!this.timer && this.periodMs) {
			this.timer = setInterval(() => this.tick(), DRAIN_TICK_MS);
			this.timer.unref();
		}
	}

	remove(socket: WireSocket) {
		const index = this.sockets.indexOf(socket);
		if (index >= 0) this.sockets.splice(index, 1);
	}

	private tick() {
		this.due += (this.sockets.length * DRAIN_TICK_MS) / this.periodMs!;
		const count = Math.min(Math.floor(this.due), this.sockets.length);
		this.due -= count;
		for (let i = 0; i < count; i++) {
			if (this.next >= this.sockets.length) this.next = 0;
			const socket = this.sockets[this.next++];
			if (socket.lazy) socket.drain();
		}
	}
}

const threadDrainer = new Drainer(DRAIN_MS);

/** Sets how often the thread's lazy sockets are drained, before they connect (0: never lazy). */
export function setDrainPeriod(periodMs: number) {
	threadDrainer.periodMs = periodMs;
}
