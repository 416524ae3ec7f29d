/**
 * CPU per frame of the server's send path alone, in process: a crossws server (as in production)
 * with N sockets from a child process that only counts what it receives, and R broadcasts of one
 * message to every socket, either through `ws`'s own `send` or through `server/socket-frames.ts`.
 * The server's CPU (user + system, which on loopback includes the receiving side of TCP) is
 * divided by the frames sent. Used by hand:
 *
 *   node bench/frame-cost.ts [--sockets 1000] [--rounds 200] [--bytes 120] [--repeat 3]
 *
 * The two modes alternate `--repeat` times and the median of each is reported, since a busy
 * machine moves single runs by more than the difference.
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import crossws from 'crossws/adapters/node';
import WebSocket from 'ws';
import { framedSocket } from '../server/socket-frames.ts';

type Sender = { send(data: Uint8Array): void };

async function clients(url: string, count: number) {
	let open = 0;
	for (let i = 0; i < count; i++) {
		const socket = new WebSocket(url, { perMessageDeflate: false });
		socket.on('open', () => ++open === count && process.send?.('open'));
		socket.on('message', () => {});
	}
}

async function measure(mode: 'ws' | 'framed', sockets: number, rounds: number, bytes: number) {
	const senders: Sender[] = [];
	const ws = crossws({
		hooks: {
			open(peer) {
				const socket = peer.websocket as Parameters<typeof framedSocket>[0];
				senders.push(mode === 'framed' ? framedSocket(socket) : (socket as Sender));
			}
		}
	});
	const server = createServer();
	server.on('upgrade', (request, socket, head) => void ws.handleUpgrade(request, socket, head));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	const child = fork(fileURLToPath(import.meta.url), ['--client', url, String(sockets)]);
	await new Promise((resolve) => child.once('message', resolve));
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
	ws.closeAll();
	server.closeAllConnections();
	server.close();
	const frames = sockets * rounds;
	return { user: cpu.user / frames, system: cpu.system / frames };
}

if (process.argv[2] === '--client') {
	await clients(process.argv[3], Number(process.argv[4]));
} else {
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
}
