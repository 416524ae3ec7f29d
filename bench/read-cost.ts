/**
 * What reading the server's frames costs the load generator, alone: a `ws` server (a child
 * process, on the server's CPU) sends a frame of `--bytes` to each of `--sockets` local sockets
 * `--hz` times a second, as a tally write does to every phone; this process reads them (on the
 * generator's CPU) with `ws`, with the raw phones' `WireSocket` reading every frame as it comes,
 * or with it lazy and drained every `--idle-read-ms`. Prints the reader's CPU per frame. Used by
 * hand (docs/BENCHMARKS.md, "The load generator"):
 *
 *   node bench/read-cost.ts [--reader ws|wire|lazy] [--sockets 1000] [--hz 20] [--seconds 10]
 */
import { execFileSync, fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import WebSocket, { WebSocketServer } from 'ws';
import { pool } from './guests.ts';
import { allowedCpus, pinSelf } from './proc.ts';
import { setDrainPeriod, WireSocket, wireStats } from './wire-socket.ts';

const { values } = parseArgs({
	options: {
		serve: { type: 'boolean' },
		reader: { type: 'string', default: 'lazy' },
		sockets: { type: 'string', default: '1000' },
		hz: { type: 'string', default: '20' },
		bytes: { type: 'string', default: '60' },
		seconds: { type: 'string', default: '10' },
		'idle-read-ms': { type: 'string', default: '1000' }
	}
});

if (values.serve) serve();
else await read();

/** The sender: every socket gets the same frame `hz` times a second, until told to stop. */
function serve() {
	const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
	const frame = Buffer.alloc(Number(values.bytes), 7);
	let sent = 0;
	server.on('listening', () =>
		process.send!({ port: (server.address() as { port: number }).port })
	);
	const timer = setInterval(
		() => {
			for (const client of server.clients) client.send(frame, { binary: true });
			sent += server.clients.size;
		},
		1000 / Number(values.hz)
	);
	// Ends with the reader, however it ends.
	process.on('disconnect', () => process.exit(0));
	process.on('message', (message: string) => {
		if (message === 'count') process.send!({ sent });
		if (message === 'stop') {
			clearInterval(timer);
			process.exit(0);
		}
	});
}

async function read() {
	const cpus = allowedCpus();
	const child = fork(new URL(import.meta.url), ['--serve', '--bytes', values.bytes!], {
		stdio: 'inherit'
	});
	if (cpus.length >= 2) pinSelf(cpus[1]);
	const ask = <T>(message?: string) =>
		new Promise<T>((resolve) => {
			child.once('message', (answer) => resolve(answer as T));
			if (message) child.send(message);
		});
	const { port } = await ask<{ port: number }>();
	// The sender on the server's CPU, as the bench pins the server.
	if (cpus.length >= 2)
		execFileSync('taskset', ['-a', '-cp', String(cpus[0]), String(child.pid)], { stdio: 'ignore' });
	const reader = values.reader!;
	const lazy = reader === 'lazy';
	setDrainPeriod(lazy ? Number(values['idle-read-ms']) : 0);
	let received = 0;
	const url = `ws://127.0.0.1:${port}/`;
	const sockets = Number(values.sockets);
	const open = () =>
		new Promise<void>((resolve, reject) => {
			if (reader === 'ws') {
				const socket = new WebSocket(url, { perMessageDeflate: false });
				socket.on('open', () => resolve());
				socket.on('error', reject);
				socket.on('close', () => reject(new Error('closed before it opened')));
				socket.on('message', () => received++);
			} else {
				const socket: WireSocket = new WireSocket(url, {
					open: () => {
						socket.lazy = lazy;
						resolve();
					},
					message: () => received++,
					close: () => reject(new Error('closed before it opened')),
					error: reject
				});
			}
		});
	// A few at a time, as the bench connects its phones: the listen backlog is finite.
	await pool(sockets, 32, open);
	await new Promise((resolve) => setTimeout(resolve, 2000));
	const start = { cpu: process.cpuUsage(), sent: (await ask<{ sent: number }>('count')).sent };
	const reads = wireStats.reads;
	const at = performance.now();
	await new Promise((resolve) => setTimeout(resolve, Number(values.seconds) * 1000));
	const cpu = process.cpuUsage(start.cpu);
	const elapsed = performance.now() - at;
	const sent = (await ask<{ sent: number }>('count')).sent - start.sent;
	child.send('stop');
	const cpuUs = cpu.user + cpu.system;
	console.log(
		`${reader}${lazy ? ` (read every ${values['idle-read-ms']} ms)` : ''}: ${sockets} sockets, ` +
			`${Math.round((sent * 1000) / elapsed)} frames/s sent, ${received} received in all; ` +
			`reader CPU ${(cpuUs / 10 / elapsed).toFixed(1)}% of a core ` +
			`(user ${Math.round(cpu.user / 1000)} ms, system ${Math.round(cpu.system / 1000)} ms), ` +
			`${(cpuUs / sent).toFixed(2)} µs per frame` +
			(reader === 'ws'
				? ''
				: `, ${((wireStats.reads - reads) / (elapsed / 1000)).toFixed(0)} reads/s`)
	);
	process.exit(0);
}
