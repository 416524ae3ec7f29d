/**
 * Sockets that only read, in a child process of their own: what the in-process send benchmarks
 * (`loop-stall.ts`, `frame-cost.ts`) broadcast to. `readingSockets(url, count)` forks this module,
 * which opens `count` WebSockets to `url` in waves of 500 (so the server's backlog is not
 * overrun), reads and drops every message, and tells its parent once all are open.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const WAVE = 500;

async function open(url: string, count: number) {
	let opened = 0;
	for (let i = 0; i < count; i++) {
		const socket = new WebSocket(url, { perMessageDeflate: false });
		socket.on('open', () => ++opened === count && process.send?.('open'));
		socket.on('message', () => {});
		socket.on('error', (error) => console.error(`reading socket ${i}: ${error.message}`));
		if (i % WAVE === WAVE - 1) await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** Forks the child and resolves once its `count` sockets to `url` are open. */
export async function readingSockets(url: string, count: number): Promise<ChildProcess> {
	const child = fork(fileURLToPath(import.meta.url), [url, String(count)]);
	await new Promise((resolve, reject) => {
		child.once('message', resolve);
		child.once('exit', (code) => reject(new Error(`reading sockets exited with ${code}`)));
	});
	return child;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	await open(process.argv[2], Number(process.argv[3]));
}
