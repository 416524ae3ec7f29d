/**
 * CPU per frame of the server's send path alone, in process: a `ws` server (as `/collab` runs
 * it) with N sockets from a child process that only reads, and R broadcasts of one
 * message to every socket, either through `ws`'s own `send` or through `server/socket-frames.ts`.
 * The server's CPU (user + system, which on loopback includes the receiving side of TCP) is
 * divided by the frames sent. Used by hand:
 *
 *   node bench/frame-cost.ts [--sockets 1000] [--rounds 200] [--bytes 120] [--repeat 3]
 *
 * The two modes alternate `--repeat` times and the median of each is reported, since a busy
 * machine moves single runs by more than the difference.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { framedSocket } from '../server/socket-frames.ts';
import { readingSockets } from './reading-sockets.ts';

type Sender = { send(data: Uint8Array): void };

async function measure(mode: 'ws' | 'framed', sockets: number, rounds: number, bytes: number) {
	const senders: Sender[] = [];
	const wss = new WebSocketServer({
		noServer: true,
		clientTracking: false,
		perMessageDeflate: false
	});
	const server = createServer();
	server.on('upgrade', (request, socket, head) =>
		wss.handleUpgrade(request, socket, head, (peer) => {
			const socket = peer as Parameters<typeof framedSocket>[0];
			senders.push(mode === 'framed' ? framedSocket(socket) : (socket as Sender));
		})
	);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 4096, resolve));
	const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	const child = await readingSockets(url, sockets);
	while (senders.length < sockets) await new Promise((resolve) => setTimeout(resolve, 10));
	const broadcast = () => {
		const message = new Uint8Array(bytes).fill(Math.floor(Math.random() * 256));
		for (const sender of senders) sender.send(message);
	};
	const pause = () => new Promise((resolve) => setTimeout(resolve, 2));
	for (let i = 0; i < 20; i++) (broadcast(), await pause());
	const start = process.cpuUsage();
	for (let i = 0; i < rounds; i++) (broadcast(), await pause());
	const cpu = process.cpuUsage(start);
	child.kill();
	server.closeAllConnections();
	server.close();
	const frames = sockets * rounds;
	return { user: cpu.user / frames, system: cpu.system / frames };
}

const { values } = parseArgs({
	options: {
		sockets: { type: 'string', default: '1000' },
		rounds: { type: 'string', default: '200' },
		bytes: { type: 'string', default: '120' },
		repeat: { type: 'string', default: '3' }
	}
});
const [sockets, rounds, bytes, repeat] = [
	values.sockets,
	values.rounds,
	values.bytes,
	values.repeat
].map(Number);
console.log(`${sockets} sockets, ${rounds} broadcasts of ${bytes} bytes; CPU per frame:`);
const runs = { ws: [] as number[][], framed: [] as number[][] };
for (let i = 0; i < repeat; i++) {
	for (const mode of ['ws', 'framed'] as const) {
		const { user, system } = await measure(mode, sockets, rounds, bytes);
		runs[mode].push([user, system, user + system]);
		const total = (user + system).toFixed(2);
		console.log(
			`  ${mode.padEnd(6)} user ${user.toFixed(2)} µs + system ${system.toFixed(2)} µs = ${total} µs`
		);
	}
}
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const mode of ['ws', 'framed'] as const) {
	const [user, system, total] = [0, 1, 2].map((i) => median(runs[mode].map((run) => run[i])));
	console.log(
		`  median ${mode.padEnd(6)} user ${user.toFixed(2)} + system ${system.toFixed(2)} = ${total.toFixed(2)} µs`
	);
}
process.exit(0);
