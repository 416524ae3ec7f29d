import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import * as wsModule from 'ws';
import WebSocket, { WebSocketServer } from 'ws';
import { binaryFrame, createFrameCache, framedSocket } from './socket-frames.ts';
import { createWriteSlices, type WriteSlices } from './write-slices.ts';

type Framed = ReturnType<typeof framedSocket>;

/** `ws`'s own framing, the reference (exported by `ws`, not declared in its types). */
const { Sender } = wsModule as unknown as {
	Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] };
};

/** A `ws` server without client tracking, as `/collab` runs it, on port 0. */
async function startServer(
	serverOptions: WebSocket.ServerOptions = {},
	slices: WriteSlices = createWriteSlices()
) {
	const peers: { peer: WebSocket; framed: Framed }[] = [];
	const cache = createFrameCache();
	const written = { frames: 0 };
	const frames = (data: Uint8Array) => (written.frames++, cache(data));
	const wss = new WebSocketServer({
		noServer: true,
		clientTracking: false,
		perMessageDeflate: false,
		...serverOptions
	});
	const server: Server = createServer();
	server.on('upgrade', (request, socket, head) =>
		wss.handleUpgrade(request, socket, head, (peer) =>
			peers.push({ peer, framed: framedSocket(peer, frames, slices) })
		)
	);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	servers.push(server);
	const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	return { peers, url, written, slices };
}

const servers: Server[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}
});

/** A client that keeps every binary message it receives, in order. */
async function connect(url: string, options: WebSocket.ClientOptions = {}) {
	const client = new WebSocket(url, options);
	const received: Buffer[] = [];
	client.on('message', (data) => received.push(Buffer.from(data as Buffer)));
	await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
	return { client, received };
}

