/**
 * The raw phones' socket against a `ws` server (what the real server runs): a lazy socket keeps
 * what the server sent in the kernel until it is drained, then takes it in order in one read and
 * answers the server's ping; the server's writes complete meanwhile.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventually } from '../tests/helpers/voters.ts';
import { Drainer, WireSocket, wireStats } from './wire-socket.ts';

let server: WebSocketServer | null = null;
let client: WireSocket | null = null;

afterEach(async () => {
	client?.terminate();
	await new Promise((resolve) => server?.close(resolve));
	server = client = null;
});

async function connect() {
	const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
	server = wss;
	await new Promise((resolve) => wss.once('listening', resolve));
	const peer = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
	const received: number[][] = [];
	let opened!: () => void;
	const open = new Promise<void>((resolve) => (opened = resolve));
	const { port } = wss.address() as { port: number };
	const socket = new WireSocket(
		`ws://127.0.0.1:${port}/collab?room=x`,
		{
			open: () => opened(),
			message: (bytes, start, end) => received.push([...bytes.subarray(start, end)]),
			close: () => {},
			error: (error) => {
				throw error;
			}
		},
		// Drained by hand only, so the test decides when the queued frames are read.
		new Drainer(null)
	);
	client = socket;
	await open;
	return { socket, peer: await peer, received };
}

/** Sends and resolves once the bytes are in the kernel: on loopback, the client's queue. */
const send = (peer: WebSocket, data: Uint8Array) =>
	new Promise<void>((resolve, reject) =>
		peer.send(data, { binary: true }, (error) => (error ? reject(error) : resolve()))
	);

describe('a wire socket', () => {
	it('exchanges binary messages with a ws server', async () => {
		const { socket, peer, received } = await connect();
		const echoed = new Promise<Buffer>((resolve) => peer.once('message', resolve));
		socket.send(Uint8Array.from([1, 2, 3]));
		expect([...(await echoed)]).toEqual([1, 2, 3]);
		await send(peer, Uint8Array.from([4, 5]));
		await eventually(() => expect(received).toEqual([[4, 5]]));
	});

	it('when lazy, leaves frames queued until drained, then reads them in order and answers the ping', async () => {
		const { socket, peer, received } = await connect();
		socket.lazy = true;
		// The read that brings this frame is the last before the socket stops reading.
		await send(peer, Uint8Array.from([0]));
		await eventually(() => expect(received).toHaveLength(1));
		const pong = new Promise<Buffer>((resolve) => peer.once('pong', resolve));
		for (let i = 1; i <= 100; i++) await send(peer, Uint8Array.from([i, i]));
		peer.ping(Buffer.from('are you there'));
		await send(peer, Uint8Array.from([101]));
		// Every write above completed with the client not reading: nothing of it was read.
		expect(received).toHaveLength(1);
		const readsBefore = wireStats.reads;
		socket.drain();
		await eventually(() => expect(received.length).toBeGreaterThan(1));
		// One read took many frames, then the socket stopped reading again.
		expect(wireStats.reads - readsBefore).toBe(1);
		expect(received.length).toBeGreaterThan(2);
		// What TCP had not delivered to the client yet comes with later drains.
		await eventually(() => {
			socket.drain();
			expect(received).toHaveLength(102);
		});
		expect(received.slice(1, 101)).toEqual(Array.from({ length: 100 }, (_, i) => [i + 1, i + 1]));
		expect(received[101]).toEqual([101]);
		expect((await pong).toString()).toBe('are you there');
	});

	it('reads every frame as it comes once it is no longer lazy', async () => {
		const { socket, peer, received } = await connect();
		socket.lazy = true;
		await send(peer, Uint8Array.from([0]));
		await eventually(() => expect(received).toHaveLength(1));
		await send(peer, Uint8Array.from([1]));
		socket.lazy = false;
		socket.drain();
		await eventually(() => expect(received).toHaveLength(2));
		await send(peer, Uint8Array.from([2]));
		await send(peer, Uint8Array.from([3]));
		await eventually(() => expect(received).toEqual([[0], [1], [2], [3]]));
	});
});
