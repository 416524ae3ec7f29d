/**
 * How long a broadcast holds the server's event loop, in process: a `ws` server (as `/collab`
 * runs it) with N sockets from a child process that only reads, and R broadcasts of one message
 * to every socket through `server/socket-frames.ts`, one every `--every` ms, written either all at
 * once (`FANOUT_WRITES_PER_TURN=0`) or in slices (`server/write-slices.ts`). Reports the event
 * loop's delay (`monitorEventLoopDelay`: how late a timer that is due runs, which is what a vote,
 * a receipt or a preview waits), how long each broadcast took to leave completely, and CPU per
 * frame. Used by hand:
 *
 *   node bench/loop-stall.ts [--sockets 10000] [--rounds 20] [--every 250] [--slice 256] [--repeat 2]
 *
 * The two modes alternate `--repeat` times, since a busy machine moves single runs a lot.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { framedSocket } from '../server/socket-frames.ts';
import { createWriteSlices } from '../server/write-slices.ts';
import { readingSockets } from './reading-sockets.ts';

async function measure(writesPerTurn: number, sockets: number, rounds: number, every: number) {
	const slices = createWriteSlices({ writesPerTurn });
	const senders: { send(data: Uint8Array): void }[] = [];
	const wss = new WebSocketServer({
		noServer: true,
		clientTracking: false,
		perMessageDeflate: false
	});
	const server = createServer();
	server.on('upgrade', (request, socket, head) =>
		wss.handleUpgrade(request, socket, head, (peer) =>
			senders.push(framedSocket(peer as Parameters<typeof framedSocket>[0], undefined, slices))
		)
	);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 4096, resolve));
	const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	const child = await readingSockets(url, sockets);
	while (senders.length < sockets) await new Promise((resolve) => setTimeout(resolve, 10));

	const delay = monitorEventLoopDelay({ resolution: 1 });
	const leave: number[] = [];
	const start = process.cpuUsage();
	delay.enable();
	for (let i = 0; i < rounds; i++) {
		const began = performance.now();
		const message = new Uint8Array(120).fill(i % 256);
		for (const sender of senders) sender.send(message);
		while (slices.queued() > 0) await new Promise((resolve) => setImmediate(resolve));
		leave.push(performance.now() - began);
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, every - leave.at(-1)!)));
	}
	delay.disable();
	const cpu = process.cpuUsage(start);
	child.kill();
	server.closeAllConnections();
	server.close();
	const ms = (ns: number) => ns / 1e6;
	leave.sort((a, b) => a - b);
	return {
		delayP50: ms(delay.percentile(50)),
		delayP99: ms(delay.percentile(99)),
		delayMax: ms(delay.max),
		leaveP50: leave[Math.floor(leave.length / 2)],
		leaveMax: leave.at(-1)!,
		cpuPerFrame: (cpu.user + cpu.system) / (sockets * rounds)
	};
}

const { values } = parseArgs({
	options: {
		sockets: { type: 'string', default: '10000' },
		rounds: { type: 'string', default: '20' },
		every: { type: 'string', default: '250' },
		slice: { type: 'string', default: '256' },
		repeat: { type: 'string', default: '2' }
	}
});
const [sockets, rounds, every, slice, repeat] = [
	values.sockets,
	values.rounds,
	values.every,
	values.slice,
	values.repeat
].map(Number);
console.log(`${sockets} sockets, ${rounds} broadcasts of 120 bytes every ${every} ms:`);
for (let i = 0; i < repeat; i++) {
	for (const writesPerTurn of [0, slice]) {
		const r = await measure(writesPerTurn, sockets, rounds, every);
		const f = (n: number) => n.toFixed(1);
		console.log(
			`  ${writesPerTurn === 0 ? 'at once ' : `slices of ${writesPerTurn}`}: loop delay p50 ${f(r.delayP50)} / p99 ${f(r.delayP99)} / max ${f(r.delayMax)} ms; broadcast out p50 ${f(r.leaveP50)} / max ${f(r.leaveMax)} ms; ${f(r.cpuPerFrame)} µs CPU per frame`
		);
	}
}
process.exit(0);