async function eventually(check: () => void, timeoutMs = 5000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return check();
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	}
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe('socket frames', () => {
	it('frames a message exactly as ws does, at every length encoding', () => {
		for (const length of [0, 1, 125, 126, 127, 65_535, 65_536, 70_000]) {
			const payload = Buffer.alloc(length, length % 251);
			const expected = Buffer.concat(
				Sender.frame(payload, { fin: true, opcode: 2, mask: false, readOnly: true, rsv1: false })
			);
			expect(binaryFrame(payload).equals(expected), `length ${length}`).toBe(true);
		}
	});

	it('frames a message once per broadcast, and again when its bytes changed in place', () => {
		const frames = createFrameCache();
		const message = bytes(1, 2, 3);
		const first = frames(message);
		expect(frames(message)).toBe(first);
		message[1] = 9;
		const second = frames(message);
		expect(second).not.toBe(first);
		expect([...second]).toEqual([0x82, 3, 1, 9, 3]);
		expect(frames(bytes(1, 9, 3))).not.toBe(second);
	});

	it('delivers broadcasts, own messages and ws sends to each socket intact and in order', async () => {
		const server = await startServer();
		const clients = await Promise.all([1, 2, 3].map(() => connect(server.url)));
		await eventually(() => expect(server.peers).toHaveLength(3));
		const shared = bytes(0, 1, 2, 3);
		const large = new Uint8Array(70_000).map((_, i) => i % 256);
		const expected: Uint8Array[][] = [[], [], []];
		const sendAll = (message: Uint8Array) =>
			server.peers.forEach(
				({ framed }, i) => (framed.send(message), expected[i].push(message.slice()))
			);
		for (let round = 0; round < 20; round++) {
			sendAll(shared);
			server.peers.forEach(({ peer, framed }, i) => {
				const own = bytes(round, i, 7);
				framed.send(own);
				expected[i].push(own);
				// `ws`'s own path (the server's ping) writes to the same socket in between.
				peer.send(bytes(9, round));
				expected[i].push(bytes(9, round));
			});
			if (round % 10 === 0) sendAll(large);
			shared[0] = round; // the same buffer, new bytes: must not go out as the old frame
		}
		for (const [i, { received }] of clients.entries()) {
			await eventually(() => expect(received).toHaveLength(expected[i].length));
			expect(received.map((data) => [...data])).toEqual(expected[i].map((data) => [...data]));
		}
		expect(server.written.frames).toBeGreaterThan(0);
		for (const { client } of clients) client.close();
	});

	it('counts what waits in the socket as bufferedAmount and loses none of it', async () => {
		const server = await startServer();
		const { client, received } = await connect(server.url);
		await eventually(() => expect(server.peers).toHaveLength(1));
		const { peer, framed } = server.peers[0];
		(client as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
		const chunk = new Uint8Array(1 << 20).fill(5);
		for (let i = 0; i < 24; i++) framed.send(chunk);
		expect(peer.bufferedAmount).toBeGreaterThan(0);
		(client as unknown as { _socket: { resume(): void } })._socket.resume();
		await eventually(() => expect(received).toHaveLength(24), 20_000);
		expect(received.every((data) => data.length === chunk.length && data[12345] === 5)).toBe(true);
		await eventually(() => expect(peer.bufferedAmount).toBe(0));
		client.close();
	});

	it('sends nothing once the socket is closing, and does not throw', async () => {
		const server = await startServer();
		const { client, received } = await connect(server.url);
		await eventually(() => expect(server.peers).toHaveLength(1));
		const { framed } = server.peers[0];
		framed.send(bytes(1));
		framed.close(4000, 'bye');
		expect(framed.readyState).toBe(WebSocket.CLOSING);
		expect(() => framed.send(bytes(2))).not.toThrow();
		const closed = await new Promise<number>((resolve) => client.once('close', resolve));
		expect(closed).toBe(4000);
		expect(received.map((data) => [...data])).toEqual([[1]]);
	});

	it('follows the socket to closed when the client closes it', async () => {
		const server = await startServer();
		const { client } = await connect(server.url);
		await eventually(() => expect(server.peers).toHaveLength(1));
		const { framed, peer } = server.peers[0];
		expect(framed.readyState).toBe(WebSocket.OPEN);
		client.close(4001, 'gone');
		await eventually(() => expect(framed.readyState).toBe(WebSocket.CLOSED));
		expect(peer.readyState).toBe(WebSocket.CLOSED);
		expect(() => framed.send(bytes(3))).not.toThrow();
	});

	it('leaves sockets with permessage-deflate to ws, whose frames still arrive in order', async () => {
		const server = await startServer({ perMessageDeflate: { threshold: 0 } });
		const { client, received } = await connect(server.url, { perMessageDeflate: true });
		await eventually(() => expect(server.peers).toHaveLength(1));
		const { framed } = server.peers[0];
		expect(client.extensions).toContain('permessage-deflate');
		const messages = Array.from({ length: 20 }, (_, i) => new Uint8Array(300 + i).fill(i));
		for (const message of messages) framed.send(message);
		await eventually(() => expect(received).toHaveLength(messages.length));
		expect(received.map((data) => [...data])).toEqual(messages.map((data) => [...data]));
		expect(server.written.frames).toBe(0);
		client.close();
	});

	it('writes a large broadcast over several turns, each socket in order with its own messages', async () => {
		const server = await startServer({}, createWriteSlices({ writesPerTurn: 2 }));
		const clients = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(() => connect(server.url)));
		await eventually(() => expect(server.peers).toHaveLength(clients.length));
		const expected: number[][][] = clients.map(() => []);
		let queuedAtFirst = 0;
		for (let round = 0; round < 10; round++) {
			const tally = bytes(1, round);
			server.peers.forEach(({ framed }, i) => (framed.send(tally), expected[i].push([1, round])));
			// A receipt to one socket goes out now, behind what that socket has queued.
			const i = round % server.peers.length;
			server.peers[i].framed.send(bytes(2, round));
			expected[i].push([2, round]);
			if (round === 0) queuedAtFirst = server.slices.queued();
			if (round % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
		}
		expect(queuedAtFirst).toBeGreaterThan(0);
		for (const [i, { received }] of clients.entries()) {
			await eventually(() => expect(received).toHaveLength(expected[i].length));
			expect(received.map((data) => [...data])).toEqual(expected[i]);
		}
		expect(server.slices.queued()).toBe(0);
		expect(server.slices.counts().sliced).toBeGreaterThan(0);
		for (const { client } of clients) client.close();
	});

	it('drops what waits for a socket the client closed, and writes the others', async () => {
		const server = await startServer({}, createWriteSlices({ writesPerTurn: 1 }));
		const clients = await Promise.all([1, 2, 3].map(() => connect(server.url)));
		await eventually(() => expect(server.peers).toHaveLength(3));
		clients[1].client.close(4001, 'gone');
		await eventually(() => expect(server.peers[1].peer.readyState).toBe(WebSocket.CLOSED));
		const tally = bytes(5, 5);
		for (const { framed } of server.peers) expect(() => framed.send(tally)).not.toThrow();
		await eventually(() => expect(clients[2].received).toHaveLength(1));
		expect(clients[0].received).toHaveLength(1);
		expect(server.slices.counts().dropped).toBe(1);
		expect(server.slices.queued()).toBe(0);
		for (const { client } of clients) client.close();
	});

	it('writes what waits for a socket before the server closes it', async () => {
		const server = await startServer({}, createWriteSlices({ writesPerTurn: 1 }));
		const clients = await Promise.all([1, 2].map(() => connect(server.url)));
		await eventually(() => expect(server.peers).toHaveLength(2));
		const tally = bytes(6, 6);
		for (const { framed } of server.peers) framed.send(tally);
		expect(server.slices.queued()).toBe(1);
		server.peers[1].framed.close(4000, 'bye');
		const code = await new Promise<number>((resolve) => clients[1].client.once('close', resolve));
		expect(code).toBe(4000);
		expect(clients[1].received.map((data) => [...data])).toEqual([[6, 6]]);
		clients[0].client.close();
	});

	it('sends queued frames through ws when the socket negotiated compression', async () => {
		const server = await startServer(
			{ perMessageDeflate: { threshold: 0 } },
			createWriteSlices({ writesPerTurn: 1 })
		);
		const clients = await Promise.all(
			[1, 2, 3].map(() => connect(server.url, { perMessageDeflate: true }))
		);
		await eventually(() => expect(server.peers).toHaveLength(3));
		const messages = Array.from({ length: 5 }, (_, i) => new Uint8Array(200 + i).fill(i));
		for (const message of messages) for (const { framed } of server.peers) framed.send(message);
		expect(server.slices.counts().sliced).toBeGreaterThan(0);
		for (const { received } of clients) {
			await eventually(() => expect(received).toHaveLength(messages.length));
			expect(received.map((data) => [...data])).toEqual(messages.map((data) => [...data]));
		}
		for (const { client } of clients) client.close();
	});
});
